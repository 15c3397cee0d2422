// Convolution as a GEMM whose column matrix is never written (implicit im2col). With the input zero-padded
// once per sample (xpad: C x Tp x Hp x Wp, Tp = T + 2 pT, ...), the im2col matrix is separable:
//   col[k][p] = xpad[koff[k] + poff[p]]
//   koff[k] for tap k = (c, kt, kh, kw):   ((c * Tp + kt) * Hp + kh) * Wp + kw
//   poff[p] for output p = (ot, oh, ow):  ((ot * sT) * Hp + oh * sH) * Wp + ow * sW
// so the packed GEMM gathers its B panels straight from xpad: no K x P matrix is written, read back and
// packed again (for a 5x5x5 conv on 3 x 8 x 64 x 64 that matrix is 49 MB per sample).
//   forward:        out[Cout x P]  = W[Cout x K] col            (B = col:   rows koff, columns poff)
//   weight grad:    dW[Cout x K]  += dout[Cout x P] col^T       (B = col^T: rows poff, columns koff)
// The input gradient still goes through W^T dout and col2im (see conv.cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "engine/ops/im2col.h"

namespace gl {

struct ConvIndex {
  int padded[3] = {1, 1, 1};  // Tp, Hp, Wp
  std::vector<int32_t> koff;  // K = C * kT * kH * kW
  std::vector<int32_t> poff;  // P = oT * oH * oW

  explicit ConvIndex(const ConvGeom& g);
  int64_t padded_size() const { return int64_t(padded[0]) * padded[1] * padded[2]; }  // per channel
};

// xpad (C x Tp x Hp x Wp) = x (C x T x H x W) with zero borders; the borders are written too.
void pad_input(const ConvGeom& g, const ConvIndex& ix, const float* x, float* xpad);
// out[c_out x P] = W[c_out x K] * col (beta = 0).
void conv_forward_implicit(const ConvIndex& ix, int c_out, const float* w, const float* xpad, float* out);
// dw[c_out x K] += dout[c_out x P] * col^T.
void conv_weight_grad_implicit(const ConvIndex& ix, int c_out, const float* dout, const float* xpad, float* dw);

// Which convolution algorithm new conv layers use: implicit GEMM (the WASM SIMD default: it saves the
// column matrix's memory traffic, which the 4 x 8 kernel cannot hide) or im2col + gemm (the native default:
// Eigen's AVX GEMM is fast enough there that the copy matters less). Switchable so tests compare both.
enum class ConvAlgo { Im2col, Implicit };
ConvAlgo conv_algo();
void set_conv_algo(ConvAlgo algo);

}  // namespace gl
