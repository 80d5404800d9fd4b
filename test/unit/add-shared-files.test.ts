import { describe, expect, it } from "vitest";
import { appendIgnoreLines } from "../../src/engine/ignore-file.ts";
import { mergePackageJson } from "../../src/engine/merge-package-json.ts";
import { setCompilerOption } from "../../src/engine/tsconfig-edit.ts";

const none = { dependencies: {}, devDependencies: {}, scripts: [] };

describe("package.json merge", () => {
  it("adds what is missing, sorted into sorted sections, and keeps the rest byte for byte", () => {
    const text = `{\n    "name": "svc",\n    "dependencies": {\n        "express": "^5.1.0",\n        "zod": "^4.1.0"\n    }\n}\n`;
    const merged = mergePackageJson(text, { ...none, dependencies: { ai: "7.0.173", zod: "4.6.7" }, devDependencies: { vitest: "5.1.1" } });
    expect(merged.text).toBe(
      `{\n    "name": "svc",\n    "dependencies": {\n        "ai": "7.0.173",\n        "express": "^5.1.0",\n        "zod": "^4.1.0"\n    },\n    "devDependencies": {\n        "vitest": "5.1.1"\n    }\n}\n`,
    );
    expect(merged.kept).toEqual([]);
  });

  it("never changes a version the user chose, and reports one that does not fit", () => {
    const text = JSON.stringify({ dependencies: { zod: "^3.23.8" }, devDependencies: { typescript: "~5.4.0", vitest: "workspace:*" } }, null, 2);
    const merged = mergePackageJson(text, { ...none, dependencies: { zod: "4.6.7" }, devDependencies: { typescript: "7.0.2", vitest: "5.1.1" } });
    expect(merged.text).toBe(text);
    expect(merged.kept).toEqual([
      { name: "zod", have: "^3.23.8", want: "4.6.7" },
      { name: "typescript", have: "~5.4.0", want: "7.0.2" },
    ]);
    expect(merged.unchecked).toEqual(["vitest@workspace:*"]);
  });

  it("accepts a range that takes in the agent's version", () => {
    const merged = mergePackageJson(JSON.stringify({ dependencies: { zod: "^4.1.0", hono: ">=4" } }), { ...none, dependencies: { zod: "4.6.7", hono: "4.13.19" } });
    expect(merged.kept).toEqual([]);
  });

  it("gives a taken script name the agent: prefix and skips a command that is there already", () => {
    const text = JSON.stringify({ scripts: { dev: "tsx watch src/index.ts", serve: "node --env-file-if-exists=.env src/server.ts" } });
    const merged = mergePackageJson(text, {
      ...none,
      scripts: [
        { name: "dev", command: "node src/cli.ts" },
        { name: "start", command: "node --env-file-if-exists=.env src/server.ts" },
      ],
      renameTaken: (name) => `agent:${name}`,
    });
    expect(JSON.parse(merged.text).scripts).toEqual({
      dev: "tsx watch src/index.ts",
      serve: "node --env-file-if-exists=.env src/server.ts",
      "agent:dev": "node src/cli.ts",
    });
    expect(merged.addedScripts).toEqual([{ name: "agent:dev", command: "node src/cli.ts" }]);
  });

  it("keeps create's script order in a project made by create", () => {
    const text = JSON.stringify({ scripts: { dev: "a", test: "b", typecheck: "c" } });
    const merged = mergePackageJson(text, { ...none, scripts: [{ name: "start", command: "s" }, { name: "serve", command: "s" }], scriptOrder: ["dev", "start", "serve", "test", "typecheck"] });
    expect(Object.keys(JSON.parse(merged.text).scripts)).toEqual(["dev", "start", "serve", "test", "typecheck"]);
  });

  it("keeps CRLF line ends and returns the same text when nothing is missing", () => {
    const text = `{\r\n  "dependencies": {\r\n    "ai": "7.0.173"\r\n  }\r\n}\r\n`;
    expect(mergePackageJson(text, { ...none, dependencies: { ai: "7.0.173" } }).text).toBe(text);
    expect(mergePackageJson(text, { ...none, dependencies: { zod: "4.6.7" } }).text).toBe(
      `{\r\n  "dependencies": {\r\n    "ai": "7.0.173",\r\n    "zod": "4.6.7"\r\n  }\r\n}\r\n`,
    );
  });
});

describe("tsconfig edits", () => {
  it("inserts an option after the last one, keeping comments and a trailing comma", () => {
    const text = `{\n  // ours\n  "compilerOptions": {\n    "module": "nodenext", // resolution too\n    "strict": true,\n  },\n}\n`;
    expect(setCompilerOption(text, "skipLibCheck", true)).toBe(
      `{\n  // ours\n  "compilerOptions": {\n    "module": "nodenext", // resolution too\n    "strict": true,\n    "skipLibCheck": true,\n  },\n}\n`,
    );
  });

  it("replaces an existing value, and adds compilerOptions when there is none", () => {
    expect(setCompilerOption(`{ "compilerOptions": { "skipLibCheck": false } }`, "skipLibCheck", true)).toBe(`{ "compilerOptions": { "skipLibCheck": true } }`);
    expect(setCompilerOption(`{\n  "include": ["src"]\n}`, "skipLibCheck", true)).toBe(`{\n  "include": ["src"],\n  "compilerOptions": { "skipLibCheck": true }\n}`);
    expect(setCompilerOption(`{ "compilerOptions": {} }`, "skipLibCheck", true)).toBe(`{ "compilerOptions": { "skipLibCheck": true} }`);
  });
});

describe(".gitignore", () => {
  it("appends only the names it does not ignore yet, under one comment", () => {
    expect(appendIgnoreLines("node_modules/\n/.data\n", [".env", ".data/"], "agent")).toBe("node_modules/\n/.data\n\n# agent\n.env\n");
    expect(appendIgnoreLines(".env\n.data/\n", [".env", ".data/"], "agent")).toBe(".env\n.data/\n");
    expect(appendIgnoreLines("", [".data/"], "agent")).toBe("# agent\n.data/\n");
  });
});
