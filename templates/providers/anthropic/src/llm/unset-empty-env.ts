// `ANTHROPIC_BASE_URL=` in .env sets the variable to "", and @ai-sdk/anthropic then throws
// "baseURL must be a non-empty string" as soon as it is imported. provider.ts imports this
// file first, so an empty variable means the same as an absent one.
for (const name of ["ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY"]) {
  if (process.env[name] === "") delete process.env[name];
}
