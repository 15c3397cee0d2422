// Dropout forward / backward: train: mask = (u >= p) / (1-p) with u ~ U[0,1), out = inp * mask,
// dinp = dout * mask; eval: out = inp, dinp = dout. p = 1 drops everything (mask all 0).
#include "engine/layers/dropout.h"

#include <algorithm>

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"

namespace gl {

Dropout::Dropout(const LayerDesc& desc, const Shape& in_shape) : in_shape_(in_shape), p_(desc.dropout_p) {
  NN_CHECK(p_ >= 0.0f && p_ <= 1.0f, "dropout: drop probability must be in [0, 1], got ", p_, " (input ",
           in_shape.str(), ")");
  for (int d : in_shape.dims) NN_CHECK(d > 0, "dropout: input ", in_shape.str(), " has a zero or negative size");
}

void Dropout::forward(const Tensor& inp, Tensor& out, bool train) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "dropout: expected input N x ",
           in_shape_.str(), ", got ", inp.shape().str());
  train_ = train;
  last_shape_ = inp.shape();
  out.resize(inp.shape());
  if (!train) {
    std::copy(inp.data(), inp.data() + inp.size(), out.data());
    return;
  }
  mask_.resize(inp.shape());
  const float keep_scale = p_ < 1.0f ? 1.0f / (1.0f - p_) : 0.0f;
  for (int64_t i = 0; i < inp.size(); ++i) {
    mask_[i] = rng_.uniform() >= p_ ? keep_scale : 0.0f;
    out[i] = inp[i] * mask_[i];
  }
}

void Dropout::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(dout.shape() == last_shape_, "dropout: dout ", dout.shape().str(), " does not match output ",
           last_shape_.str(), " of the last forward");
  dinp.resize(dout.shape());
  if (!train_) {
    std::copy(dout.data(), dout.data() + dout.size(), dinp.data());
    return;
  }
  for (int64_t i = 0; i < dout.size(); ++i) dinp[i] = dout[i] * mask_[i];
}

}  // namespace gl
