// Pooling layers on the kernels of engine/ops/pool.h. Max: forward records each window's winner, backward
// routes dout to it (dinp[winner] += dout). Average: out = mean of the (zero-padded) window, dinp = each dout
// spread over its window with weight 1 / kernel volume.
#include "engine/layers/pool_layers.h"

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"
#include "engine/layers/spatial.h"
#include "engine/ops/pool.h"

namespace gl {

PoolLayer::PoolLayer(const LayerDesc& desc, const Shape& in_shape, const char* name)
    : name_(name), in_shape_(in_shape), geom_(resolve_pool_geom(desc, in_shape, name)),
      out_shape_(spatial_shape(geom_, geom_.C)) {}

int64_t PoolLayer::begin_forward(const Tensor& inp, Tensor& out) {
  NN_CHECK(has_sample_shape(inp, in_shape_), name_, ": expected input N x ", in_shape_.str(), ", got ",
           inp.shape().str());
  n_ = inp.dim(0);
  out.resize(set_batched(shape_n_, n_, out_shape_));
  return int64_t(n_) * geom_.C;
}

int64_t PoolLayer::begin_backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(has_sample_shape(dout, out_shape_) && dout.dim(0) == n_, name_, ": dout ", dout.shape().str(),
           " does not match output ", output_shape().with_batch(n_).str(), " of the last forward");
  dinp.resize(set_batched(shape_n_, n_, in_shape_));
  return int64_t(n_) * geom_.C;
}

void MaxPool::forward(const Tensor& inp, Tensor& out, bool) {
  const int64_t planes = begin_forward(inp, out);
  argmax_.resize(static_cast<size_t>(out.size()));
  maxpool_forward(geom_, planes, inp.data(), out.data(), argmax_.data());
}

void MaxPool::backward(const Tensor& dout, Tensor& dinp) {
  const int64_t planes = begin_backward(dout, dinp);
  maxpool_backward(geom_, planes, dout.data(), argmax_.data(), dinp.data());
}

void AvgPool::forward(const Tensor& inp, Tensor& out, bool) {
  const int64_t planes = begin_forward(inp, out);  // before out.data(): it sizes out
  avgpool_forward(geom_, planes, inp.data(), out.data());
}

void AvgPool::backward(const Tensor& dout, Tensor& dinp) {
  const int64_t planes = begin_backward(dout, dinp);
  avgpool_backward(geom_, planes, dout.data(), dinp.data());
}

}  // namespace gl
