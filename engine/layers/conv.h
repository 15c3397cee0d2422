// Convolution layer, 2D (input C x H x W) or 3D (C x T x H x W) chosen by the input rank; any kernel, stride
// and zero padding per axis. Implemented as im2col / vol2col + gl::gemm, or as an implicit GEMM that never
// writes the column matrix (conv_implicit.h; chosen by conv_algo() when the layer is built), whose 2D stride-1
// case runs the direct kernels of conv_direct.h (bias added in the output pass, the input gradient as the
// flipped convolution of the padded dout), one sample at a
// time, with the workspaces kept as members and reused (no allocation per step once shapes are stable). Weight layout
// as PyTorch: C_out x C_in x kH x kW (3D: C_out x C_in x kT x kH x kW). Not grouped, not dilated.
#pragma once
#include "engine/layers/layer.h"
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/ops/conv_implicit.h"
#include "engine/ops/im2col.h"

namespace gl {

class Conv : public Layer {
 public:
  Conv(const LayerDesc& desc, const Shape& in_shape);
  LayerKind kind() const override { return LayerKind::Conv; }
  Shape output_shape() const override;
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;
  std::vector<Param*> params() override;
  void init_params(const InitDesc& init, Rng& rng) override;

  const ConvGeom& geom() const { return geom_; }
  // The column workspaces, exposed so tests can check they are not reallocated between steps.
  const Tensor& col_workspace() const { return col_; }
  const Tensor& padded_input_workspace() const { return xpad_; }
  bool implicit_gemm() const { return index_ != nullptr; }
  bool direct() const { return direct_; }  // the stride-1 2D kernels of conv_direct.h
  const Tensor& dcol_workspace() const { return dcol_; }

 private:
  Shape in_shape_;
  ConvGeom geom_;
  int c_out_ = 0;
  Shape out_shape_;   // per sample: C_out x (oT x) oH x oW
  Shape col_shape_;   // K x P
  Shape shape_n_;     // scratch: N x ... (reused, no allocation per step)
  bool has_bias_ = true;
  Param weight_, bias_;  // weight C_out x C_in x (kT x) kH x kW, bias C_out
  std::unique_ptr<ConvIndex> index_;  // set: implicit GEMM (inp_ and col_ unused, xpad_ kept instead)
  Tensor xpad_;          // N x (C * Tp * Hp * Wp + kConvRowsSlack): the zero-padded last input, zero slack after
  Tensor inp_;           // N x C x (T x) H x W: copy of the last input (columns are rebuilt in backward)
  Tensor col_;           // K x P, K = C_in*kT*kH*kW, P = oT*oH*oW
  Tensor dcol_;          // K x P
  // Direct kernels (2D, stride 1, implicit algorithm): the weight packed for conv_rows_forward, and for the
  // input gradient (pads q = k - 1 - p >= 0) the flipped kernel, its taps in the padded dout and that buffer.
  bool direct_ = false, direct_dx_ = false;
  int dq_[2] = {0, 0};                 // q along H, W
  std::vector<float> wpack_, wtpack_;  // ceil(C_out/4) x K x 4, ceil(C_in/4) x (C_out*kH*kW) x 4
  std::vector<int32_t> dkoff_;         // C_out*kH*kW offsets into dpad_
  Tensor dpad_;                        // C_out x (oH + 2 qH) x (oW + 2 qW) + slack: one sample's padded dout
};

}  // namespace gl
