import { connect } from "node:net";

// The Postgres contenders run when a server answers at DATABASE_URL (the brief's
// default below); without one they are left out and the tables say so.

export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Whether something listens at the URL's host and port. */
export function reachable(url: string): Promise<boolean> {
  const parsed = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.hostname, port: Number(parsed.port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
