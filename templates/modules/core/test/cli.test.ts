import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "agent-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ["src/cli.ts", ...args], {
    encoding: "utf8",
    // DATABASE_URL passes through for projects whose store is PostgreSQL.
    env: { PATH: process.env.PATH, AGENT_DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL, NO_COLOR: "1" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run dev", () => {
  it("prints the usage and exits 2 without a message", () => {
    expect(cli()).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run dev -- "<message>"') });
  });

  it("exits 1 with one clear line for a thread that does not exist", () => {
    expect(cli("--thread", "no-such-thread")).toEqual({
      code: 1,
      stdout: "",
      stderr: `no thread no-such-thread in ${dataDir}\n`,
    });
  });
});
