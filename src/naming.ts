// One name, three spellings: `refund-order`, `refund_order` and `refundOrder` all mean the
// same thing, and each place that needs a name gets the spelling it expects:
//   kebab-case for files, snake_case for what the model sees, camelCase for the export.

export interface DerivedNames {
  /** Lowercase words; digits stay with the word before them (`orderV2` -> order, v2). */
  words: string[];
  kebab: string;
  snake: string;
  camel: string;
}

export type NameCheck = { ok: true; names: DerivedNames } | { ok: false; reason: string };

/** Providers cap tool names at 64 characters (OpenAI: ^[a-zA-Z0-9_-]{1,64}$). */
export const MAX_NAME_LENGTH = 64;

const SHAPE = /^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*$/;
// An acronym (HTTP in HTTPRequest), a capitalised or lowercase word, or a run of digits.
const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

// Words a JavaScript module cannot bind (strict mode), plus the globals no one should shadow.
const RESERVED_WORDS = new Set([
  "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements", "import",
  "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected", "public",
  "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while",
  "with", "yield", "arguments", "eval", "undefined",
]);

export function isReservedWord(identifier: string): boolean {
  return RESERVED_WORDS.has(identifier);
}

function isPathLike(input: string): boolean {
  return /[/\\]/.test(input) || input.startsWith(".") || input.startsWith("~") || input.includes("..") || /^[A-Za-z]:/.test(input);
}

export function deriveNames(input: string): NameCheck {
  const name = input.trim();
  if (name === "") return { ok: false, reason: "the name is empty: give one such as refund-order" };
  if (isPathLike(name)) {
    return { ok: false, reason: `"${name}" looks like a path: give a bare name such as refund-order (the generator picks the folder)` };
  }
  if (!SHAPE.test(name)) {
    return {
      ok: false,
      reason: `"${name}" is not a valid name: start with a letter, then letters and digits, with - or _ between words (refund-order, refund_order or refundOrder)`,
    };
  }
  const words: string[] = [];
  for (const part of name.split(/[-_]/)) {
    for (const word of part.match(WORD) ?? []) {
      // Digits join the word before them, so refund2, refund-2 and refund_2 are one name.
      if (/^[0-9]+$/.test(word) && words.length > 0) words[words.length - 1] += word;
      else words.push(word.toLowerCase());
    }
  }
  const snake = words.join("_");
  if (snake.length > MAX_NAME_LENGTH) {
    return { ok: false, reason: `"${name}" is too long: ${snake.length} characters as ${snake}, providers accept at most ${MAX_NAME_LENGTH}` };
  }
  const camel = words.map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join("");
  if (isReservedWord(camel)) {
    return { ok: false, reason: `"${name}" is a JavaScript reserved word and cannot name an export: add a word, e.g. ${camel}-record` };
  }
  return { ok: true, names: { words, kebab: words.join("-"), snake, camel } };
}
