// Fully connected layer: out[N x D_out] = inp[N x D_in] * W^T + b, with W stored D_out x D_in as in
// PyTorch's nn.Linear. Any N x ... input is treated as N x D_in (flattened). Bias optional (desc.bias).
#pragma once
#include "engine/layers/layer.h"

namespace gl {

class Dense : public Layer {
 public:
  Dense(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::Dense; }
  Shape output_shape() const override { return out_shape_; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;
  std::vector<Param*> params() override;
  void init_params(const InitDesc& init, Rng& rng) override;

 private:
  Shape in_shape_, out_shape_;
  Shape shape_n_;  // scratch: N x D_out (reused, no allocation per step)
  int d_in_ = 0, d_out_ = 0;
  bool has_bias_ = true;
  Param weight_, bias_;  // weight D_out x D_in, bias D_out
  Tensor inp_;           // N x in_shape: copy of the last input, for dweight
};

}  // namespace gl
