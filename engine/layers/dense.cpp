// Dense forward / backward on gl::gemm.
//   out    = inp W^T + b           [N x D_out]
//   dW    += dout^T inp            [D_out x D_in]
//   db    += sum_n dout            [D_out]
//   dinp   = dout W                [N x D_in]   (skipped when !input_grad())
#include "engine/layers/dense.h"

#include <algorithm>

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"
#include "engine/layers/init.h"
#include "engine/ops/gemm.h"

namespace gl {

Dense::Dense(const LayerDesc& desc, const Shape& in_shape) : in_shape_(in_shape), has_bias_(desc.bias) {
  NN_CHECK(desc.units > 0, "dense: units must be positive, got ", desc.units, " (input ", in_shape.str(), ")");
  NN_CHECK(in_shape.rank() >= 1 && in_shape.numel() > 0, "dense: input ", in_shape.str(),
           " must have at least one feature");
  for (int d : in_shape.dims) NN_CHECK(d > 0, "dense: input ", in_shape.str(), " has a zero or negative size");
  d_in_ = static_cast<int>(in_shape.numel());
  d_out_ = desc.units;
  out_shape_ = Shape{d_out_};
  weight_.name = "weight";
  weight_.value = Tensor(Shape{d_out_, d_in_});
  weight_.grad = Tensor(Shape{d_out_, d_in_});
  bias_.name = "bias";
  bias_.decay = false;
  if (has_bias_) {
    bias_.value = Tensor(Shape{d_out_});
    bias_.grad = Tensor(Shape{d_out_});
  }
}

std::vector<Param*> Dense::params() {
  if (has_bias_) return {&weight_, &bias_};
  return {&weight_};
}

void Dense::init_params(const InitDesc& init, Rng& rng) {
  init_weight(weight_.value, init, d_in_, d_out_, rng);
  if (has_bias_) bias_.value.zero();
}

void Dense::forward(const Tensor& inp, Tensor& out, bool) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "dense: expected input N x ",
           in_shape_.str(), ", got ", inp.shape().str());
  const int n = inp.dim(0);
  inp_.resize(inp.shape());
  std::copy(inp.data(), inp.data() + inp.size(), inp_.data());
  out.resize(set_batched(shape_n_, n, out_shape_));
  gemm(Trans::No, Trans::Yes, n, d_out_, d_in_, 1.0f, inp.data(), d_in_, weight_.value.data(), d_in_, 0.0f,
       out.data(), d_out_);
  if (has_bias_)
    for (int i = 0; i < n; ++i) {
      float* row = out.data() + int64_t(i) * d_out_;
      for (int j = 0; j < d_out_; ++j) row[j] += bias_.value[j];
    }
}

void Dense::backward(const Tensor& dout, Tensor& dinp) {
  const int n = inp_.rank() ? inp_.dim(0) : 0;
  NN_CHECK(has_sample_shape(dout, out_shape_) && dout.dim(0) == n, "dense: dout ", dout.shape().str(), " does not match output ",
           Shape({n, d_out_}).str(), " of the last forward");
  gemm(Trans::Yes, Trans::No, d_out_, d_in_, n, 1.0f, dout.data(), d_out_, inp_.data(), d_in_, 1.0f,
       weight_.grad.data(), d_in_);
  if (has_bias_)
    for (int i = 0; i < n; ++i) {
      const float* row = dout.data() + int64_t(i) * d_out_;
      for (int j = 0; j < d_out_; ++j) bias_.grad[j] += row[j];
    }
  if (!input_grad_) return;
  dinp.resize(inp_.shape());
  gemm(Trans::No, Trans::No, n, d_in_, d_out_, 1.0f, dout.data(), d_out_, weight_.value.data(), d_in_, 0.0f,
       dinp.data(), d_in_);
}

}  // namespace gl
