import semver from "semver";

// Edits to a package.json that is not ours: add what is missing, never remove, never
// downgrade, never change a version the user chose. The file keeps its key order and indent.

export interface ScriptToAdd {
  /** The name the module gives it (`dev`, `start`, `test`). */
  name: string;
  command: string;
}

export interface PackageJsonAdditions {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: ScriptToAdd[];
  /** Script order to keep when the existing scripts already follow it (create's order). */
  scriptOrder?: readonly string[];
  /** For every script name that is taken by another command: the name to use instead. */
  renameTaken?: (name: string) => string;
}

export interface KeptDependency {
  name: string;
  /** The range the package.json has. */
  have: string;
  /** The version the agent was tested with. */
  want: string;
}

export interface MergedPackageJson {
  text: string;
  /** Dependencies already declared with a range that does not take in ours (left as they are). */
  kept: KeptDependency[];
  /** Dependencies declared with a specifier we cannot judge (workspace:, catalog:, git, a tag). */
  unchecked: string[];
  /** Scripts added, with the name each got. */
  addedScripts: ScriptToAdd[];
  /** Scripts not added because their name (and the other name) run something else. */
  skippedScripts: ScriptToAdd[];
}

const SECTIONS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] as const;

type Json = Record<string, unknown>;

function indentOf(text: string): string | number {
  const match = /^\{\r?\n([ \t]+)"/.exec(text);
  return match ? match[1]! : 2;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSorted(keys: string[], compare: (a: string, b: string) => number): boolean {
  return keys.every((key, index) => index === 0 || compare(keys[index - 1]!, key) <= 0);
}

function rankOf(order: readonly string[]) {
  return (a: string, b: string) => {
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
    return rank(a) - rank(b) || byCodeUnit(a, b);
  };
}

/** Inserts keys keeping the object's order: sorted when it was sorted, otherwise at the end. */
function withKeys(existing: Record<string, string>, added: [string, string][], compare: (a: string, b: string) => number): Record<string, string> {
  const keys = Object.keys(existing);
  const entries = [...Object.entries(existing), ...added];
  if (keys.length === 0 || isSorted(keys, compare)) entries.sort(([a], [b]) => compare(a, b));
  return Object.fromEntries(entries);
}

/** Whether a declared range takes in the agent's version (same major, not older). */
function fits(have: string, want: string): boolean | undefined {
  if (semver.validRange(have) === null) return undefined;
  try {
    return semver.intersects(have, `^${want}`);
  } catch {
    return undefined;
  }
}

export function mergePackageJson(text: string, additions: PackageJsonAdditions): MergedPackageJson {
  const json = JSON.parse(text) as Json;
  const declared = (name: string) => {
    for (const section of SECTIONS) {
      const value = (json[section] as Record<string, string> | undefined)?.[name];
      if (typeof value === "string") return value;
    }
    return undefined;
  };
  const kept: KeptDependency[] = [];
  const unchecked: string[] = [];
  let changed = false;

  for (const section of ["dependencies", "devDependencies"] as const) {
    const missing: [string, string][] = [];
    for (const [name, version] of Object.entries(additions[section])) {
      const have = declared(name);
      if (have === undefined) missing.push([name, version]);
      else {
        const verdict = fits(have, version);
        if (verdict === false) kept.push({ name, have, want: version });
        if (verdict === undefined) unchecked.push(`${name}@${have}`);
      }
    }
    if (missing.length > 0) changed = true;
    if (missing.length > 0) json[section] = withKeys((json[section] as Record<string, string>) ?? {}, missing, byCodeUnit);
  }

  const scripts = (json.scripts as Record<string, string> | undefined) ?? {};
  const existingCommands = new Set(Object.values(scripts));
  const addedScripts: ScriptToAdd[] = [];
  const skippedScripts: ScriptToAdd[] = [];
  const newScripts: [string, string][] = [];
  for (const script of additions.scripts) {
    if (existingCommands.has(script.command)) continue; // already there, under whatever name
    const name = scripts[script.name] === undefined && !newScripts.some(([taken]) => taken === script.name) ? script.name : (additions.renameTaken?.(script.name) ?? script.name);
    if (scripts[name] !== undefined || newScripts.some(([taken]) => taken === name)) {
      skippedScripts.push(script); // even the other name is taken: leave the user's script alone
      continue;
    }
    newScripts.push([name, script.command]);
    addedScripts.push({ name, command: script.command });
  }
  if (newScripts.length > 0) {
    json.scripts = additions.scriptOrder
      ? withKeys(scripts, newScripts, rankOf(additions.scriptOrder))
      : Object.fromEntries([...Object.entries(scripts), ...newScripts]);
  }

  if (!changed && newScripts.length === 0) return { text, kept, unchecked, addedScripts, skippedScripts };
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  let next = JSON.stringify(json, null, indentOf(text));
  if (eol === "\r\n") next = next.replace(/\n/g, "\r\n");
  if (/\r?\n$/.test(text)) next += eol;
  return { text: next, kept, unchecked, addedScripts, skippedScripts };
}
