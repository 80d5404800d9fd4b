import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { test: { name: "templates", include: ["test/templates/**/*.test.ts"], testTimeout: 60_000 } },
      {
        // Spawns the built CLI the way a user runs it.
        test: { name: "cli", include: ["test/cli/**/*.test.ts"], globalSetup: ["test/support/build.ts"], testTimeout: 60_000 },
      },
      {
        // Creates real projects, installs them and runs their own typecheck and tests.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/build.ts"],
          testTimeout: 15 * 60_000,
          // Two cores: two cells at a time.
          maxConcurrency: 2,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
