#!/usr/bin/env bash
# The test command (README, .ci/run). Stages:
#   deps       scripts/deps.sh
#   build      make -j2, make asan -j2
#   unit       every tests/unit/*.c binary, under build/ and build-asan/
#   api        node --test tests/api/ on SQLite, on PostgreSQL (a throwaway
#              cluster from scripts/pg.sh), and on SQLite under ASan/UBSan
# Prints a summary per stage and closes with one line "N passed, N failed"
# (totals of all stages); exits non-zero if anything failed.
#   scripts/test.sh                   everything (what CI runs)
#   scripts/test.sh --quick           SQLite only, no ASan
#   scripts/test.sh [--quick] FILE... the API stages run only these test files
set -uo pipefail   # no -e: one failing stage must not hide the others

cd "$(dirname "$0")/.."
quick=0
api_targets=()
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
    *) api_targets+=("$arg") ;;
  esac
done
[ ${#api_targets[@]} -gt 0 ] || api_targets=(tests/api/)

logs=$(mktemp -d /tmp/yz-test.XXXXXX)
pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then bash scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; fi
  rm -rf "$logs"
}
trap cleanup EXIT
# Children run in the background so that a signal reaches this script at once
# (bash defers traps while a foreground child runs); `timeout` puts its child
# in a process group of its own, and passes the signal on to all of it.
child=""
run() {
  "$@" &
  child=$!
  wait "$child"
  local rc=$?
  child=""
  return $rc
}
on_signal() {
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi
  exit 130
}
trap on_signal INT TERM

total_pass=0 total_fail=0
rows=()
# record STAGE PASSED FAILED SECONDS [NOTE]
record() {
  total_pass=$((total_pass + $2)) total_fail=$((total_fail + $3))
  rows+=("$(printf '  %-26s %7s %7s %8ss  %s' "$1" "$2" "$3" "$4" "${5:-}")")
}
banner() { printf '\n=== %s ===\n' "$1"; }

# --- deps ---------------------------------------------------------------
banner deps
t0=$SECONDS
if bash scripts/deps.sh; then record deps 0 0 $((SECONDS - t0)) ok
else record deps 0 1 $((SECONDS - t0)) FAILED; fi

# --- build --------------------------------------------------------------
# build NAME MAKE-ARGS...: output kept in a log, shown when the build fails.
build() {
  local name=$1 t0=$SECONDS
  shift
  echo "make $*"
  if run make "$@" >"$logs/$name.log" 2>&1; then
    record "$name" 0 0 $((SECONDS - t0)) ok
    return 0
  fi
  tail -n 60 "$logs/$name.log"
  record "$name" 0 1 $((SECONDS - t0)) FAILED
  return 1
}
banner build
build_ok=0 asan_ok=0
build "build (make)" -j2 && build_ok=1
if [ $quick -eq 0 ]; then build "build (make asan)" asan -j2 && asan_ok=1; fi

# --- unit tests -----------------------------------------------------------
# unit STAGE DIR: each binary prints "N passed, N failed" last; a binary that
# exits non-zero without a failed check (crash, sanitizer) counts one failure.
unit() {
  local stage=$1 dir=$2 t0=$SECONDS pass=0 fail=0 src name out rc line p f
  banner "$stage"
  for src in tests/unit/*.c; do
    name=$(basename "$src" .c)
    out=$logs/unit-$name.out
    run timeout -k 10 300 "$dir/tests/$name" >"$out" 2>&1
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    p=0 f=0
    if [ -n "$line" ]; then read -r p _ f _ <<<"${line//,/}"; fi
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ -z "$line" ] && [ $rc -eq 0 ]; then f=1; echo "$name: no summary line"; fi
    if [ $rc -ne 0 ] || [ "$f" -ne 0 ]; then cat "$out"; echo "$name: FAILED (exit $rc)"
    else echo "$name: $p passed"; fi
    pass=$((pass + p)) fail=$((fail + f))
  done
  record "$stage" $pass $fail $((SECONDS - t0))
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ $build_ok -eq 1 ]; then unit "unit (build)" build; fi
if [ $asan_ok -eq 1 ]; then unit "unit (build-asan)" build-asan; fi

# --- API tests ------------------------------------------------------------
node_flags=(--test)
for flag in --test-concurrency=2 --test-timeout=300000; do
  node "$flag" -e 0 >/dev/null 2>&1 && node_flags+=("$flag")
done

# api STAGE ENV...: spec report on the console, TAP to a file for the counts.
api() {
  local stage=$1 t0=$SECONDS tap=$logs/api.tap rc p f c
  shift
  banner "$stage"
  rm -f "$tap"
  run env "$@" timeout -k 30 1200 node "${node_flags[@]}" \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "${api_targets[@]}"
  rc=$?
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  c=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
  p=${p:-0} f=$((${f:-0} + ${c:-0}))
  if [ $rc -ne 0 ] && [ $f -eq 0 ]; then f=1; echo "node exited $rc"; fi
  record "$stage" "$p" "$f" $((SECONDS - t0))
}

if [ $build_ok -eq 1 ]; then
  api "api (SQLite)" YZ_TEST_BACKEND=sqlite YZ_BIN=build/yizheng

  if [ $quick -eq 0 ]; then
    t0=$SECONDS
    pgdir=$(mktemp -d /tmp/yz-pg.XXXXXX)
    if pghost=$(bash scripts/pg.sh start "$pgdir"); then
      api "api (PostgreSQL)" YZ_TEST_BACKEND=postgres YZ_TEST_PGHOST="$pghost" YZ_BIN=build/yizheng
    else
      banner "api (PostgreSQL)"
      echo "could not start PostgreSQL"
      record "api (PostgreSQL)" 0 1 $((SECONDS - t0)) "cluster did not start"
    fi
    bash scripts/pg.sh stop "$pgdir" || true
    pgdir=""
  fi
fi
if [ $asan_ok -eq 1 ]; then
  api "api (SQLite, ASan+UBSan)" YZ_TEST_BACKEND=sqlite YZ_BIN=build-asan/yizheng
fi

# --- summary --------------------------------------------------------------
banner summary
printf '  %-26s %7s %7s %9s\n' stage passed failed time
printf '%s\n' "${rows[@]}"
printf '  total time %ss%s\n' "$SECONDS" "$([ $quick -eq 1 ] && echo ' (--quick: no PostgreSQL, no ASan)')"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
