// Batch normalisation over every axis but the channel axis: N x D (features), N x C x H x W (over N,H,W),
// N x C x T x H x W (over N,T,H,W); in general per-sample shape C x S... normalised per C, like PyTorch's
// BatchNorm1d/2d/3d. Learnable gamma/beta; running mean/var with PyTorch's convention (momentum 0.1,
// running var from the UNBIASED batch variance, normalisation with the biased one, eps 1e-5); eval uses them.
#pragma once
#include "engine/layers/layer.h"

namespace gl {

class BatchNorm : public Layer {
 public:
  BatchNorm(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::BatchNorm; }
  Shape output_shape() const override { return in_shape_; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;
  std::vector<Param*> params() override { return {&gamma_, &beta_}; }
  void init_params(const InitDesc& init, Rng& rng) override;
  std::vector<std::pair<std::string, const Tensor*>> buffers() const override;
  // Writable running statistics (C each), e.g. to load saved state or a reference case.
  Tensor& running_mean() { return running_mean_; }
  Tensor& running_var() { return running_var_; }

 private:
  Shape in_shape_;
  int C_ = 0;
  int64_t S_ = 1;  // elements per channel per sample (H*W, T*H*W, or 1)
  float eps_, momentum_;
  Param gamma_, beta_;                  // C each
  Tensor running_mean_, running_var_;   // C each
  Tensor xhat_;                         // N x C x S: normalised input of the last forward
  Tensor inv_std_;                      // C: 1 / sqrt(var + eps) used by the last forward
  int n_ = 0;
  bool train_ = false;                  // mode of the last forward (selects the backward formula)
};

}  // namespace gl
