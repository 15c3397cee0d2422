// Max pooling layer on the kernels of engine/ops/pool.h: forward records each window's winner, backward
// routes dout to it (dinp[winner] += dout).
#include "engine/layers/max_pool.h"

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"
#include "engine/layers/spatial.h"
#include "engine/ops/pool.h"

namespace gl {

MaxPool::MaxPool(const LayerDesc& desc, const Shape& in_shape)
    : in_shape_(in_shape), geom_(resolve_pool_geom(desc, in_shape, "maxpool")), out_shape_(spatial_shape(geom_, geom_.C)) {}

Shape MaxPool::output_shape() const { return out_shape_; }

void MaxPool::forward(const Tensor& inp, Tensor& out, bool) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "maxpool: expected input N x ",
           in_shape_.str(), ", got ", inp.shape().str());
  n_ = inp.dim(0);
  out.resize(set_batched(shape_n_, n_, out_shape_));
  argmax_.resize(static_cast<size_t>(out.size()));
  maxpool_forward(geom_, int64_t(n_) * geom_.C, inp.data(), out.data(), argmax_.data());
}

void MaxPool::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(has_sample_shape(dout, out_shape_) && dout.dim(0) == n_, "maxpool: dout ", dout.shape().str(),
           " does not match output ", output_shape().with_batch(n_).str(), " of the last forward");
  dinp.resize(set_batched(shape_n_, n_, in_shape_));
  maxpool_backward(geom_, int64_t(n_) * geom_.C, dout.data(), argmax_.data(), dinp.data());
}

}  // namespace gl
