import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/run-cli.ts";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

describe("--help and --version", () => {
  it("lists every command with an example", () => {
    const result = runCli(["--help"], { cwd: tempDir() });
    expect(result.code).toBe(0);
    for (const command of ["create [options] [directory]", "add", "generate|g", "list"]) expect(result.stdout).toContain(command);
    expect(result.stdout).toContain("$ npx create-12-factor-agent my-agent");
  });

  it("shows every create flag", () => {
    const result = runCli(["create", "--help"], { cwd: tempDir() });
    expect(result.code).toBe(0);
    for (const flag of ["--provider", "--model", "--modules", "--store", "--pm", "--no-install", "--no-git", "--yes", "--dry-run", "--force", "--verbose"]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it("prints the package version", () => {
    expect(runCli(["--version"], { cwd: tempDir() }).stdout.trim()).toBe(version);
  });

  it("exits 2 on an unknown flag or a bad choice, naming the problem", () => {
    const unknown = runCli(["my-agent", "--colour"], { cwd: tempDir() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--colour'");
    const provider = runCli(["my-agent", "--provider", "mistral"], { cwd: tempDir() });
    expect(provider.code).toBe(2);
    expect(provider.stderr).toMatch(/Allowed choices are openai, anthropic, google, ollama, openai-compatible, bedrock, azure/);
  });
});

describe("list", () => {
  it("--json is stable machine-readable output", () => {
    const result = runCli(["list", "--json"], { cwd: tempDir() });
    expect(result.code).toBe(0);
    const { modules } = JSON.parse(result.stdout) as { modules: { id: string; factors: number[]; installed: boolean }[] };
    expect(modules.map((m) => m.id)).toEqual(expect.arrayContaining(["core", "human-contact", "http-api"]));
    expect(modules.find((m) => m.id === "human-contact")!.factors).toEqual([7]);
    expect(modules.every((m) => m.installed === false)).toBe(true);
  });
});
