#!/usr/bin/env bash
# GradLab's one build driver, for a fresh Debian 12 machine (as root) or a developer's checkout:
#   ./build.sh          install what is missing, build the web app into build/web/, serve it on 127.0.0.1:$PORT
#   ./build.sh test     build and run every test (native ASan/UBSan, WASM under Node, UI, browser, native app)
#   ./build.sh native   build and start the desktop app (GLFW + OpenGL 3.3); CLI at build/native/gradlab-cli
#   ./build.sh web      build the site only          ./build.sh bench   benchmarks against the peers
#   ./build.sh fuzz [SECONDS]   build the libFuzzer harnesses (clang, build/fuzz) and run each SECONDS (600)
# Idempotent: installs only missing packages and rebuilds incrementally. Downloads nothing but Debian packages
# and npm packages.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
PORT=${PORT:-8000}
JOBS=${JOBS:-$(nproc)}
PY=/usr/bin/python3
export NODE_PATH=/usr/share/nodejs   # Emscripten's optimiser needs acorn from Debian's node modules

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

APT_BUILD=(cmake g++ make pkg-config python3 emscripten libeigen3-dev doctest-dev libglfw3-dev
           libgl-dev dpkg-dev fonts-dejavu-core fonts-noto-core python3-sklearn dataset-fashion-mnist)
APT_TEST=(chromium firefox-esr xvfb xauth curl python3-torch)
APT_FUZZ=(clang libclang-rt-14-dev)  # libFuzzer ships in Debian's clang runtime

install_packages() {
  local missing=()
  # Node.js and npm may come from another packaging of Node (their own npm conflicts with Debian's).
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    [ "$(id -u)" = 0 ] || { echo "need root to apt-get install ${missing[*]}" >&2; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Dear ImGui's core sources come from Debian's source package (libimgui-dev ships no .cpp files).
fetch_imgui() {
  [ -f .cache/imgui/imgui.cpp ] && return
  log "fetching Dear ImGui sources (apt-get source imgui)"
  local src=/etc/apt/sources.list.d/gradlab-deb-src.sources
  # Only live source entries count (the installer often leaves a commented-out "# deb-src" line).
  if ! grep -rqsE '^(deb-src |Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    [ "$(id -u)" = 0 ] || { echo "adding Debian's source entries needs root (or add deb-src lines yourself)" >&2; exit 1; }
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then  # deb822 layout (containers, cloud images)
      sed -n '/^Types: deb$/,/^$/p' /etc/apt/sources.list.d/debian.sources | sed 's/^Types: deb$/Types: deb-src/' > "$src"
    else  # one-line layout
      sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "${src%.sources}.list"
    fi
    apt-get update -qq
  fi
  rm -rf .cache/src && mkdir -p .cache/src
  (cd .cache/src && apt-get source -qq imgui >/dev/null)
  rm -rf .cache/imgui && mv .cache/src/imgui-*/ .cache/imgui && rm -rf .cache/src
  [ -f .cache/imgui/imgui.cpp ] || { echo "apt-get source imgui did not produce imgui.cpp" >&2; exit 1; }
}

setup() {
  install_packages "${APT_BUILD[@]}"
  fetch_imgui
}

cmake_build() {  # dir, targets..., -- cmake args...
  local dir=$1; shift
  local targets=()
  while (($#)) && [ "$1" != "--" ]; do targets+=("$1"); shift; done
  (($#)) && shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    if [[ "$dir" == *wasm* ]]; then emcmake cmake -S . -B "$dir" "$@" >/dev/null
    else cmake -S . -B "$dir" "$@" >/dev/null; fi
  fi
  cmake --build "$dir" -j"$JOBS" --target "${targets[@]}"
}

pack_data() {  # image data sets packed for the page and the CLI
  local out=build/data/images.glpack
  if [ ! -f "$out" ] || [ engine/data/pack_images.py -nt "$out" ]; then
    mkdir -p build/data
    "$PY" engine/data/pack_images.py build/data
  fi
}

build_web() {
  setup
  log "building the web app (WASM, -O3 -msimd128 -msse4.2)"
  cmake_build build/wasm gradlab -- -DCMAKE_BUILD_TYPE=Release -DGRADLAB_TESTS=ON
  pack_data
  mkdir -p build/web
  cp web/index.html web/page.js web/page.css build/web/
  cp web/a11y.js web/a11y.css build/web/
  cp build/wasm/gradlab.js build/wasm/gradlab.wasm build/web/
  [ -f build/data/images.glpack ] && cp build/data/images.glpack build/web/
  printf 'built build/web (gradlab.wasm %s bytes)\n' "$(stat -c %s build/web/gradlab.wasm)"
}

serve() {
  log "serving build/web"
  echo "GradLab is at http://127.0.0.1:${PORT}/  (Ctrl-C to stop)"
  exec "$PY" -m http.server "$PORT" --bind 127.0.0.1 --directory build/web
}

build_native() {
  setup
  log "building natively (Release: engine, CLI, desktop app${1:+, UI tests})"
  cmake_build build/native gradlab gradlab-cli ${1:+gradlab-ui-tests} -- -DCMAKE_BUILD_TYPE=Release
  pack_data
}

build_fuzz() {  # libFuzzer harnesses (tests/fuzz) with ASan + UBSan, in a tree of their own
  install_packages "${APT_FUZZ[@]}"
  log "building the fuzz harnesses (clang, libFuzzer + ASan + UBSan)"
  cmake_build build/fuzz fuzzers -- -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRADLAB_FUZZ=ON -DGRADLAB_APP=OFF \
    -DGRADLAB_TESTS=OFF -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang
}

run_tests() {
  install_packages "${APT_BUILD[@]}" "${APT_TEST[@]}" "${APT_FUZZ[@]}"
  fetch_imgui
  local t0=$SECONDS fails=0 passes=0
  step() {
    local name=$1; shift; log "$name"
    if "$@"; then echo "PASS $name"; passes=$((passes+1)); else echo "FAIL $name"; fails=$((fails+1)); fi
  }

  log "native engine tests with AddressSanitizer + UBSan"
  cmake_build build/native-asan gradlab-tests -- -DCMAKE_BUILD_TYPE=Debug -DGRADLAB_SANITIZE=ON -DGRADLAB_APP=OFF
  pack_data
  step "engine tests (native, ASan+UBSan)" env GRADLAB_PACK="$ROOT/build/data/images.glpack" \
    ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build/native-asan --output-on-failure

  build_fuzz
  step "fuzz harnesses, 20000 runs each (tests/fuzz)" bash tests/fuzz/run.sh build/fuzz runs 20000

  build_native with-ui-tests
  step "UI panels, headless" ctest --test-dir build/native -R '^ui$' --output-on-failure

  log "WASM engine tests under Node (SIMD)"
  cmake_build build/wasm gradlab-tests -- -DCMAKE_BUILD_TYPE=Release -DGRADLAB_TESTS=ON
  step "engine tests (WASM + SIMD, Node)" ctest --test-dir build/wasm --output-on-failure
  step "native and WASM agree" node tests/compare_dumps.mjs build/native-asan/checks.json build/wasm/checks.json

  step "train acceptance (tests/train/run_acceptance.sh)" bash tests/train/run_acceptance.sh "$ROOT/build/native"
  step "hostile CLI inputs (tests/cli/hostile_inputs.sh)" bash tests/cli/hostile_inputs.sh "$ROOT/build/native"
  step "PyTorch export matches the inspector" "$PY" tests/reference/check_export.py --require-torch \
    build/native/gradlab-cli
  step "PyTorch continues a GradLab run (tests/reference/check_run_export.py)" "$PY" \
    tests/reference/check_run_export.py --require-torch build/native/gradlab-cli

  build_web
  step "native app under Xvfb" bash tests/native/smoke.sh build/native/gradlab build/native-screenshot.png
  step "browser (headless Chromium)" bash tests/browser/run.sh
  step "browser (Firefox ESR under Xvfb)" bash tests/firefox/run.sh

  log "done in $((SECONDS - t0)) s"
  echo "steps: $passes passed, $fails failed"
  ((fails == 0))
}

case "${1:-serve}" in
  serve|"") build_web; serve ;;
  web) build_web ;;
  native) build_native; exec build/native/gradlab ;;
  test) run_tests ;;
  fuzz) shift; build_fuzz; bash tests/fuzz/run.sh build/fuzz seconds "${1:-600}" ;;
  bench) shift; setup; install_packages "${APT_TEST[@]}"; bash tests/bench/run_bench.sh "$@" ;;
  *) echo "usage: ./build.sh [serve|web|test|native|bench|fuzz [SECONDS]]" >&2; exit 2 ;;
esac
