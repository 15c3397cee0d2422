// Conv forward / backward per sample n (K = C_in * kernel volume, P = output positions):
//   col_n   = im2col(x_n)                 [K x P]
//   out_n   = W col_n + b                 [C_out x P]     (W viewed as C_out x K)
//   dW     += dout_n col_n^T              [C_out x K]
//   db     += sum_p dout_n                [C_out]
//   dinp_n  = col2im(W^T dout_n)          [C_in x (T x) H x W]   (skipped when !input_grad())
// Pointwise convs (1x1, stride 1, no pad) skip im2col: the input sample already is col_n. With the implicit
// algorithm (conv_implicit.h, the WASM default) col_n is never written: forward and dW gather it from the
// zero-padded input, which is kept from forward for backward instead of a copy of the input; its 2D stride-1
// case reads the padded input in place (conv_direct.h), and computes the input gradient as the convolution of
// dout, zero-padded by q = k - 1 - p, with the kernel flipped and transposed:
//   dinp[c][h][w] = sum_{o,i,j} W[o][c][kH-1-i][kW-1-j] * dpad[o][h + i][w + j]
#include "engine/layers/conv.h"

#include <algorithm>

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"
#include "engine/layers/init.h"
#include "engine/layers/spatial.h"
#include "engine/ops/conv_direct.h"
#include "engine/ops/conv_implicit.h"
#include "engine/ops/gemm.h"

namespace gl {

Conv::Conv(const LayerDesc& desc, const Shape& in_shape)
    : in_shape_(in_shape), geom_(resolve_geom(desc, in_shape, "conv")), c_out_(desc.units), has_bias_(desc.bias) {
  NN_CHECK(desc.units > 0, "conv: output channels must be positive, got ", desc.units, " (input ", in_shape.str(),
           ")");
  out_shape_ = spatial_shape(geom_, c_out_);
  if (conv_algo() == ConvAlgo::Implicit && !geom_.is_pointwise()) index_ = std::make_unique<ConvIndex>(geom_);
  direct_ = index_ && !geom_.is3d && geom_.s[1] == 1 && geom_.s[2] == 1;
  if (direct_) {
    dq_[0] = geom_.k[1] - 1 - geom_.p[1];
    dq_[1] = geom_.k[2] - 1 - geom_.p[2];
    direct_dx_ = dq_[0] >= 0 && dq_[1] >= 0;
    const int dh = geom_.out[1] + 2 * dq_[0], dw = geom_.out[2] + 2 * dq_[1];
    if (direct_dx_) {
      for (int o = 0; o < c_out_; ++o)
        for (int i = 0; i < geom_.k[1]; ++i)
          for (int j = 0; j < geom_.k[2]; ++j) dkoff_.push_back((o * dh + i) * dw + j);
      dpad_.resize(Shape{c_out_ * dh * dw + kConvRowsSlack});
    }
  }
  col_shape_ = Shape{static_cast<int>(geom_.col_rows()), static_cast<int>(geom_.out_size())};
  std::vector<int> wdims{c_out_, geom_.C};
  for (int a = geom_.is3d ? 0 : 1; a < 3; ++a) wdims.push_back(geom_.k[a]);
  weight_.name = "weight";
  weight_.value = Tensor(Shape(wdims));
  weight_.grad = Tensor(Shape(wdims));
  bias_.name = "bias";
  bias_.decay = false;
  if (has_bias_) {
    bias_.value = Tensor(Shape{c_out_});
    bias_.grad = Tensor(Shape{c_out_});
  }
}

Shape Conv::output_shape() const { return out_shape_; }

std::vector<Param*> Conv::params() {
  if (has_bias_) return {&weight_, &bias_};
  return {&weight_};
}

void Conv::init_params(const InitDesc& init, Rng& rng) {
  init_weight(weight_.value, init, geom_.C * geom_.kvol(), c_out_ * geom_.kvol(), rng);
  if (has_bias_) bias_.value.zero();
}

void Conv::forward(const Tensor& inp, Tensor& out, bool) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "conv: expected input N x ", in_shape_.str(),
           ", got ", inp.shape().str());
  const int n = inp.dim(0);
  const int K = static_cast<int>(geom_.col_rows()), P = static_cast<int>(geom_.out_size());
  const int64_t in_sz = geom_.C * geom_.in_size(), out_sz = int64_t(c_out_) * P;
  out.resize(set_batched(shape_n_, n, out_shape_));
  const bool pointwise = geom_.is_pointwise();
  if (index_) {  // kept for backward; the slack past each sample is read (and dropped) by the direct kernels
    xpad_.resize(Shape{n, static_cast<int>(geom_.C * index_->padded_size()) + kConvRowsSlack});
    if (direct_) conv_rows_pack(c_out_, K, weight_.value.data(), wpack_);
  } else {
    inp_.resize(inp.shape());
    std::copy(inp.data(), inp.data() + inp.size(), inp_.data());
    if (!pointwise) col_.resize(col_shape_);
  }
  for (int i = 0; i < n; ++i) {
    const float* x = inp.data() + i * in_sz;
    float* y = out.data() + i * out_sz;
    if (index_) {
      float* xp = xpad_.data() + i * xpad_.dim(1);
      pad_input(geom_, *index_, x, xp);
      std::fill(xp + geom_.C * index_->padded_size(), xp + xpad_.dim(1), 0.0f);
      if (direct_) {  // bias added in the kernel's output pass
        conv_rows_forward(c_out_, K, wpack_.data(), index_->koff.data(), xp, index_->padded[2], geom_.out[1],
                          geom_.out[2], has_bias_ ? bias_.value.data() : nullptr, y);
        continue;
      }
      conv_forward_implicit(*index_, c_out_, weight_.value.data(), xp, y);
    } else {
      const float* col = x;
      if (!pointwise) {
        im2col(geom_, x, col_.data());
        col = col_.data();
      }
      gemm(Trans::No, Trans::No, c_out_, P, K, 1.0f, weight_.value.data(), K, col, P, 0.0f, y, P);
    }
    if (has_bias_)
      for (int o = 0; o < c_out_; ++o) {
        const float b = bias_.value[o];
        float* row = y + int64_t(o) * P;
        for (int p = 0; p < P; ++p) row[p] += b;
      }
  }
}

void Conv::backward(const Tensor& dout, Tensor& dinp) {
  const Tensor& saved = index_ ? xpad_ : inp_;
  const int n = saved.rank() ? saved.dim(0) : 0;
  NN_CHECK(has_sample_shape(dout, out_shape_) && dout.dim(0) == n, "conv: dout ", dout.shape().str(),
           " does not match output ", output_shape().with_batch(n).str(), " of the last forward");
  const int K = static_cast<int>(geom_.col_rows()), P = static_cast<int>(geom_.out_size());
  const int64_t in_sz = geom_.C * geom_.in_size(), out_sz = int64_t(c_out_) * P;
  if (input_grad_) dinp.resize(set_batched(shape_n_, n, in_shape_));
  const bool pointwise = geom_.is_pointwise();
  if (!pointwise) {
    if (!index_) col_.resize(col_shape_);
    if (input_grad_ && !direct_dx_) dcol_.resize(col_shape_);
  }
  if (input_grad_ && direct_dx_)
    conv_rows_pack_flipped(c_out_, geom_.C, geom_.k[1], geom_.k[2], weight_.value.data(), wtpack_);
  for (int i = 0; i < n; ++i) {
    const float* dy = dout.data() + i * out_sz;
    if (direct_) {
      conv_rows_weight_grad(c_out_, K, dy, index_->koff.data(), xpad_.data() + i * xpad_.dim(1), index_->padded[2],
                            geom_.out[1], geom_.out[2], weight_.grad.data());
    } else if (index_) {
      conv_weight_grad_implicit(*index_, c_out_, dy, xpad_.data() + i * xpad_.dim(1), weight_.grad.data());
    } else {
      const float* x = inp_.data() + i * in_sz;
      const float* col = x;
      if (!pointwise) {
        im2col(geom_, x, col_.data());
        col = col_.data();
      }
      gemm(Trans::No, Trans::Yes, c_out_, K, P, 1.0f, dy, P, col, P, 1.0f, weight_.grad.data(), K);
    }
    if (has_bias_)
      for (int o = 0; o < c_out_; ++o) bias_.grad[o] += sum_floats(dy + int64_t(o) * P, P);
    if (!input_grad_) continue;
    float* dx = dinp.data() + i * in_sz;
    if (direct_dx_) {
      const int oH = geom_.out[1], oW = geom_.out[2], dh = oH + 2 * dq_[0], dw = oW + 2 * dq_[1];
      float* dp = dpad_.data();  // borders and slack zero since construction; the interior is rewritten
      for (int o = 0; o < c_out_; ++o)
        for (int h = 0; h < oH; ++h)
          std::copy(dy + (int64_t(o) * oH + h) * oW, dy + (int64_t(o) * oH + h + 1) * oW,
                    dp + (int64_t(o) * dh + h + dq_[0]) * dw + dq_[1]);
      conv_rows_forward(geom_.C, static_cast<int>(dkoff_.size()), wtpack_.data(), dkoff_.data(), dp, dw, geom_.in[1],
                        geom_.in[2], nullptr, dx);
      continue;
    }
    float* dcol = pointwise ? dx : dcol_.data();
    gemm(Trans::Yes, Trans::No, K, P, c_out_, 1.0f, weight_.value.data(), K, dy, P, 0.0f, dcol, P);
    if (!pointwise) col2im(geom_, dcol, dx);
  }
}

}  // namespace gl
