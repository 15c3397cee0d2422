// Pooling layers, 2D (C x H x W) or 3D (C x T x H x W) by input rank, any window, stride and padding, PyTorch
// semantics, output floor((in + 2p - k) / s) + 1 with pad <= k/2; no parameters, not ceil_mode, not dilated.
//   MaxPool: padding is -inf. Ties: the first maximum in window order (t, h, w) wins and alone receives the
//            gradient.
//   AvgPool: count_include_pad=True: zero padding counts, every window divides by kT*kH*kW (no divisor
//            override).
// PoolLayer holds what both share: geometry, shapes and the batch checks; the kernels are engine/ops/pool.h.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/layers/layer.h"
#include "engine/ops/im2col.h"

namespace gl {

class PoolLayer : public Layer {
 public:
  Shape output_shape() const override { return out_shape_; }

 protected:
  PoolLayer(const LayerDesc& desc, const Shape& in_shape, const char* name);
  // Checks the input, sizes out; returns the number of planes (N x C).
  int64_t begin_forward(const Tensor& inp, Tensor& out);
  // Checks dout against the last forward, sizes dinp; returns the number of planes.
  int64_t begin_backward(const Tensor& dout, Tensor& dinp);

  const char* name_;
  Shape in_shape_;
  ConvGeom geom_;
  Shape out_shape_;  // per sample
  Shape shape_n_;    // scratch: N x ... (reused, no allocation per step)
  int n_ = 0;        // batch of the last forward
};

class MaxPool : public PoolLayer {
 public:
  MaxPool(const LayerDesc& desc, const Shape& in_shape) : PoolLayer(desc, in_shape, "maxpool") {}
  LayerKind kind() const override { return LayerKind::MaxPool; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;

 private:
  std::vector<int32_t> argmax_;  // N x C x P: index of the winner inside its plane
};

class AvgPool : public PoolLayer {
 public:
  AvgPool(const LayerDesc& desc, const Shape& in_shape) : PoolLayer(desc, in_shape, "avgpool") {}
  LayerKind kind() const override { return LayerKind::AvgPool; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;
};

}  // namespace gl
