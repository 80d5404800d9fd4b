import type { AppFile, HttpFramework } from "../../detect/http-framework.ts";
import { importSpecifier, mapTemplatePath, type AgentLayout } from "../../engine/layout.ts";

// The two lines that mount the agent's API in the host's own server. We print them rather than
// edit the user's app: where routes go, and behind which middleware, is theirs to decide.

const ADAPTER: Record<HttpFramework, { file: string; name: string; call: (app: string) => string }> = {
  express: { file: "src/http/node-handler.ts", name: "agentHandler", call: (app) => `${app}.use("/agent", agentHandler());` },
  // Hono does not tell a mounted handler its prefix, so the line names it twice.
  hono: { file: "src/http/agent-fetch.ts", name: "agentFetch", call: (app) => `${app}.mount("/agent", agentFetch({ basePath: "/agent" }));` },
  fastify: { file: "src/http/mount-fastify.ts", name: "agentPlugin", call: (app) => `${app}.register(agentPlugin, { prefix: "/agent" });` },
  koa: { file: "src/http/mount-koa.ts", name: "agentMiddleware", call: (app) => `${app}.use(agentMiddleware("/agent"));` },
};

export interface MountInstructions {
  /** The file to edit (the one that creates the app), or a guess when none was found. */
  file: string;
  found: boolean;
  lines: [string, string];
  /** Why a line looks the way it does, when it is not obvious. */
  note?: string;
}

function isCommonJsFile(file: string, moduleType: "module" | "commonjs"): boolean {
  return file.endsWith(".cjs") || (file.endsWith(".js") && moduleType === "commonjs");
}

export function mountInstructions(options: {
  framework: HttpFramework;
  layout: AgentLayout;
  appFile: AppFile | undefined;
  sourceDir: string;
  moduleType: "module" | "commonjs";
  typescript: boolean;
  /** The host type-checks its JavaScript (a jsconfig.json): keep that check out of the agent's TypeScript folder. */
  checksJs?: boolean;
}): MountInstructions {
  const adapter = ADAPTER[options.framework];
  const file = options.appFile?.file ?? `${options.sourceDir === "." ? "" : `${options.sourceDir}/`}${options.typescript ? "app.ts" : "app.js"}`;
  const target = mapTemplatePath(options.layout, adapter.file)!;
  // A JavaScript host runs the agent's .ts files with Node's type stripping, so it names them as they are.
  const specifier = importSpecifier(file, target, options.typescript ? options.layout.imports : "ts");
  const app = options.appFile?.variable ?? "app";
  const commonJs = isCommonJsFile(file, options.moduleType);
  const opaque = commonJs && options.checksJs === true;
  const importLine = commonJs
    ? `const { ${adapter.name} } = require(${opaque ? `require.resolve("${specifier}")` : `"${specifier}"`});`
    : `import { ${adapter.name} } from "${specifier}";`;
  return {
    file,
    found: options.appFile !== undefined,
    lines: [importLine, adapter.call(app)],
    ...(opaque
      ? { note: "require.resolve keeps your jsconfig's type check out of the agent's TypeScript folder, which its own tsconfig checks" }
      : {}),
  };
}
