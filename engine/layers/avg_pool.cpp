// Average pooling layer on the kernels of engine/ops/pool.h: out = mean of the (zero-padded) window,
// dinp = each dout spread over its window with weight 1 / kernel volume.
#include "engine/layers/avg_pool.h"

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"
#include "engine/layers/spatial.h"
#include "engine/ops/pool.h"

namespace gl {

AvgPool::AvgPool(const LayerDesc& desc, const Shape& in_shape)
    : in_shape_(in_shape), geom_(resolve_pool_geom(desc, in_shape, "avgpool")), out_shape_(spatial_shape(geom_, geom_.C)) {}

Shape AvgPool::output_shape() const { return out_shape_; }

void AvgPool::forward(const Tensor& inp, Tensor& out, bool) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "avgpool: expected input N x ",
           in_shape_.str(), ", got ", inp.shape().str());
  n_ = inp.dim(0);
  out.resize(set_batched(shape_n_, n_, out_shape_));
  avgpool_forward(geom_, int64_t(n_) * geom_.C, inp.data(), out.data());
}

void AvgPool::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(has_sample_shape(dout, out_shape_) && dout.dim(0) == n_, "avgpool: dout ", dout.shape().str(),
           " does not match output ", output_shape().with_batch(n_).str(), " of the last forward");
  dinp.resize(set_batched(shape_n_, n_, in_shape_));
  avgpool_backward(geom_, int64_t(n_) * geom_.C, dout.data(), dinp.data());
}

}  // namespace gl
