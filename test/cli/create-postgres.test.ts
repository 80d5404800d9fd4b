import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSIONS } from "../../src/registry/versions.ts";
import { runCli, tempDir } from "../support/run-cli.ts";

// --store postgres and the postgres-store module are one choice, however it is asked for.

describe("create --store postgres", () => {
  it("plans the module: migrations, worker, pinned pg and pg-boss, DATABASE_URL", () => {
    const cwd = tempDir();
    const result = runCli(["my-agent", "--store", "postgres", "--dry-run"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    for (const file of ["migrations/001_threads.sql", "src/store/pg-store.ts", "src/worker.ts", "docker-compose.yml", "test/store-postgres.test.ts"]) {
      expect(result.stdout).toContain(`create   ${file}`);
    }
    expect(result.stdout).toContain(`"pg": "${VERSIONS.pg}"`);
    expect(result.stdout).toContain(`"pg-boss": "${VERSIONS["pg-boss"]}"`);
    expect(result.stdout).toContain("DATABASE_URL=postgres://");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("is what --modules with postgres-store gives too: the manifest says postgres and createStore opens PostgreSQL", () => {
    const cwd = tempDir();
    const result = runCli(["my-agent", "--modules", "core,postgres-store", "--no-install", "--no-git"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(cwd, "my-agent", "12-factor-agent.json"), "utf8"));
    expect(manifest).toMatchObject({ store: "postgres", modules: ["core", "postgres-store"] });
    expect(readFileSync(join(cwd, "my-agent", "src/store/index.ts"), "utf8")).toContain("return PgThreadStore.connect(env);");
    const pkg = JSON.parse(readFileSync(join(cwd, "my-agent", "package.json"), "utf8"));
    expect(pkg.scripts).toMatchObject({ worker: expect.stringContaining("src/worker.ts"), "db:migrate": expect.stringContaining("src/db-migrate.ts") });
  });

  it("ends with the database and worker steps, in the chosen package manager's words", () => {
    const cwd = tempDir();
    const result = runCli(["my-agent", "--store", "postgres", "--pm", "pnpm", "--no-install", "--no-git"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const steps = result.stdout.slice(result.stdout.indexOf("Next steps:"));
    expect(steps).toMatch(/pnpm install[\s\S]*docker compose up -d[\s\S]*pnpm dev [\s\S]*pnpm start[\s\S]*pnpm worker[\s\S]*pnpm test/);
    expect(steps).not.toContain("npm run");
  });

  it("refuses --store file together with the postgres-store module, changing nothing", () => {
    const cwd = tempDir();
    const result = runCli(["my-agent", "--store", "file", "--modules", "core,postgres-store"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--store file contradicts the postgres-store module");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("keeps the file store by default", () => {
    const cwd = tempDir();
    const result = runCli(["my-agent", "--no-install", "--no-git"], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, "my-agent", "12-factor-agent.json"), "utf8")).store).toBe("file");
    expect(readdirSync(join(cwd, "my-agent", "src"))).not.toContain("worker.ts");
  });
});
