#!/usr/bin/env bash
# HTTP benchmark: yizheng against nginx serving the same JSON bytes as static
# files, both on loopback, measured with wrk. See docs/benchmarks.md.
#   bench/run.sh              SQLite (a fresh database with the demo data set)
#   bench/run.sh --postgres   PostgreSQL (a throwaway cluster from scripts/pg.sh)
# Environment: BENCH_THREADS (yizheng --threads and nginx workers, default 1),
# BENCH_DURATION (wrk -d, default 10s), BENCH_CONNECTIONS (wrk -c, default 64).
set -euo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
for arg in "$@"; do
  case $arg in
    --postgres) backend=postgres ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $arg" >&2; exit 2 ;;
  esac
done
threads=${BENCH_THREADS:-1}
duration=${BENCH_DURATION:-10s}
conns=${BENCH_CONNECTIONS:-64}

die() { echo "bench: $*" >&2; exit 1; }

bash scripts/deps.sh --bench
make -j2 >/dev/null
nginx_bin=$(PATH=$PATH:/usr/sbin command -v nginx) || die "nginx not found"

tmp=$(mktemp -d /tmp/yz-bench.XXXXXX)
chmod 755 "$tmp"
server_pid="" nginx_started=0 pgdir=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ $nginx_started -eq 1 ] && "$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" -s stop 2>/dev/null
  [ -n "$pgdir" ] && bash scripts/pg.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- database with the demo data set --------------------------------------
if [ $backend = postgres ]; then
  pgdir=$(mktemp -d /tmp/yz-bench-pg.XXXXXX)
  pghost=$(bash scripts/pg.sh start "$pgdir")
  psql -h "$pghost" -U postgres -d postgres -qAt -c 'CREATE DATABASE yz_bench' >/dev/null
  db="postgresql://postgres@/yz_bench?host=$pghost"
else
  db="sqlite:$tmp/bench.db"
fi
echo "bench: loading the demo data set into $backend"
build/yizheng demo --no-serve --db "$db" >"$tmp/demo.out" 2>&1 \
  || { cat "$tmp/demo.out" >&2; die "'yizheng demo --no-serve' failed: the demo data set is needed (no fake data is made up here)"; }

# A dedicated staff account in the first (city) body, so the login does not
# depend on how the demo prints its accounts.
user=bench_staff password='Bench-pass-2026'
build/yizheng user add --db "$db" --username "$user" --password "$password" --role proposal_staff --name 基准测试 >/dev/null \
  || die "could not create the benchmark user"

# --- yizheng --------------------------------------------------------------
build/yizheng serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
base=""
for _ in $(seq 100); do
  base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.out" 2>/dev/null | head -n 1) && [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; die "server exited"; }
  sleep 0.1
done
[ -n "$base" ] || die "server did not start"

curl -sf -D "$tmp/login.h" -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"$password\"}" "$base/api/v1/auth/login" || die "login failed"
cookie=$(grep -io 'yz_session=[^;]*' "$tmp/login.h" | head -n 1)
[ -n "$cookie" ] || die "no session cookie"

mkdir -p "$tmp/www"
list_path="/api/v1/proposals?page=1"
curl -sf -H "Cookie: $cookie" -o "$tmp/www/list.json" "$base$list_path" || die "GET $list_path failed"
id=$(node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));if(!b.items||!b.items.length)process.exit(1);console.log(b.items[0].id)' "$tmp/www/list.json") \
  || die "the proposal list is empty"
one_path="/api/v1/proposals/$id"
curl -sf -H "Cookie: $cookie" -o "$tmp/www/one.json" "$base$one_path" || die "GET $one_path failed"
chmod -R a+rX "$tmp/www"

# --- nginx serving the same bytes -----------------------------------------
nginx_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes $threads;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
    default_type application/json;
  }
}
EOF
"$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" || die "nginx did not start"
nginx_started=1
nginx_base="http://127.0.0.1:$nginx_port"
cmp -s <(curl -sf "$nginx_base/one.json") "$tmp/www/one.json" || die "nginx does not serve the same bytes"

# --- measure --------------------------------------------------------------
# bench NAME URL [wrk args]: prints "req/s p99_ms" after checking every answer was 2xx.
bench() {
  local name=$1 url=$2 out=$tmp/wrk-$1.txt
  shift 2
  wrk -t2 -c"$conns" -d"$duration" --latency "$@" "$url" >"$out"
  if grep -q 'Non-2xx' "$out"; then cat "$out" >&2; die "$name: non-2xx answers"; fi
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
          m = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * m}' "$out")
  echo "$rps $p99"
}

bytes_one=$(stat -c %s "$tmp/www/one.json") bytes_list=$(stat -c %s "$tmp/www/list.json")
echo "bench: wrk -t2 -c$conns -d$duration --latency; yizheng --threads $threads, nginx worker_processes $threads; $backend"
read -r r_one p_one < <(bench one "$base$one_path" -H "Cookie: $cookie")
read -r r_list p_list < <(bench list "$base$list_path" -H "Cookie: $cookie")
read -r n_one pn_one < <(bench nginx-one "$nginx_base/one.json")
read -r n_list pn_list < <(bench nginx-list "$nginx_base/list.json")

hwm=$(awk '/^VmHWM:/ {print $2 " " $3}' "/proc/$server_pid/status")
rss=$(awk '/^VmRSS:/ {print $2 " " $3}' "/proc/$server_pid/status")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }'; }
echo
echo "| request | bytes | yizheng req/s | yizheng p99 (ms) | nginx req/s | nginx p99 (ms) | yizheng / nginx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| GET /api/v1/proposals/ID | $bytes_one | $r_one | $p_one | $n_one | $pn_one | $(ratio "$r_one" "$n_one") |"
echo "| GET /api/v1/proposals?page=1 | $bytes_list | $r_list | $p_list | $n_list | $pn_list | $(ratio "$r_list" "$n_list") |"
echo
echo "yizheng memory after the runs: VmHWM $hwm, VmRSS $rss"
