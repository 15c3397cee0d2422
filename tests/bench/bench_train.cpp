// Training throughput (samples/s) of the GradLab engine on the five benchmark workloads shared with the peer
// scripts in tests/bench/peers (same specs, batch sizes, synthetic data): forward + backward + a plain SGD
// update (value -= lr * grad) per step, single thread, median of repeats after warm-up. Prints a table and one
// "train_json: {...}" line for tests/bench/run_bench.sh. Built natively and for WASM (node). Not a test.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"
#include "engine/model/model.h"
#include "engine/ops/conv_implicit.h"
#include "engine/ops/gemm.h"
#include "engine/spec/spec.h"
#include "tests/bench/bench_util.h"

using namespace gl;

namespace {

struct Workload {
  const char* id;
  const char* spec;
  int batch;
};

// Keep in sync with tests/bench/peers/workloads.js (the peers build the same networks by hand).
const Workload kWorkloads[] = {
    {"W1", "INPUT 2, FC-8, TANH, FC-8, TANH, FC-2, SOFTMAX", 10},
    {"W2", "INPUT 784, FC-128, FC-10, SOFTMAX", 64},
    {"W3", "INPUT 1 x 28 x 28, CONV5-8-p2-s1, POOL2, CONV5-16-p2-s1, POOL2, FC-10, SOFTMAX", 32},
    {"W4", "INPUT 3 x 32 x 32, CONV3-16-p1-s1, POOL2, CONV3-32-p1-s1, POOL2, FC-10, SOFTMAX", 32},
    {"W5", "INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, POOL2, CONV3-16-p1-s1, POOL2, CONV3-32-p1-s2, FC-256, FC-10, SOFTMAX",
     2},
};

// Synthetic batch: two spirals for the 2-feature MLP, standard-normal inputs otherwise; classes uniform.
void make_batch(const Model& model, int batch, int num_classes, Rng& rng, Tensor& x, Tensor& y) {
  x.resize(model.input_shape().with_batch(batch));
  y.resize(Shape{batch});
  if (model.input_shape() == Shape{2}) {
    for (int i = 0; i < batch; ++i) {
      const int cls = i % 2;
      const float t = 0.25f + 3.0f * rng.uniform();  // radius and angle grow together
      const float a = t * 2.2f + static_cast<float>(cls) * 3.14159265f;
      x[2 * i] = t * std::cos(a) + 0.1f * static_cast<float>(rng.normal());
      x[2 * i + 1] = t * std::sin(a) + 0.1f * static_cast<float>(rng.normal());
      y[i] = static_cast<float>(cls);
    }
    return;
  }
  for (int64_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(rng.normal());
  for (int i = 0; i < batch; ++i) y[i] = static_cast<float>(rng.below(static_cast<uint32_t>(num_classes)));
}

struct Result {
  double samples_per_s = 0, wall_samples_per_s = 0, first_loss = 0, last_loss = 0;
  long steps = 0;
};

Result run_workload(const Workload& w, int repeats, double target_s, bool use_wall) {
  ModelSpec spec = parse_spec_or_throw(w.spec);
  Model model(spec);
  model.init_params(InitDesc{}, 1234);
  Rng rng(99);
  Tensor x, y;
  make_batch(model, w.batch, static_cast<int>(model.output_shape().numel()), rng, x, y);
  std::vector<Param*> params = model.params();
  const float lr = 0.01f;
  Result res;
  auto step = [&] {
    model.forward(x, true);
    const float loss = model.backward(y);
    for (Param* p : params) {  // plain SGD: w -= lr * dw
      float* v = p->value.data();
      const float* g = p->grad.data();
      for (int64_t i = 0; i < p->value.size(); ++i) v[i] -= lr * g[i];
    }
    ++res.steps;
    return loss;
  };
  res.first_loss = step();
  // Warm-up: at least 3 steps and ~target_s (buffers settle, the JIT tiers up under node).
  long per_repeat = 0;
  {
    bench::Stopwatch sw;
    long n = 0;
    while (n < 3 || sw.wall() < target_s) {
      step();
      ++n;
    }
    const double per_step = (use_wall ? sw.wall() : sw.cpu()) / static_cast<double>(n);
    per_repeat = std::max(1L, static_cast<long>(target_s / std::max(per_step, 1e-9)));
  }
  std::vector<double> rates, wall_rates;
  for (int r = 0; r < repeats; ++r) {
    bench::Stopwatch sw;
    for (long i = 0; i < per_repeat; ++i) res.last_loss = step();
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
  bool first = true;
  int failures = 0;
  for (const Workload& w : kWorkloads) {
    if (only && std::strcmp(only, w.id) != 0) continue;
    char buf[256];
    try {
      const Result r = run_workload(w, repeats, target_s, use_wall);
      std::printf("%-4s %6d %12.1f %12.1f %10.4f %10.4f  %s\n", w.id, w.batch, r.samples_per_s,
                  r.wall_samples_per_s, r.first_loss, r.last_loss, w.spec);
      std::snprintf(buf, sizeof buf, "%s\"%s\":%.2f", first ? "" : ",", w.id, r.samples_per_s);
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
  json += "}}";
  std::printf("train_json: %s\n", json.c_str());
  return failures ? 1 : 0;
}
