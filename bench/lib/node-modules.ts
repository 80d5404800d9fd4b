import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// What an install put on disk: packages (from npm's hidden lockfile) and their disk
// usage (blocks, as `du` counts them), in all and for the packages a production
// install (`npm install --omit=dev`) would keep.

export interface TreeSize {
  packages: number;
  productionPackages: number;
  megabytes: number;
  productionMegabytes: number;
}

interface LockEntry {
  link?: boolean;
  dev?: boolean;
  devOptional?: boolean;
}

export function measureTree(project: string): TreeSize {
  const lock = JSON.parse(readFileSync(path.join(project, "node_modules", ".package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const installed = Object.entries(lock.packages).filter(([key, entry]) => key.includes("node_modules/") && !entry.link);
  const devOnly = new Set(installed.filter(([, entry]) => entry.dev || entry.devOptional).map(([key]) => key));

  // Bytes per package directory (the innermost node_modules/<name> that holds the file).
  const bytes = new Map<string, number>();
  let total = 0;
  const walk = (dir: string, owner: string | undefined) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const size = lstatSync(full).blocks * 512;
      total += size;
      let nextOwner = owner;
      if (entry.isDirectory() && path.basename(dir) === "node_modules" && !entry.name.startsWith("@") && !entry.name.startsWith(".")) {
        nextOwner = path.relative(project, full);
      } else if (entry.isDirectory() && path.basename(path.dirname(dir)) === "node_modules" && path.basename(dir).startsWith("@")) {
        nextOwner = path.relative(project, full);
      }
      if (nextOwner) bytes.set(nextOwner, (bytes.get(nextOwner) ?? 0) + size);
      if (entry.isDirectory()) walk(full, nextOwner);
    }
  };
  for (const root of nodeModulesDirs(project)) walk(root, undefined);

  // Files belong to the innermost package holding them, so nested packages are not counted twice.
  const devBytes = [...devOnly].reduce((sum, key) => sum + (bytes.get(key) ?? 0), 0);
  const mb = (b: number) => b / 1024 / 1024;
  return {
    packages: installed.length,
    productionPackages: installed.length - devOnly.size,
    megabytes: mb(total),
    productionMegabytes: mb(total - devBytes),
  };
}

/** node_modules at the root and in workspaces (apps/x/node_modules), not nested in packages. */
function nodeModulesDirs(project: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === ".git") continue;
      const full = path.join(dir, entry.name);
      if (entry.name === "node_modules") found.push(full);
      else visit(full);
    }
  };
  visit(project);
  return found;
}
