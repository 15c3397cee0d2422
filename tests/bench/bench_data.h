// The benchmark's synthetic data and initial weights, bit-for-bit the same as tests/bench/peers/workloads.js
// (mulberry32 + Box-Muller in double precision, rounded to float), so every system starts from the same
// batch and the same weights and the first-step losses can be compared. Not the engine's Rng or init: this
// exists only so that peers written in JavaScript can reproduce it.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/layers/layer.h"

namespace gl::bench {

// mulberry32, as in workloads.js.
struct Mulberry {
  uint32_t a;
  explicit Mulberry(uint32_t seed) : a(seed) {}
  double u() {
    a += 0x6d2b79f5u;
    uint32_t t = a;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }
  double normal() {
    const double r = std::sqrt(-2.0 * std::log(1.0 - u()));
    return r * std::cos(2.0 * 3.141592653589793 * u());
  }
};

// Image / feature batch (workloads.js makeBatch): x channels-first N x per, y class ids. Two spirals when
// the sample has 2 features.
inline void canon_batch(int batch, int per, int num_classes, Tensor& x, Tensor& y) {
  Mulberry r(99);
  for (int i = 0; i < batch; ++i) {
    if (per == 2) {
      const int cls = i % 2;
      const double t = 0.25 + 3 * r.u(), a = t * 2.2 + cls * 3.141592653589793;
      const double n1 = r.normal();
      x[2 * i] = static_cast<float>(t * std::cos(a) + 0.1 * n1);
      const double n2 = r.normal();
      x[2 * i + 1] = static_cast<float>(t * std::sin(a) + 0.1 * n2);
      y[i] = static_cast<float>(cls);
    } else {
      for (int k = 0; k < per; ++k) x[static_cast<int64_t>(i) * per + k] = static_cast<float>(r.normal());
      y[i] = static_cast<float>(static_cast<int>(std::floor(r.u() * num_classes)));
    }
  }
}

// Character sequences (workloads.js makeSeqBatch): T+1 random symbols per sample; x one-hot N x T x V of
// symbols 0..T-1, y the N*T next symbols (row n*T + t).
inline void canon_seq_batch(int batch, int T, int V, Tensor& x, Tensor& y) {
  Mulberry r(77);
  x.zero();
  for (int n = 0; n < batch; ++n) {
    std::vector<int> c(static_cast<size_t>(T) + 1);
    for (int& v : c) v = static_cast<int>(std::floor(r.u() * V));
    for (int t = 0; t < T; ++t) {
      x[(static_cast<int64_t>(n) * T + t) * V + c[t]] = 1.0f;
      y[static_cast<int64_t>(n) * T + t] = static_cast<float>(c[t + 1]);
    }
  }
}

// Weight matrix number j (0, 1, ... in network order, in PyTorch's layout: out x in x kernel...; recurrent
// layers weight_ih then weight_hh) is uniform(-a, a), a = sqrt(6 / fan_in), fan_in = numel / rows, drawn in
// flat order from mulberry32(1000 + j). Biases and BN shifts are 0, BN scales 1.
inline void canon_weights(int j, Tensor& w) {
  Mulberry r(1000u + static_cast<uint32_t>(j));
  const double fan_in = static_cast<double>(w.size()) / w.dim(0);
  const double a = std::sqrt(6.0 / fan_in);
  for (int64_t k = 0; k < w.size(); ++k) w[k] = static_cast<float>(a * (2.0 * r.u() - 1.0));
}

inline void canon_init(const std::vector<Param*>& params) {
  int j = 0;
  for (Param* p : params) {
    if (p->name.rfind("weight", 0) == 0) canon_weights(j++, p->value);
    else p->value.fill(p->name == "gamma" ? 1.0f : 0.0f);
  }
}

}  // namespace gl::bench
