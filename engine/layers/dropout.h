// Inverted dropout: in training each unit is zeroed with probability p (desc.dropout_p) and survivors are
// scaled by 1/(1-p), so eval is the identity. The mask comes from the layer's own Rng, seeded by set_seed,
// so a run repeats exactly. Not PyTorch's random stream (masks differ from torch for the same seed).
#pragma once
#include "engine/layers/layer.h"

namespace gl {

class Dropout : public Layer {
 public:
  Dropout(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::Dropout; }
  Shape output_shape() const override { return in_shape_; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;
  void set_seed(uint64_t seed) override { rng_.reseed(seed); }
  float p() const { return p_; }
  // N x ...: 0 or 1/(1-p) per unit, from the last training forward.
  const Tensor& mask() const { return mask_; }
  // The mask generator (saved and restored with a run, so a resumed run draws the same masks).
  Rng& rng() { return rng_; }

 private:
  Shape in_shape_;
  float p_;
  Rng rng_;
  Tensor mask_;
  Shape last_shape_;
  bool train_ = false;
};

}  // namespace gl
