// Work estimates (work_estimate.h): a measured GEMM rate and FLOP counts from the inspector's numbers.
#include "engine/session/work_estimate.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "engine/ops/gemm.h"

namespace gl {

std::string WorkEstimate::text() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.2g GFLOP, about %.0f ms at %.0f GFLOP/s measured here", gflop, ms, rate);
  return buf;
}

double measured_gemm_gflops() {
  static const double rate = [] {
    constexpr int n = 128;
    std::vector<float> a(n * n, 0.5f), b(n * n, 0.25f), c(n * n, 0.0f);
    double best = 1e9;
    for (int rep = 0; rep < 5; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      gemm(Trans::No, Trans::No, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return std::max(0.1, 2.0 * n * n * n / std::max(best, 1e-9) / 1e9);  // floor: a machine under heavy load
  }();
  return rate;
}

namespace {
WorkEstimate make(double flop) {
  WorkEstimate e;
  e.gflop = flop / 1e9;
  e.rate = measured_gemm_gflops();
  e.ms = e.gflop / e.rate * 1e3;
  return e;
}
}  // namespace

WorkEstimate estimate_step(int64_t mults_per_sample, int64_t params, int batch) {
  return make(6.0 * static_cast<double>(mults_per_sample) * batch + 20.0 * static_cast<double>(params));
}

WorkEstimate estimate_forward(int64_t mults_per_sample, int64_t samples) {
  return make(2.0 * static_cast<double>(mults_per_sample) * static_cast<double>(samples));
}

}  // namespace gl
