import { describe, expect, it } from "vitest";
import { mergeEnvExample } from "../../src/engine/env-file.ts";

const openai = {
  title: "OpenAI",
  vars: [
    { name: "OPENAI_API_KEY", comment: "API key", example: "sk-..." },
    { name: "OPENAI_BASE_URL", comment: "Proxy", example: "https://x", optional: true },
  ],
};

describe("mergeEnvExample", () => {
  it("writes required variables set and optional ones commented out (an empty base URL breaks providers)", () => {
    expect(mergeEnvExample("", [openai])).toBe(
      "# Copy this file to .env and fill it in. Never commit .env.\n\n# --- OpenAI ---\n# API key\nOPENAI_API_KEY=sk-...\n# Proxy\n# OPENAI_BASE_URL=https://x\n",
    );
  });

  it("appends only variables the file lacks, keeping the user's text", () => {
    const existing = "DATABASE_URL=postgres://x\n# OPENAI_API_KEY=mine";
    const merged = mergeEnvExample(existing, [openai]);
    expect(merged.startsWith("DATABASE_URL=postgres://x\n# OPENAI_API_KEY=mine\n")).toBe(true);
    expect(merged.match(/OPENAI_API_KEY/g)).toHaveLength(1);
    expect(merged).toContain("# OPENAI_BASE_URL=https://x");
  });

  it("is idempotent", () => {
    const once = mergeEnvExample("", [openai]);
    expect(mergeEnvExample(once, [openai])).toBe(once);
  });
});
