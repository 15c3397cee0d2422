// Average pooling, 2D (C x H x W) or 3D (C x T x H x W) by input rank, any window, stride and padding, PyTorch
// semantics with count_include_pad=True: zero padding counts, every window divides by kT*kH*kW. Output
// floor((in + 2p - k) / s) + 1, pad <= k/2. No parameters; not ceil_mode, not a divisor override.
#pragma once
#include "engine/layers/layer.h"
#include "engine/ops/im2col.h"

namespace gl {

class AvgPool : public Layer {
 public:
  AvgPool(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::AvgPool; }
  Shape output_shape() const override;
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;

 private:
  Shape in_shape_;
  ConvGeom geom_;
  Shape out_shape_;  // per sample
  Shape shape_n_;    // scratch: N x ... (reused, no allocation per step)
  int n_ = 0;  // batch of the last forward
};

}  // namespace gl
