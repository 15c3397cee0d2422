#!/usr/bin/env bash
# Runs every libFuzzer harness built in BUILD_DIR (./build.sh fuzz builds build/fuzz), one after another:
#   tests/fuzz/run.sh BUILD_DIR runs N        each harness for N executions (./build.sh test: 20000)
#   tests/fuzz/run.sh BUILD_DIR seconds S     each harness for S seconds (./build.sh fuzz [S], default 600)
#   a fourth argument runs that harness only (run.sh build/fuzz seconds 60 spec_text)
# Seeds: tests/fuzz/corpus/<harness>/ (read only); new inputs go to BUILD_DIR/corpus/<harness>/ in a timed
# run (kept between runs) and to an emptied BUILD_DIR/corpus-runs/<harness>/ in a counted one (so the test
# step always starts from the seeds alone), crashes to BUILD_DIR/crashes/. Prints one line per harness
# with executions and coverage (cov, ft) from libFuzzer's final stats; exits non-zero when any harness
# crashed (once fixed, copy the crash file into the seed corpus and add a doctest case).
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:?usage: run.sh BUILD_DIR runs N | seconds S}"
MODE="${2:-runs}"
N="${3:-20000}"
ONLY="${4:-}"
case "$MODE" in
  runs) LIMIT=(-runs="$N") ;;
  seconds) LIMIT=(-max_total_time="$N") ;;
  *) echo "usage: run.sh BUILD_DIR runs N | seconds S" >&2; exit 2 ;;
esac
fail=0
mkdir -p "$BUILD/crashes" "$BUILD/logs"
for seeds in "$ROOT"/tests/fuzz/corpus/*/; do
  name="$(basename "$seeds")"
  [[ -z "$ONLY" || "$name" == "$ONLY" ]] || continue
  exe="$BUILD/fuzz_$name"
  [[ -x "$exe" ]] || { echo "FAIL fuzz_$name: $exe not built"; fail=1; continue; }
  work="$BUILD/corpus/$name"
  if [[ "$MODE" == runs ]]; then work="$BUILD/corpus-runs/$name"; rm -rf "$work"; fi
  mkdir -p "$work"
  log="$BUILD/logs/$name.log"
  # -max_len: the spec-sized inputs matter (a 64 KiB spec); -timeout: any input taking 10 s is a hang.
  "$exe" "${LIMIT[@]}" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$ROOT/tests/fuzz/gradlab.dict" -artifact_prefix="$BUILD/crashes/${name}-" "$work" "$seeds" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  last=$(grep -E '#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  if ((rc == 0)); then
    echo "PASS fuzz_$name: ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}"
  else
    echo "FAIL fuzz_$name (exit $rc): see $log and $BUILD/crashes/"
    grep -E 'ERROR|FUZZ_CHECK|runtime error' "$log" | head -3
    fail=1
  fi
done
exit $fail
