import type { Hono } from "hono";
import { createApp, type AppDeps } from "../../src/http/app.ts";
import { MemoryThreadStore } from "../../src/store/memory-store.ts";
import type { ThreadStore } from "../../src/store/types.ts";
import { scriptedModel, type ScriptedStep } from "./scripted-model.ts";

/** An app over a memory store whose model answers with `steps`, one per call. */
export function testApp(steps: ScriptedStep[], deps: Partial<AppDeps> & { store?: ThreadStore } = {}) {
  const store = deps.store ?? new MemoryThreadStore();
  const model = scriptedModel(steps);
  const app = createApp({ maxRetries: 0, ...deps, model, store });
  return { app, store, model };
}

export function postJson(app: Hono, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The parsed JSON body, typed loosely: tests check the fields they care about. */
export async function json(response: Response): Promise<Record<string, any>> {
  return (await response.json()) as Record<string, any>;
}

/** A promise to release by hand, to hold a tool (and so a request) in flight. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
