#!/usr/bin/env bash
# ./build.sh bench calls this: builds the native and WASM bench targets (build/bench-native, build/bench-wasm),
# installs the npm peers (tests/bench/peers, from package-lock.json), runs GEMM and training-throughput
# benchmarks for GradLab (native, WASM under node), TensorFlow.js (wasm and cpu backends, layers and core APIs)
# and ConvNetJS, the per-layer CNN profile (bench_profile) and the page in headless Chromium (page_bench.mjs,
# on the site ./build.sh web builds, served on 127.0.0.1:$BENCH_PORT, default 8104), prints the tables and
# writes BENCHMARKS.md at the repo root. Not a test. Options: --quick (fewer, shorter repeats),
# --wall (rates from wall time instead of process CPU time), --no-build (reuse the existing bench builds).
# BENCH_BEFORE=DIR (with BENCH_BEFORE_NAME, e.g. a commit): DIR holds bench_profile and bench_profile.js built
# from earlier code; each is run right before the current one, and the profile tables compare the two.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/build/bench-results"
JOBS="${JOBS:-2}"
ARGS=()
BUILD=1
for a in "$@"; do
  case "$a" in
    --quick | --wall) ARGS+=("$a") ;;
    --no-build) BUILD=0 ;;
    *) echo "run_bench.sh: unknown option '$a' (use --quick, --wall, --no-build)" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
rm -f "$OUT/page.md"  # written only by a page benchmark that finished
export NODE_PATH=/usr/share/nodejs  # Emscripten 3.1.6 needs Debian's node modules (acorn) at link time
# Emscripten 3.1.6's runtime calls fetch() on a file path under Node 20 unless fetch is absent.
NODE_WASM=(node --no-experimental-fetch)
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $BUILD == 1 ]]; then
  echo "== building native bench targets (build/bench-native)"
  cmake -S "$ROOT" -B "$ROOT/build/bench-native" -DGRADLAB_APP=OFF -DGRADLAB_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Release > "$OUT/build-native.log" 2>&1
  cmake --build "$ROOT/build/bench-native" -j"$JOBS" --target bench_gemm bench_train bench_profile >> "$OUT/build-native.log" 2>&1 ||
    { tail -30 "$OUT/build-native.log"; exit 1; }
  echo "== building WASM bench targets (build/bench-wasm)"
  emcmake cmake -S "$ROOT" -B "$ROOT/build/bench-wasm" -DGRADLAB_APP=OFF -DGRADLAB_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Release > "$OUT/build-wasm.log" 2>&1
  cmake --build "$ROOT/build/bench-wasm" -j"$JOBS" --target bench_gemm bench_train bench_profile >> "$OUT/build-wasm.log" 2>&1 ||
    { tail -30 "$OUT/build-wasm.log"; exit 1; }
fi

if [[ $BUILD == 1 ]]; then
  echo "== building the site for the page benchmark (./build.sh web -> build/web)"
  bash "$ROOT/build.sh" web > "$OUT/build-web.log" 2>&1 || { tail -30 "$OUT/build-web.log"; exit 1; }
fi

PEERS="$ROOT/tests/bench/peers"
BROWSER="$ROOT/tests/browser"
if [[ ! -d "$BROWSER/node_modules/playwright-core" ]]; then
  echo "== installing playwright-core (npm ci in tests/browser)"
  (cd "$BROWSER" && npm ci --no-audit --no-fund --loglevel=error > "$OUT/npm-browser.log" 2>&1) ||
    { tail -20 "$OUT/npm-browser.log"; exit 1; }
fi
if [[ ! -d "$PEERS/node_modules/@tensorflow/tfjs" || ! -d "$PEERS/node_modules/convnetjs" ]]; then
  echo "== installing peers (npm ci in tests/bench/peers)"
  (cd "$PEERS" && npm ci --no-audit --no-fund --ignore-scripts > "$OUT/npm.log" 2>&1) ||
    { tail -20 "$OUT/npm.log"; exit 1; }
fi

run() {  # run NAME COMMAND...: tees the output to build/bench-results/NAME.log; a failing system is recorded
  local name="$1"
  shift
  echo "== $name"
  if ! "$@" "${ARGS[@]}" 2>&1 | tee "$OUT/$name.log"; then
    echo "run_bench.sh: $name exited with an error (see $OUT/$name.log)" | tee -a "$OUT/$name.log"
  fi
}
run gemm-native "$ROOT/build/bench-native/bench_gemm"
run gemm-wasm "${NODE_WASM[@]}" "$ROOT/build/bench-wasm/bench_gemm.js"
run train-gradlab-native "$ROOT/build/bench-native/bench_train"
run train-gradlab-wasm "${NODE_WASM[@]}" "$ROOT/build/bench-wasm/bench_train.js"
run train-tfjs-wasm node "$PEERS/bench_tfjs.js" --backend wasm
run train-tfjs-cpu node "$PEERS/bench_tfjs.js" --backend cpu
run train-convnetjs node "$PEERS/bench_convnetjs.js"
rm -f "$OUT"/profile-*-before.log "$OUT/profile-before-name.txt"
if [[ -n "${BENCH_BEFORE:-}" ]]; then
  echo "${BENCH_BEFORE_NAME:-$BENCH_BEFORE}" > "$OUT/profile-before-name.txt"
  run profile-native-before "$BENCH_BEFORE/bench_profile"
fi
run profile-native "$ROOT/build/bench-native/bench_profile"
[[ -n "${BENCH_BEFORE:-}" ]] && run profile-wasm-before "${NODE_WASM[@]}" "$BENCH_BEFORE/bench_profile.js"
run profile-wasm "${NODE_WASM[@]}" "$ROOT/build/bench-wasm/bench_profile.js"
run page node "$ROOT/tests/bench/page_bench.mjs" --web "$ROOT/build/web" --port "${BENCH_PORT:-8104}" --out "$OUT"

node "$ROOT/tests/bench/report.js" --results "$OUT" --out "$ROOT/BENCHMARKS.md" --load "$LOAD_START" "${ARGS[@]}"
