// Engine work a frame may carry, estimated before it runs. The page is single-threaded: one training step or
// one view's forward pass longer than a frame freezes the UI (a 16 M-parameter net dropped the page to
// 0.3 fps). Estimates come from the inspector's counts and a GEMM rate measured once on this machine, so
// the page can refuse a step it cannot afford and size its views, naming the numbers. Not here: timing
// actual steps (the trainer's time budget does that once a step is affordable).
#pragma once
#include <cstdint>
#include <string>

namespace gl {

// A step estimated above this is not run in the page (it would freeze it). 200 ms keeps the page at 5 frames per
// second or more while it trains, and lets the course's own 3D network (INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1,
// ..., FC-10: 1.5 GFLOP a sample) train at batch 1 where the measured rate drops to 14 GFLOP/s (117 ms: a 2-core
// machine under load); the 16 M-parameter MLP at batch 1024 (98 GFLOP) stays refused.
constexpr double kMaxStepMs = 200.0;
constexpr double kSlowStepMs = 16.0;  // above this the page cannot hold 60 fps while training: a warning
constexpr double kMaxViewMs = 8.0;    // a view's forward pass (decision grid) is sized to stay under this

struct WorkEstimate {
  double gflop = 0;   // floating-point operations, in 1e9
  double rate = 0;    // GFLOP/s measured on this machine
  double ms = 0;      // gflop / rate
  // "2.2 GFLOP, about 45 ms at 49 GFLOP/s measured here"
  std::string text() const;
};

// Single-thread GEMM rate of this machine (GFLOP/s): a 128 x 128 x 128 product timed, best of 5, once.
double measured_gemm_gflops();

// One training step at `batch`: forward 2 x mults, backward 4 x mults per sample (input and weight
// gradients), and ~20 operations per parameter for the update and statistics.
WorkEstimate estimate_step(int64_t mults_per_sample, int64_t params, int batch);
// A forward pass over `samples` inputs (a view: the decision grid, a probe).
WorkEstimate estimate_forward(int64_t mults_per_sample, int64_t samples);

}  // namespace gl
