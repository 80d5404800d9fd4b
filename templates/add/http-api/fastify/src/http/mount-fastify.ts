import type { FastifyInstance } from "fastify";
import { agentFetch, type FetchHandler } from "./agent-fetch.ts";
import { agentHandler } from "./node-handler.ts";

// The agent's HTTP API as a Fastify plugin: `app.register(agentPlugin, { prefix: "/agent" })`.
// Inside the plugin (and only there: plugins are encapsulated) Fastify leaves request bodies
// unread, so the agent's own limits and JSON checks apply to them.

export interface AgentPluginOptions {
  prefix?: string;
  fetch?: FetchHandler;
}

export async function agentPlugin(fastify: FastifyInstance, options: AgentPluginOptions): Promise<void> {
  const prefix = fastify.prefix;
  const handle = agentHandler(options.fetch ?? agentFetch(), { basePath: prefix });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", (_request, _payload, done) => done(null));
  const route = (request: { raw: Parameters<typeof handle>[0] }, reply: { hijack(): void; raw: Parameters<typeof handle>[1] }) => {
    reply.hijack();
    const rest = (request.raw.url ?? "/").slice(prefix.length);
    request.raw.url = rest.startsWith("/") ? rest : `/${rest}`;
    handle(request.raw, reply.raw);
  };
  fastify.all("/", route);
  fastify.all("/*", route);
}
