#!/usr/bin/env bash
# Assemble a throwaway project from the templates for fast iteration on them:
#   scripts/dev-project.sh /tmp/agent-dev [provider]
# It copies every module and one provider, renders *.hbs with a default context,
# registers the human-contact tool and links node_modules from this repository.
# The real path is `create-12-factor-agent`; this only saves an install while editing templates.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: dev-project.sh DIR [provider]}
provider=${2:-openai}
rm -rf "$dir" && mkdir -p "$dir"
for m in core human-contact http-api; do cp -r "$repo/templates/modules/$m/." "$dir/"; done
[[ -d $repo/templates/providers/$provider ]] && cp -r "$repo/templates/providers/$provider/." "$dir/"
[[ -f $dir/_gitignore ]] && mv "$dir/_gitignore" "$dir/.gitignore"
cd "$dir"
PROVIDER=$provider node --input-type=module -e '
import fs from "node:fs"; import path from "node:path";
import Handlebars from "'"$repo"'/node_modules/handlebars/lib/index.js";
const ctx = { name: "agent-dev", provider: { id: process.env.PROVIDER, title: process.env.PROVIDER, package: "" },
  model: "test-model", store: "file", modules: [], has: { humanContact: true, httpApi: true, postgresStore: false } };
for (const f of fs.readdirSync(".", { recursive: true })) {
  if (!String(f).endsWith(".hbs")) continue;
  fs.writeFileSync(String(f).slice(0, -4), Handlebars.compile(fs.readFileSync(f, "utf8"), { noEscape: true })(ctx));
  fs.rmSync(f);
}
const reg = "src/tools/index.ts";
if (fs.existsSync("src/tools/request-more-information.ts")) {
  let s = fs.readFileSync(reg, "utf8");
  s = s.replace(/(import \{ doneForNow \}[^\n]*\n)/, "$1import { requestMoreInformation } from \"./request-more-information.ts\";\n");
  s = s.replace(/(\n\];)/, "\n  requestMoreInformation,$1");
  fs.writeFileSync(reg, s);
}
const pkg = { name: "agent-dev", private: true, type: "module", scripts: {
  dev: "node --env-file-if-exists=.env src/cli.ts", start: "node --env-file-if-exists=.env src/server.ts",
  test: "vitest run", typecheck: "tsc --noEmit", eval: "node --env-file-if-exists=.env src/eval.ts" } };
fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
'
ln -s "$repo/node_modules" node_modules
echo "ready: $dir (cd there; npx tsc --noEmit; npx vitest run)"
