// Training throughput (samples/s) of the GradLab engine on the nine benchmark workloads (bench_workloads.h,
// shared with the peer scripts in tests/bench/peers: same networks, batches, data and initial weights):
// forward + backward + plain SGD (value -= lr * grad) per step (W9: inference only), single thread, median of
// repeats after warm-up. Prints a table and one "train_json: {...}" line (rates and first-step losses) for
// tests/bench/run_bench.sh. Built natively and for WASM (node). Not a test.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/ops/conv_implicit.h"
#include "engine/ops/gemm.h"
#include "tests/bench/bench_util.h"
#include "tests/bench/bench_workloads.h"

using namespace gl;

namespace {

struct Result {
  double samples_per_s = 0, wall_samples_per_s = 0, first_loss = 0, last_loss = 0;
};

Result run_workload(const bench::Workload& w, int repeats, double target_s, bool use_wall) {
  bench::Runner run(w);
  Result res;
  res.first_loss = run.step();
  // Warm-up: at least 3 steps and ~target_s (buffers settle, the JIT tiers up under node).
  long per_repeat = 0;
  {
    bench::Stopwatch sw;
    long n = 0;
    while (n < 3 || sw.wall() < target_s) {
      run.step();
      ++n;
    }
    const double per_step = (use_wall ? sw.wall() : sw.cpu()) / static_cast<double>(n);
    per_repeat = std::max(1L, static_cast<long>(target_s / std::max(per_step, 1e-9)));
  }
  std::vector<double> rates, wall_rates;
  for (int r = 0; r < repeats; ++r) {
    bench::Stopwatch sw;
    for (long i = 0; i < per_repeat; ++i) res.last_loss = run.step();
    const double samples = static_cast<double>(per_repeat) * w.batch;
    rates.push_back(samples / std::max(use_wall ? sw.wall() : sw.cpu(), 1e-9));
    wall_rates.push_back(samples / std::max(sw.wall(), 1e-9));
  }
  res.samples_per_s = bench::median(rates);
  res.wall_samples_per_s = bench::median(wall_rates);
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, use_wall = false;
  const char* only = nullptr;  // --only W3: one workload
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    else if (std::strcmp(argv[i], "--wall") == 0) use_wall = true;
    else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
    else if (std::strcmp(argv[i], "--conv") == 0 && i + 1 < argc)  // im2col | implicit (default: per target)
      set_conv_algo(std::strcmp(argv[++i], "implicit") == 0 ? ConvAlgo::Implicit : ConvAlgo::Im2col);
  }
  const int repeats = quick ? 3 : 5;
  const double target_s = quick ? 0.15 : 0.4;
#if defined(__EMSCRIPTEN__)
  const char* target = "wasm";
#else
  const char* target = "native";
#endif
  std::printf("GradLab training throughput (%s, gemm: %s, conv: %s), samples/s, median of %d, %s time\n", target,
              gemm_simd_name(), conv_algo() == ConvAlgo::Implicit ? "implicit GEMM" : "im2col + gemm", repeats,
              use_wall ? "wall" : "CPU");
  std::printf("%-4s %6s %12s %12s %10s %10s  %s\n", "id", "batch", "samples/s", "wall s/s", "loss0", "lossN", "spec");
  std::string json = std::string("{\"system\":\"gradlab-") + target + "\",\"clock\":\"" + (use_wall ? "wall" : "cpu") +
                     "\",\"results\":{";
  std::string losses = "\"loss0\":{";
  bool first = true;
  int failures = 0;
  for (const bench::Workload& w : bench::workloads()) {
    if (only && std::strcmp(only, w.id) != 0) continue;
    char buf[256];
    try {
      const Result r = run_workload(w, repeats, target_s, use_wall);
      std::printf("%-4s %6d %12.1f %12.1f %10.4f %10.4f  %s\n", w.id, w.batch, r.samples_per_s,
                  r.wall_samples_per_s, r.first_loss, r.last_loss, w.spec);
      std::snprintf(buf, sizeof buf, "%s\"%s\":%.2f", first ? "" : ",", w.id, r.samples_per_s);
      char lbuf[64];
      std::snprintf(lbuf, sizeof lbuf, "%s\"%s\":%.6f", losses.size() > 10 ? "," : "", w.id, r.first_loss);
      losses += lbuf;
    } catch (const std::exception& e) {
      ++failures;
      std::printf("%-4s %6d %12s  %s: %s\n", w.id, w.batch, "n/a", w.spec, e.what());
      std::string reason = e.what();
      for (char& c : reason)
        if (c == '"' || c == '\\' || c == '\n') c = ' ';
      std::snprintf(buf, sizeof buf, "%s\"%s\":\"n/a (%.150s)\"", first ? "" : ",", w.id, reason.c_str());
    }
    json += buf;
    first = false;
    std::fflush(stdout);
  }
  json += "}," + losses + "}}";
  std::printf("train_json: %s\n", json.c_str());
  return failures ? 1 : 0;
}
