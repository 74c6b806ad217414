#!/usr/bin/env bash
# Installs the Debian packages that building and testing yizheng need,
# skipping what is already present. Runs `apt-get update` once, and only when
# something is missing.
#   scripts/deps.sh           build + test (compiler, libraries, PostgreSQL, Node.js)
#   scripts/deps.sh --bench   also wrk and nginx (bench/run.sh)
# To add a dependency: append to a group below ("package" or "package:command",
# where command present on PATH also counts as installed).
set -euo pipefail

build_pkgs=(build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev)
# Node.js may come from elsewhere (NodeSource): only when `node` is absent are
# Debian's nodejs and npm installed.
test_pkgs=(postgresql postgresql-client nodejs:node npm:node)
bench_pkgs=(wrk:wrk nginx-light:nginx)

want=("${build_pkgs[@]}" "${test_pkgs[@]}")
for arg in "$@"; do
  case $arg in
    --bench) want+=("${bench_pkgs[@]}") ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for item in "${want[@]}"; do
  pkg=${item%%:*} cmd=${item#*:}
  [ "$cmd" != "$item" ] && PATH=$PATH:/usr/sbin:/sbin command -v "$cmd" >/dev/null 2>&1 && continue
  installed "$pkg" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: not root and no sudo; install as root: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${missing[*]}"
