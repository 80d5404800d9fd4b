import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { event } from "../src/agent/events.ts";
import { newThread, type Thread } from "../src/agent/thread.ts";
import { FileThreadStore } from "../src/store/file-store.ts";
import { createStore } from "../src/store/index.ts";
import { UnreadableThreadError, VersionConflictError } from "../src/store/types.ts";
import { describeThreadStore } from "./store-conformance.ts";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "thread-store-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describeThreadStore("FileThreadStore", async () => new FileThreadStore(await tempDir()));

describe("FileThreadStore on disk", () => {
  const at = new Date("2025-01-02T03:04:05.000Z");
  const done = (t: Thread, message: string): Thread => ({ ...t, events: [...t.events, event("done", { message }, at)] });

  it("keeps each thread as readable, pretty-printed JSON named after its id", async () => {
    const dir = await tempDir();
    const created = await new FileThreadStore(dir).create(newThread("hi", at, "t1"));
    const text = await readFile(path.join(dir, "t1.json"), "utf8");
    expect(JSON.parse(text)).toEqual(created);
    expect(text).toContain('\n  "events": [\n');
  });

  it("creates the data directory on the first write", async () => {
    const dir = path.join(await tempDir(), "nested", "data");
    const store = new FileThreadStore(dir);
    expect(await store.list()).toEqual([]);
    await store.create(newThread("hi", at, "t1"));
    expect(await readdir(dir)).toEqual(["t1.json"]);
  });

  it("leaves no temp files behind, even after racing writes", async () => {
    const dir = await tempDir();
    const store = new FileThreadStore(dir);
    const v1 = await store.create(newThread("hi", at, "t1"));
    await Promise.allSettled([1, 2, 3, 4, 5].map((i) => store.update(done(v1, `writer ${i}`), 1)));
    await Promise.allSettled([1, 2, 3].map(() => store.create(newThread("again", at, "t1"))));
    await expect(store.update({ ...v1, events: [{ type: "nonsense" }] } as unknown as Thread, 2)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["t1.json"]);
    expect((await store.get("t1"))?.version).toBe(2);
  });

  it("is seen by a fresh store over the same directory, version checks included", async () => {
    const dir = await tempDir();
    const v1 = await new FileThreadStore(dir).create(newThread("hi", at, "t1"));
    await new FileThreadStore(dir).update(done(v1, "from the first process"), 1);
    const fresh = new FileThreadStore(dir);
    expect((await fresh.get("t1"))?.events.at(-1)).toMatchObject({ data: { message: "from the first process" } });
    await expect(fresh.update(done(v1, "stale"), 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await fresh.list()).toMatchObject([{ id: "t1", version: 2, status: "done" }]);
  });

  it("refuses a corrupt file clearly, naming the file and the fix, and does not overwrite it", async () => {
    const dir = await tempDir();
    const store = new FileThreadStore(dir);
    const v1 = await store.create(newThread("hi", at, "t1"));
    const file = path.join(dir, "t1.json");
    await writeFile(file, '{"schema_version": 1, "id": "t1", "ver');

    const read = store.get("t1");
    await expect(read).rejects.toBeInstanceOf(UnreadableThreadError);
    await expect(read).rejects.toThrow(`${file} is not valid JSON`);
    await expect(read).rejects.toThrow(`move it out of ${dir}`);
    await expect(store.update(done(v1, "x"), 1)).rejects.toBeInstanceOf(UnreadableThreadError);
    await expect(store.list()).rejects.toBeInstanceOf(UnreadableThreadError);
    expect(await readFile(file, "utf8")).toBe('{"schema_version": 1, "id": "t1", "ver');
  });

  it("refuses a file that does not match the thread schema", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "t1.json");
    await writeFile(file, JSON.stringify({ ...newThread("hi", at, "t1"), version: "one" }));
    await expect(new FileThreadStore(dir).get("t1")).rejects.toThrow(/does not match the thread schema[\s\S]*version/);
  });

  it("refuses a thread written with an unknown schema_version before touching it", async () => {
    const dir = await tempDir();
    const store = new FileThreadStore(dir);
    const v1 = await store.create(newThread("hi", at, "t1"));
    const file = path.join(dir, "t1.json");
    const future = `${JSON.stringify({ ...v1, schema_version: 2 }, null, 2)}\n`;
    await writeFile(file, future);

    await expect(store.get("t1")).rejects.toThrow(
      `${file} has schema_version 2, but this code reads version 1. Run the code that wrote it, migrate the file`,
    );
    await expect(store.update(done(v1, "x"), 1)).rejects.toBeInstanceOf(UnreadableThreadError);
    expect(await readFile(file, "utf8")).toBe(future);
    expect(await readdir(dir)).toEqual(["t1.json"]);
  });

  it("refuses ids that could escape the data directory", async () => {
    const parent = await tempDir();
    const dir = path.join(parent, "data");
    const store = new FileThreadStore(dir);
    for (const id of ["../escaped", "a/b", "a\\b", "..", ".", ".hidden", "", "a\0b", "x".repeat(129)]) {
      await expect(store.create(newThread("hi", at, id)), id).rejects.toThrow("cannot be stored");
      await expect(store.update({ ...newThread("hi", at, id), version: 1 }, 1), id).rejects.toThrow("cannot be stored");
      expect(await store.get(id), id).toBeUndefined();
    }
    expect(await readdir(parent)).toEqual([]);
  });

  it("ignores files in the directory that are not threads", async () => {
    const dir = await tempDir();
    const store = new FileThreadStore(dir);
    await store.create(newThread("hi", at, "t1"));
    await writeFile(path.join(dir, "notes.txt"), "mine");
    await writeFile(path.join(dir, ".t1.0000.tmp"), "{");
    expect((await store.list()).map((s) => s.id)).toEqual(["t1"]);
  });

  it("createStore() uses AGENT_DATA_DIR", async () => {
    const dir = await tempDir();
    const store = await createStore({ AGENT_DATA_DIR: dir });
    await store.create(newThread("hi", at, "t1"));
    expect(await readdir(dir)).toEqual(["t1.json"]);
    await store.close?.();
  });
});
