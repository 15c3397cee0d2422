// Flatten forward / backward: the same numbers under a new shape (out = inp, dinp = dout).
#include "engine/layers/flatten.h"

#include <algorithm>

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"

namespace gl {

Flatten::Flatten(const LayerDesc&, const Shape& in_shape)
    : in_shape_(in_shape), out_shape_{static_cast<int>(in_shape.numel())} {
  NN_CHECK(in_shape.rank() >= 1, "flatten: input must have at least one axis, got a scalar");
  for (int d : in_shape.dims) NN_CHECK(d > 0, "flatten: input ", in_shape.str(), " has a zero or negative size");
}

void Flatten::forward(const Tensor& inp, Tensor& out, bool) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "flatten: expected input N x ",
           in_shape_.str(), ", got ", inp.shape().str());
  n_ = inp.dim(0);
  out.resize(set_batched(shape_n_, n_, out_shape_));
  std::copy(inp.data(), inp.data() + inp.size(), out.data());
}

void Flatten::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(has_sample_shape(dout, out_shape_) && dout.dim(0) == n_, "flatten: dout ", dout.shape().str(),
           " does not match output ", output_shape().with_batch(n_).str(), " of the last forward");
  dinp.resize(set_batched(shape_n_, n_, in_shape_));
  std::copy(dout.data(), dout.data() + dout.size(), dinp.data());
}

}  // namespace gl
