#!/usr/bin/env bash
# Installs the pinned n8n once into .n8n-runtime/ (git ignores it); later runs reuse it.
# n8n-nodes-base depends on xlsx by a URL outside the npm registry: the override keeps
# the install on the registry (see ../shared/N8N-HERE.md).
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.8.4}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.n8n-runtime"
bin="$dir/node_modules/.bin/n8n"
if [ -x "$bin" ] && [ "$(cat "$dir/.installed" 2>/dev/null)" = "$N8N_VERSION" ]; then
  exit 0
fi
mkdir -p "$dir"
# One install at a time (npm start and npm run test:e2e may both ask on a fresh machine):
# wait for the other one, then use what it installed.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dir/.install.lock"
  flock 9
  if [ -x "$bin" ] && [ "$(cat "$dir/.installed" 2>/dev/null)" = "$N8N_VERSION" ]; then
    exit 0
  fi
fi
rm -f "$dir/.installed"
cat > "$dir/package.json" <<JSON
{ "private": true, "overrides": { "xlsx": "0.18.5" }, "dependencies": { "n8n": "$N8N_VERSION" } }
JSON
echo "Installing n8n $N8N_VERSION into $dir (first run only, 3 to 6 minutes)..." >&2
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
echo "$N8N_VERSION" > "$dir/.installed"
