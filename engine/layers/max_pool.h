// Max pooling, 2D (C x H x W) or 3D (C x T x H x W) by input rank, any window, stride and padding, PyTorch
// semantics (padding is -inf, output floor((in + 2p - k) / s) + 1, pad <= k/2). Ties: the first maximum in
// window order (t, h, w) wins and alone receives the gradient. No parameters; not ceil_mode, not dilated.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/layers/layer.h"
#include "engine/ops/im2col.h"

namespace gl {

class MaxPool : public Layer {
 public:
  MaxPool(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::MaxPool; }
  Shape output_shape() const override;
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;

 private:
  Shape in_shape_;
  ConvGeom geom_;
  Shape out_shape_;  // per sample
  Shape shape_n_;    // scratch: N x ... (reused, no allocation per step)
  int n_ = 0;                    // batch of the last forward
  std::vector<int32_t> argmax_;  // N x C x P: index of the winner inside its plane
};

}  // namespace gl
