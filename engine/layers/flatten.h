// Flatten: N x C x H x W (or any N x ...) -> N x (C*H*W), row-major order kept, as torch.flatten(x, 1).
// A copy, not a view (tensors own their buffers).
#pragma once
#include "engine/layers/layer.h"

namespace gl {

class Flatten : public Layer {
 public:
  Flatten(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::Flatten; }
  Shape output_shape() const override { return out_shape_; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;

 private:
  Shape in_shape_, out_shape_;
  Shape shape_n_;  // scratch: N x ... (reused)
  int n_ = 0;
};

}  // namespace gl
