// GFLOP/s of the GEMM paths (gemm() as dispatched, the packed kernel, the unpacked small path, Eigen) on square
// and layer-shaped products; median of repeats after warm-up. Prints a table and one JSON line ("gemm_json: {..}")
// that tests/bench/run_bench.sh collects. Built natively and for WASM (run under node). A benchmark, not a test.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/ops/gemm.h"
#include "engine/ops/gemm_packed.h"
#include "tests/bench/bench_util.h"

using namespace gl;

namespace {

using GemmFn = void (*)(Trans, Trans, int, int, int, float, const float*, int, const float*, int, float, float*,
                        int);
struct Path {
  const char* name;
  GemmFn fn;
};
const Path kPaths[] = {{"gemm", gemm}, {"packed", gemm_packed}, {"small", gemm_small}, {"eigen", gemm_eigen}};

struct Shape3 {
  const char* what;
  int M, N, K;
  bool ta, tb;
};

bool g_best = false;  // --best: report the fastest repeat instead of the median (for tuning on a busy machine)
bool g_wall = false;  // --wall: rates from wall time instead of process CPU time

// Median (or best) GFLOP/s (2*M*N*K per call) over `repeats` timed batches of calls, each ~target_s long.
double measure(const Path& p, const Shape3& s, const std::vector<float>& A, const std::vector<float>& B,
               std::vector<float>& C, int repeats, double target_s) {
  const Trans ta = s.ta ? Trans::Yes : Trans::No, tb = s.tb ? Trans::Yes : Trans::No;
  const int lda = s.ta ? s.M : s.K, ldb = s.tb ? s.K : s.N;
  auto call = [&] { p.fn(ta, tb, s.M, s.N, s.K, 1.0f, A.data(), lda, B.data(), ldb, 0.0f, C.data(), s.N); };
  call();  // warm-up (pack buffers grow, caches fill)
  long iters = 1;
  for (;;) {  // calibrate: double the batch until it takes target_s / 4
    bench::Stopwatch sw;
    for (long i = 0; i < iters; ++i) call();
    const double dt = g_wall ? sw.wall() : sw.cpu();
    if (dt >= target_s / 4) {
      iters = std::max(1L, static_cast<long>(iters * target_s / dt));
      break;
    }
    iters *= 2;
  }
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) {
    bench::Stopwatch sw;
    for (long i = 0; i < iters; ++i) call();
    const double dt = std::max(g_wall ? sw.wall() : sw.cpu(), 1e-9);
    rates.push_back(2.0 * s.M * s.N * static_cast<double>(s.K) * iters / dt * 1e-9);
  }
  return g_best ? bench::best(rates) : bench::median(rates);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  const char* filter = nullptr;  // --filter TEXT: only products whose name contains TEXT
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    else if (std::strcmp(argv[i], "--best") == 0) g_best = true;
    else if (std::strcmp(argv[i], "--wall") == 0) g_wall = true;
    else if (std::strcmp(argv[i], "--filter") == 0 && i + 1 < argc) filter = argv[++i];
  const int repeats = quick ? 3 : 7;
  const double target_s = quick ? 0.02 : 0.05;
#if defined(__EMSCRIPTEN__)
  const char* target = "wasm";
#else
  const char* target = "native";
#endif
  const Shape3 shapes[] = {
      {"square 64", 64, 64, 64, false, false},
      {"square 128", 128, 128, 128, false, false},
      {"square 256", 256, 256, 256, false, false},
      {"square 256 A^T", 256, 256, 256, true, false},
      {"square 256 B^T", 256, 256, 256, false, true},
      {"square 256 A^T B^T", 256, 256, 256, true, true},
      {"square 512", 512, 512, 512, false, false},
      {"FC 2->8, batch 10", 10, 8, 2, false, true},
      {"FC 8->8, batch 10", 10, 8, 8, false, true},
      {"FC 8->8 dW, batch 10", 8, 8, 10, true, false},
      {"FC 784->128 fwd, b64", 64, 128, 784, false, true},
      {"FC 784->128 dW, b64", 128, 784, 64, true, false},
      {"FC 784->128 dX, b64", 64, 784, 128, false, false},
      {"CONV5-8 on 1x28x28 fwd", 8, 784, 25, false, false},
      {"CONV5-8 on 1x28x28 dW", 8, 25, 784, false, true},
      {"CONV5-8 on 1x28x28 dcol", 25, 784, 8, true, false},
      {"FC 128->10 fwd, b64", 64, 10, 128, false, true},
      {"CONV3-16 on 3x32x32 dW", 16, 27, 1024, false, true},
      {"CONV3-32 on 16x16x16 dW", 32, 144, 256, false, true},
      {"CONV5-16 on 8x14x14 fwd", 16, 196, 200, false, false},
      {"CONV3-32 on 16x16x16 fwd", 32, 256, 144, false, false},
      {"CONV5x5x5-16 on 3x8x64x64", 16, 8 * 64 * 64, 375, false, false},
  };
  std::printf("GEMM GFLOP/s (%s, %s), single thread, %s of %d, %s time\n", target,
              gemm_simd_name(), g_best ? "best" : "median", repeats, g_wall ? "wall" : "CPU");
  std::printf("%-28s %16s %8s %8s %8s %8s\n", "product", "M x N x K", "gemm", "packed", "small", "eigen");
  std::string json = std::string("{\"target\":\"") + target + "\",\"simd\":\"" + gemm_simd_name() +
                     "\",\"clock\":\"" + (g_wall ? "wall" : "cpu") + "\",\"rows\":[";
  Rng rng(1);
  {  // Warm-up for ~0.5 s so the JIT (V8 tiers wasm up from Liftoff to TurboFan) has optimised every path.
    std::vector<float> A(128 * 128, 0.5f), B(128 * 128, 0.25f), C(128 * 128);
    bench::Stopwatch sw;
    while (sw.wall() < (quick ? 0.3 : 0.6))
      for (const Path& p : kPaths)
        for (int t = 0; t < 4; ++t)
          p.fn(t & 1 ? Trans::Yes : Trans::No, t & 2 ? Trans::Yes : Trans::No, 96, 80, 112, 1.0f, A.data(), 128,
               B.data(), 128, 0.5f, C.data(), 128);
  }
  for (size_t si = 0; si < sizeof(shapes) / sizeof(shapes[0]); ++si) {
    const Shape3& s = shapes[si];
    if (filter && !std::strstr(s.what, filter)) continue;
    std::vector<float> A(static_cast<size_t>(s.M) * s.K), B(static_cast<size_t>(s.K) * s.N),
        C(static_cast<size_t>(s.M) * s.N);
    for (float& v : A) v = rng.uniform() - 0.5f;
    for (float& v : B) v = rng.uniform() - 0.5f;
    char dims[64];
    std::snprintf(dims, sizeof dims, "%dx%dx%d%s%s", s.M, s.N, s.K, s.ta ? " tA" : "", s.tb ? " tB" : "");
    std::printf("%-28s %16s", s.what, dims);
    char row[512];
    std::snprintf(row, sizeof row, "%s{\"what\":\"%s\",\"M\":%d,\"N\":%d,\"K\":%d,\"ta\":%d,\"tb\":%d", json.back() == '[' ? "" : ",",
                  s.what, s.M, s.N, s.K, s.ta, s.tb);
    json += row;
    for (const Path& p : kPaths) {
      // The unpacked loop on big products only shows it is slow; skip it past ~64^3 multiply-adds.
      const bool skip = std::strcmp(p.name, "small") == 0 && static_cast<double>(s.M) * s.N * s.K > 3e5;
      const double g = skip ? 0.0 : measure(p, s, A, B, C, repeats, target_s);
      if (skip) std::printf(" %8s", "-");
      else std::printf(" %8.2f", g);
      std::snprintf(row, sizeof row, ",\"%s\":%.3f", p.name, g);
      json += row;
    }
    json += "}";
    std::printf("\n");
    std::fflush(stdout);
  }
  json += "]}";
  std::printf("gemm_json: %s\n", json.c_str());
  return 0;
}
