import { execFileSync } from "node:child_process";

// The CLI tests run the bundled bin, as users do; build it once per test run.
export default function setup(): void {
  execFileSync(process.execPath, ["node_modules/tsup/dist/cli-default.js", "--silent"], { stdio: "inherit" });
}
