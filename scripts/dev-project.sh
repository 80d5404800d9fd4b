#!/usr/bin/env bash
# Assemble a throwaway project from the templates for fast iteration on them:
#   scripts/dev-project.sh /tmp/agent-dev [provider] [extra create flags...]
# It builds the CLI, creates the project without installing, and links node_modules from this
# repository (same pinned versions), so `npx tsc` and `npx vitest run` work there at once.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: dev-project.sh DIR [provider] [create flags...]}
provider=${2:-openai}
shift $(($# >= 2 ? 2 : 1))
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
(cd "$repo" && node node_modules/tsup/dist/cli-default.js --silent)
(cd "$(dirname "$dir")" && CI=true node "$repo/bin/create-12-factor-agent.js" "$(basename "$dir")" \
  --provider "$provider" --no-install --no-git "$@" >/dev/null)
ln -s "$repo/node_modules" "$dir/node_modules"
echo "ready: $dir (cd there; npx tsc; npx vitest run)"
