// The variables each prompt in prompts/ takes, so `renderPrompt("system", { tools })` is
// checked by the compiler: a missing, misspelt or extra variable is a type error.
// `create-12-factor-agent generate prompt <name>` adds an entry here with its prompt.
export interface PromptVariables {
  /** prompts/system.md */
  system: { tools: string };
  /** prompts/thread.md */
  thread: { events: string };
}
