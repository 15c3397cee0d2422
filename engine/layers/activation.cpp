// Activation forward / backward; y = f(x), dinp = dout * f'(x):
//   relu: max(0,x), f' = [x > 0]            leakyrelu: x>0 ? x : a*x, f' = x>0 ? 1 : a
//   sigmoid: s = 1/(1+e^-x), f' = s(1-s)    tanh: f' = 1 - y^2
//   elu: x>0 ? x : alpha*(e^x - 1), f' = x>0 ? 1 : alpha*e^x
//   gelu: x*Phi(x), Phi(x) = (1 + erf(x/sqrt 2))/2, f' = Phi(x) + x*phi(x), phi = e^(-x^2/2)/sqrt(2 pi)
#include "engine/layers/activation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"

namespace gl {

Activation::Activation(const LayerDesc& desc, const Shape& in_shape) : in_shape_(in_shape), act_(desc.act) {
  NN_CHECK(act_ != ActKind::Formula && act_ != ActKind::Count, "activation: kind ",
           act_ == ActKind::Formula ? "formula" : "unknown", " is not a fixed activation (input ", in_shape.str(),
           ")");
  for (int d : in_shape.dims) NN_CHECK(d > 0, "activation: input ", in_shape.str(), " has a zero or negative size");
  if (act_ == ActKind::LeakyReLU) param_ = desc.act_param;
  if (act_ == ActKind::ELU) param_ = desc.elu_alpha;
}

namespace {
constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// dx = x > 0 ? dy : 0 as a bit mask (the same bits as the select). Written this way because the select
// compiled to WASM ran ~10x slower than the forward pass (measured in bench_profile); the mask vectorizes.
void relu_backward(const float* x, const float* dy, float* dx, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t mask = 0u - static_cast<uint32_t>(x[i] > 0.0f);
    dx[i] = __builtin_bit_cast(float, __builtin_bit_cast(uint32_t, dy[i]) & mask);
  }
}
}  // namespace

void Activation::forward(const Tensor& inp, Tensor& out, bool) {
  NN_CHECK(has_sample_shape(inp, in_shape_), act_kind_name(act_),
           ": expected input N x ", in_shape_.str(), ", got ", inp.shape().str());
  last_shape_ = inp.shape();
  if (saves_input()) {
    saved_.resize(inp.shape());
    std::copy(inp.data(), inp.data() + inp.size(), saved_.data());
  }
  out.resize(inp.shape());
  const float a = param_;
  const int64_t n = inp.size();
  const float* x = inp.data();
  float* y = out.data();
  switch (act_) {
    case ActKind::Identity: std::copy(x, x + n, y); break;
    case ActKind::ReLU: for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f; break;
    case ActKind::LeakyReLU: for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : a * x[i]; break;
    case ActKind::Sigmoid:
      for (int64_t i = 0; i < n; ++i) {
        // Stable in both tails: never exp of a large positive number.
        const float e = std::exp(-std::fabs(x[i]));
        y[i] = x[i] >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
      }
      break;
    case ActKind::Tanh: for (int64_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]); break;
    case ActKind::ELU: for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : a * std::expm1(x[i]); break;
    case ActKind::GELU:
      for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(0.5 * x[i] * (1.0 + std::erf(x[i] * kInvSqrt2)));
      break;
    case ActKind::Formula:
    case ActKind::Count: break;
  }
  if (saves_output()) {
    saved_.resize(out.shape());
    std::copy(y, y + n, saved_.data());
  }
}

void Activation::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(dout.shape() == last_shape_, act_kind_name(act_), ": dout ", dout.shape().str(),
           " does not match output ", last_shape_.str(), " of the last forward");
  dinp.resize(dout.shape());
  const float a = param_;
  const int64_t n = dout.size();
  const float *x = saved_.data(), *y = saved_.data(), *dy = dout.data();  // whichever saves_*() kept
  float* dx = dinp.data();
  switch (act_) {
    case ActKind::Identity: std::copy(dy, dy + n, dx); break;
    case ActKind::ReLU: relu_backward(x, dy, dx, n); break;
    case ActKind::LeakyReLU: for (int64_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : a * dy[i]; break;
    case ActKind::Sigmoid: for (int64_t i = 0; i < n; ++i) dx[i] = dy[i] * y[i] * (1.0f - y[i]); break;
    case ActKind::Tanh: for (int64_t i = 0; i < n; ++i) dx[i] = dy[i] * (1.0f - y[i] * y[i]); break;
    case ActKind::ELU:
      for (int64_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * a * std::exp(x[i]);
      break;
    case ActKind::GELU:
      for (int64_t i = 0; i < n; ++i) {
        const double xi = x[i];
        const double cdf = 0.5 * (1.0 + std::erf(xi * kInvSqrt2));
        const double pdf = kInvSqrt2Pi * std::exp(-0.5 * xi * xi);
        dx[i] = static_cast<float>(dy[i] * (cdf + xi * pdf));
      }
      break;
    case ActKind::Formula:
    case ActKind::Count: break;
  }
}

}  // namespace gl
