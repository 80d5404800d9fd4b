import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export interface RunningServer {
  /** e.g. http://127.0.0.1:3000 (with the real port when started on port 0). */
  url: string;
  /**
   * Stops accepting connections and resolves once the requests in flight have
   * been answered. Connections still open after `graceMs` are cut.
   */
  close(graceMs?: number): Promise<void>;
}

export function startServer(app: Hono, options: { host: string; port: number }): Promise<RunningServer> {
  let closing = false;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) => {
      server.off("error", reject);
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: (graceMs = 30_000) =>
          new Promise<void>((done, fail) => {
            closing = true;
            // Also keeps the process alive until close() settles, whatever the sockets do.
            const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
            // Waits for busy connections; idle keep-alive ones are closed right away.
            server.close((error) => {
              clearTimeout(deadline);
              if (error) fail(error);
              else done();
            });
          }),
      });
    }) as Server;
    server.once("error", reject);

    // Once closing, a keep-alive connection would otherwise stay open (and hold
    // close() up) after answering its last request: end each one as it finishes.
    server.on("request", (_req, res) => {
      if (closing) res.shouldKeepAlive = false;
      res.on("finish", () => {
        if (closing) setImmediate(() => server.closeIdleConnections());
      });
    });
  });
}
