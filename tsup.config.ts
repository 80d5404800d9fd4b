import { defineConfig } from "tsup";

// One ESM bundle with no runtime dependencies: `npx` fetches one package and --help starts fast.
// Commands are split into chunks loaded on demand, so prompts and templates stay off the --help path.
export default defineConfig({
  entry: { cli: "src/cli.ts" },
  format: "esm",
  target: "node22",
  platform: "node",
  splitting: true,
  clean: true,
  minify: false,
  noExternal: [/.*/],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
