import type { PackageName } from "./versions.ts";

export type ModuleId = "core" | "human-contact" | "http-api" | "postgres-store";

/** One line of `.env.example`: the comment above it, and whether it starts commented out. */
export interface EnvVar {
  name: string;
  comment: string;
  example: string;
  /** Optional variables are written commented out: an empty value can break a provider package. */
  optional?: boolean;
}

/** A tool a module adds to the project's registry (src/tools/index.ts). */
export interface ToolRegistration {
  exportName: string;
  /** Import path relative to the registry file. */
  from: string;
}

export interface ModuleManifest {
  id: ModuleId;
  title: string;
  description: string;
  /** The 12-factor numbers this module implements. */
  factors: number[];
  requires: ModuleId[];
  dependencies: PackageName[];
  devDependencies: PackageName[];
  scripts: Record<string, string>;
  env: EnvVar[];
  registers: ToolRegistration[];
  /**
   * The thread store this module switches the project to. Core's src/store/index.ts
   * renders differently for it (`has.postgresStore`), so adding the module to an
   * existing project also updates that file, and the manifest's `store` follows.
   */
  store?: StoreId;
}

export type ProviderId = "openai" | "anthropic" | "google" | "ollama" | "openai-compatible" | "bedrock" | "azure";

export interface ProviderManifest {
  id: ProviderId;
  title: string;
  /** The AI SDK provider package the generated project depends on. */
  package: PackageName;
  /**
   * Wire protocol shared with other providers, whose local fake server lives once in
   * templates/protocols/<protocol>/ rather than in each provider's folder.
   */
  protocol?: "openai-responses" | "openai-chat";
  defaultModel: string;
  /** What `--model` means for this provider, shown as the prompt's hint. */
  modelHint: string;
  env: EnvVar[];
}

export type StoreId = "file" | "postgres";
