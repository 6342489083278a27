#!/usr/bin/env bash
# Installs what n8n's queue mode needs on this machine (`npm start -- --queue`, the queue-mode
# e2e case, `npm run bench -- --only queue`): Debian's redis-server and postgresql. Nothing to do
# when both are there. The project starts its own throwaway servers on free ports; the
# packages' own services (ports 6379, 5432), if Debian starts them, are not used.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
echo "Installing ${missing[*]} (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
