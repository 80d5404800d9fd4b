import * as p from "@clack/prompts";
import { detectPackageManager } from "../../detect/package-manager.ts";
import { DEFAULT_MODULES, MODULES } from "../../registry/modules.ts";
import { PROVIDERS } from "../../registry/providers.ts";
import type { StoreId } from "../../registry/types.ts";
import { CancelledError } from "../../ui/errors.ts";
import { invalidNameReason } from "./target.ts";
import {
  parseModules,
  parsePackageManager,
  parseProvider,
  parseStore,
  reconcileStore,
  STORES,
  type CreateAnswers,
  type CreateFlags,
} from "./options.ts";

function answered<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) throw new CancelledError();
  return value as Exclude<T, symbol>;
}

/** Ask, in a terminal, for every answer no flag gave. Flags are validated, never re-asked. */
export async function askForAnswers(directory: string | undefined, flags: CreateFlags): Promise<CreateAnswers> {
  p.intro("create-12-factor-agent");

  const dir =
    directory ??
    answered(
      await p.text({
        message: "Where should the project go?",
        placeholder: "my-agent",
        defaultValue: "my-agent",
        validate: (value) => (value ? invalidNameReason(value) : undefined),
      }),
    );

  const provider = flags.provider
    ? parseProvider(flags.provider)
    : parseProvider(
        answered(
          await p.select({
            message: "Which LLM provider?",
            options: PROVIDERS.map((candidate) => ({ value: candidate.id, label: candidate.title, hint: candidate.package })),
            initialValue: "openai",
          }),
        ),
      );

  const model =
    flags.model ??
    answered(
      await p.text({
        message: `Which model? (${provider.modelHint})`,
        initialValue: provider.defaultModel,
        validate: (value) => (value?.trim() ? undefined : "a model id is needed"),
      }),
    ).trim();

  // Stores are asked about on their own below, not as modules.
  const optional = MODULES.filter((module) => module.id !== "core" && module.store === undefined);
  const chosen = flags.modules
    ? parseModules(flags.modules)
    : parseModules(
        answered(
          await p.multiselect({
            message: "Which factor modules? (core is always included)",
            options: optional.map((module) => ({
              value: module.id,
              label: module.title,
              hint: `factor ${module.factors.join(", ")}: ${module.description}`,
            })),
            initialValues: DEFAULT_MODULES.filter((id) => id !== "core"),
            required: false,
          }),
        ).join(","),
      );

  const storeFromModules = chosen.find((module) => module.store !== undefined)?.store;
  const askedStore: StoreId | undefined = flags.store
    ? parseStore(flags.store)
    : storeFromModules
      ? undefined
      : answered(
          await p.select({
            message: "Where do threads live?",
            options: STORES.map((candidate) => ({ value: candidate.id, label: candidate.title })),
            initialValue: "file" as StoreId,
          }),
        );
  const { modules, store } = reconcileStore(chosen, askedStore);

  const pm = flags.pm ? parsePackageManager(flags.pm) : detectPackageManager();
  const install =
    flags.install ?? answered(await p.confirm({ message: `Install dependencies now with ${pm}?`, initialValue: true }));

  return { directory: dir, provider, model, modules, store, pm, install };
}
