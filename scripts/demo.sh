#!/usr/bin/env bash
# The demo command: installs what is missing, builds, and starts yizheng with
# the demo data set in ./yizheng-demo on http://127.0.0.1:8080/ (it prints
# one login per role). Extra arguments go to `yizheng demo` (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
make -j2

# --- web UI hook -----------------------------------------------------------
# When the web UI exists (web/package.json), build it into web/dist, which
# `yizheng serve` picks up by default.
if [ -f web/package.json ]; then
  (cd web && npm ci && npm run build)
fi

exec build/yizheng demo "$@"
