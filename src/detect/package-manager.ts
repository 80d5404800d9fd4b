export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export function isPackageManager(name: string): name is PackageManager {
  return (PACKAGE_MANAGERS as readonly string[]).includes(name);
}

/**
 * The package manager that launched us: `npm create`, `pnpm create`, `yarn create` and
 * `bun create` all set npm_config_user_agent to e.g. "pnpm/9.12.0 npm/? node/v22.11.0 linux x64".
 */
export function detectPackageManager(userAgent: string | undefined = process.env.npm_config_user_agent): PackageManager {
  const name = userAgent?.split(" ")[0]?.split("/")[0] ?? "";
  return isPackageManager(name) ? name : "npm";
}

export function installArgs(pm: PackageManager): string[] {
  return pm === "yarn" ? [] : ["install"];
}

/** How a user runs a package script with this package manager, for printed instructions. */
export function runScript(pm: PackageManager, script: string, args = ""): string {
  const base = pm === "npm" ? `npm run ${script}` : `${pm} ${pm === "bun" ? "run " : ""}${script}`;
  if (!args) return script === "test" && pm === "npm" ? "npm test" : base;
  return pm === "npm" ? `${base} -- ${args}` : `${base} ${args}`;
}
