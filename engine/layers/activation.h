// Element-wise activations with fixed formulas: Identity ("linear"), ReLU, LeakyReLU (slope = act_param),
// Sigmoid, Tanh, ELU (alpha = LayerDesc::elu_alpha), GELU (exact erf form, PyTorch's default).
// ActKind::Formula is NOT here (formula_activation.h).
#pragma once
#include "engine/layers/layer.h"

namespace gl {

class Activation : public Layer {
 public:
  Activation(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::Activation; }
  Shape output_shape() const override { return in_shape_; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;
  ActKind act() const { return act_; }
  float param() const { return param_; }  // LeakyReLU slope or ELU alpha

 private:
  Shape in_shape_;
  ActKind act_;
  float param_ = 0.0f;
  // The derivative needs the last input (ReLU, LeakyReLU, ELU, GELU), the last output (sigmoid, tanh) or
  // neither (identity): only that one is kept.
  bool saves_output() const { return act_ == ActKind::Sigmoid || act_ == ActKind::Tanh; }
  bool saves_input() const { return act_ != ActKind::Identity && !saves_output(); }
  Shape last_shape_;  // N x ...: of the last forward
  Tensor saved_;
};

}  // namespace gl
