// Frames: a clip C x T x H x W becomes a sequence of T frames, T x (C*H*W), so a per-frame 2D CNN (convs with
// kernel 1 on T, CONV(1x3x3)) can feed an RNN / LSTM / GRU over time (the exam's "model c"). PyTorch:
// x.permute(0, 2, 1, 3, 4).flatten(2). A copy with the axes reordered; no parameters.
#pragma once
#include "engine/layers/layer.h"

namespace gl {

class Frames : public Layer {
 public:
  Frames(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::Frames; }
  Shape output_shape() const override { return out_shape_; }
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;

 private:
  Shape in_shape_, out_shape_;  // C x T x H x W, T x (C*H*W)
  Shape shape_n_;               // scratch: N x ... (reused)
  int n_ = 0;
};

}  // namespace gl
