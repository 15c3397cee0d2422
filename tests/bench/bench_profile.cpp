// Where a CNN training step goes: W3 and W4 of bench_workloads.h stepped layer by layer, each layer's forward
// and backward timed on its own, plus the loss, the zeroing of gradients and the SGD update, with the conv /
// FC flop counts, against a 256^3 GEMM timed in the same process. Median over repeats of process CPU time
// (robust to the other processes of a shared machine). Prints a table per workload and one "profile_json: {...}" line
// for tests/bench/report.js. Built natively and for WASM (node). Not a test.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/ops/gemm.h"
#include "tests/bench/bench_util.h"
#include "tests/bench/bench_workloads.h"

using namespace gl;

namespace {

struct Part {
  std::string name;
  int64_t flops = 0;  // per step, forward + backward products (0: not a product)
  std::vector<double> fwd, bwd;  // ms per step, one entry per repeat
};

// Flops of a conv / dense layer per step: 2 per multiply-add, forward, weight gradient, input gradient.
int64_t layer_flops(Layer& l, int batch) {
  std::vector<Param*> ps = l.params();
  if (ps.empty() || ps[0]->name != "weight") return 0;
  const Tensor& wt = ps[0]->value;
  const int64_t positions = l.output_shape().numel() / wt.dim(0);
  const int64_t fwd = 2 * wt.size() * positions * batch;
  return fwd * (l.input_grad() ? 3 : 2);
}

double gemm_rate(double target_s) {  // GFLOP/s of a 256^3 product, single thread
  const int n = 256;
  std::vector<float> a(n * n, 0.5f), b(n * n, 0.25f), c(n * n);
  long reps = 0;
  bench::Stopwatch sw;
  while (reps < 3 || sw.cpu() < target_s) {
    gemm(Trans::No, Trans::No, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    ++reps;
  }
  return 2.0 * n * n * n * static_cast<double>(reps) / sw.cpu() / 1e9;
}

std::string profile(const bench::Workload& w, int repeats, int steps) {
  bench::Runner run(w);
  Model& m = *run.model;
  const ModelSpec spec = parse_spec_or_throw(w.spec);
  const int L = m.num_layers();
  int first_param = L;
  for (int i = 0; i < L && first_param == L; ++i)
    if (!m.layer(i).params().empty()) first_param = i;
  std::vector<Part> parts(static_cast<size_t>(L) + 3);
  for (int i = 0; i < L; ++i) {
    parts[i].name = spec.rows[static_cast<size_t>(m.layer_row(i))].text + ": " + layer_kind_name(m.layer(i).kind());
    parts[i].flops = layer_flops(m.layer(i), w.batch);
  }
  Part &loss = parts[L], &zero = parts[L + 1], &update = parts[L + 2];
  loss.name = "loss (softmax CE)";
  zero.name = "zero gradients";
  update.name = "SGD update";
  std::vector<Tensor> acts(static_cast<size_t>(L) + 1), grads(static_cast<size_t>(L) + 1);
  std::vector<double> fwd(parts.size()), bwd(parts.size()), step_ms;
  auto lap = [](double& acc, double& t0) {
    const double t = bench::cpu_seconds();
    acc += (t - t0) * 1e3;
    t0 = t;
  };
  auto one_step = [&] {
    double t0 = bench::cpu_seconds();
    for (Param* p : m.params()) p->grad.zero();
    lap(fwd[L + 1], t0);
    for (int i = 0; i < L; ++i) {
      m.layer(i).forward(i == 0 ? run.x : acts[i], acts[i + 1], true);
      lap(fwd[i], t0);
    }
    loss_forward_backward(m.loss(), acts[L], run.y, grads[L]);
    lap(fwd[L], t0);
    for (int i = L - 1; i >= first_param; --i) {
      m.layer(i).backward(grads[i + 1], grads[i]);
      lap(bwd[i], t0);
    }
    bench::sgd(m.params(), run.lr);
    lap(fwd[L + 2], t0);
  };
  for (int i = 0; i < steps; ++i) one_step();  // warm-up
  for (int r = 0; r < repeats; ++r) {
    std::fill(fwd.begin(), fwd.end(), 0.0);
    std::fill(bwd.begin(), bwd.end(), 0.0);
    const double t = bench::cpu_seconds();
    for (int i = 0; i < steps; ++i) one_step();
    step_ms.push_back((bench::cpu_seconds() - t) * 1e3 / steps);
    for (size_t p = 0; p < parts.size(); ++p) {
      parts[p].fwd.push_back(fwd[p] / steps);
      parts[p].bwd.push_back(bwd[p] / steps);
    }
  }
  const double step = bench::median(step_ms);
  int64_t flops = 0;
  for (const Part& p : parts) flops += p.flops;
  std::printf("%s (batch %d): %.3f ms per step, %.1f MFLOP, %.1f GFLOP/s\n", w.id, w.batch, step, flops / 1e6,
              flops / step / 1e6);
  std::printf("  %-34s %10s %10s %7s %8s\n", "part", "fwd ms", "bwd ms", "share", "GFLOP/s");
  std::string json = std::string("{\"id\":\"") + w.id + "\",\"batch\":" + std::to_string(w.batch) +
                     ",\"step_ms\":" + std::to_string(step) + ",\"flops\":" + std::to_string(flops) + ",\"rows\":[";
  for (size_t p = 0; p < parts.size(); ++p) {
    const double f = bench::median(parts[p].fwd), b = bench::median(parts[p].bwd);
    std::printf("  %-34s %10.4f %10.4f %6.1f%% %8.1f\n", parts[p].name.c_str(), f, b, 100 * (f + b) / step,
                parts[p].flops ? parts[p].flops / (f + b) / 1e6 : 0.0);
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s{\"name\":\"%s\",\"fwd_ms\":%.5f,\"bwd_ms\":%.5f,\"flops\":%lld}", p ? "," : "",
                  parts[p].name.c_str(), f, b, static_cast<long long>(parts[p].flops));
    json += buf;
  }
  return json + "]}";
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
#if defined(__EMSCRIPTEN__)
  const char* target = "wasm";
#else
  const char* target = "native";
#endif
  const int repeats = quick ? 3 : 7, steps = quick ? 10 : 30;
  gemm_rate(0.2);  // warm-up: under node the first calls run before the optimising compiler has tiered up
  const double rate = gemm_rate(quick ? 0.2 : 0.5);
  std::printf("GradLab per-layer profile (%s, gemm %s: %.1f GFLOP/s on 256^3), median of %d x %d steps, CPU time\n",
              target, gemm_simd_name(), rate, repeats, steps);
  std::string json = std::string("{\"target\":\"") + target + "\",\"gemm_gflops\":" + std::to_string(rate) +
                     ",\"workloads\":[";
  bool first = true;
  for (const bench::Workload& w : bench::workloads()) {
    if (std::strcmp(w.id, "W3") != 0 && std::strcmp(w.id, "W4") != 0) continue;
    json += (first ? "" : ",") + profile(w, repeats, steps);
    first = false;
  }
  std::printf("profile_json: %s]}\n", json.c_str());
  return 0;
}
