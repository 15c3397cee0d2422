// Clocks and statistics shared by the bench_*.cpp executables. Rates are computed from process CPU time by
// default (robust when the 2-core machine is shared; equal to wall time for this single-threaded code on an
// idle machine); wall time is kept alongside. Under Emscripten the CPU clock is node's process.cpuUsage().
#pragma once
#include <algorithm>
#include <chrono>
#include <vector>

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
EM_JS(double, bench_js_cpu_seconds, (), {
  if (typeof process !== 'undefined' && process.cpuUsage) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  return performance.now() / 1e3;
});
#else
#include <ctime>
#endif

namespace gl::bench {

inline double wall_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

inline double cpu_seconds() {
#if defined(__EMSCRIPTEN__)
  return bench_js_cpu_seconds();
#else
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
#endif
}

// One timed interval on both clocks.
struct Stopwatch {
  double wall0 = wall_seconds(), cpu0 = cpu_seconds();
  double wall() const { return wall_seconds() - wall0; }
  double cpu() const { return cpu_seconds() - cpu0; }
};

inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

inline double best(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

}  // namespace gl::bench
