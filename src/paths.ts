import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Both src/paths.ts and the bundled dist/*.js sit one level below the package root.
const packageRoot = fileURLToPath(new URL("../", import.meta.url));

export const TEMPLATES_DIR = `${packageRoot}templates`;

export const CLI_VERSION: string = (
  JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8")) as { version: string }
).version;
