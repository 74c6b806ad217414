#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks.
#   scripts/pg.sh start DIR   create (or reuse) a cluster in DIR/data, start it
#                             with a Unix socket in DIR and no TCP; prints DIR,
#                             the socket directory (psql -h DIR -U postgres)
#   scripts/pg.sh stop DIR    stop it and remove DIR
# As root, the server runs as the unprivileged `postgres` user, which owns DIR
# (initdb and postgres refuse to run as root). A system PostgreSQL, if any, is
# left alone: this cluster has its own data, socket and lock files in DIR.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case $dir in "" | / | /tmp | /tmp/) echo "pg.sh: refusing DIR '$dir'" >&2; exit 2 ;; esac
if [ "$cmd" = start ]; then mkdir -p "$dir"; elif [ ! -d "$dir" ]; then exit 0; fi
dir=$(cd "$dir" && pwd)
data=$dir/data
marker=$dir/.yizheng-pg

pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pgbin/pg_ctl" ]; then
  # Another major version, if 15 is not installed.
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pgbin" ] && [ -x "$pgbin/pg_ctl" ] || { echo "pg.sh: PostgreSQL server not installed (scripts/deps.sh)" >&2; exit 1; }
fi

# Runs a PostgreSQL binary as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

running() { [ -f "$data/PG_VERSION" ] && as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

case $cmd in
start)
  if running; then echo "$dir"; exit 0; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    [ -z "$(ls -A "$dir")" ] || [ -f "$marker" ] || { echo "pg.sh: $dir is not empty" >&2; exit 1; }
    install -d -o "$owner" -m 0755 "$dir"
    touch "$marker"
    as_owner "$pgbin/initdb" -D "$data" -E UTF8 --locale=C.UTF-8 --auth=trust -U postgres >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # A crashed server can leave its pid file behind; pg_ctl start copes with a stale one.
  if ! as_owner "$pgbin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
       -o "-k '$dir' -c listen_addresses='' -c fsync=on" start >/dev/null; then
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
  fi
  echo "$dir"
  ;;
stop)
  if running; then as_owner "$pgbin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null; fi
  # Only remove what start created.
  if [ -f "$marker" ]; then rm -rf "$dir"
  elif [ -z "$(ls -A "$dir")" ]; then rmdir "$dir"
  else echo "pg.sh: $dir was not made by pg.sh start; left in place" >&2
  fi
  ;;
*) usage ;;
esac
