import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests never need a key or the network: providers are faked on loopback.
    env: { NO_COLOR: "1" },
    testTimeout: 15_000,
  },
});
