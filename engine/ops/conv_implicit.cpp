// Implicit-GEMM convolution (see conv_implicit.h): offset tables, zero padding, and the two products on
// gemm_packed_gather.
#include "engine/ops/conv_implicit.h"

#include <algorithm>
#include <cstring>

#include "engine/ops/gemm_packed.h"

namespace gl {

ConvIndex::ConvIndex(const ConvGeom& g) {
  for (int a = 0; a < 3; ++a) padded[a] = g.in[a] + 2 * g.p[a];
  const int Tp = padded[0], Hp = padded[1], Wp = padded[2];
  koff.reserve(static_cast<size_t>(g.col_rows()));
  for (int c = 0; c < g.C; ++c)
    for (int kt = 0; kt < g.k[0]; ++kt)
      for (int kh = 0; kh < g.k[1]; ++kh)
        for (int kw = 0; kw < g.k[2]; ++kw) koff.push_back(((c * Tp + kt) * Hp + kh) * Wp + kw);
  poff.reserve(static_cast<size_t>(g.out_size()));
  for (int ot = 0; ot < g.out[0]; ++ot)
    for (int oh = 0; oh < g.out[1]; ++oh)
      for (int ow = 0; ow < g.out[2]; ++ow) poff.push_back((ot * g.s[0] * Hp + oh * g.s[1]) * Wp + ow * g.s[2]);
}

void pad_input(const ConvGeom& g, const ConvIndex& ix, const float* x, float* xpad) {
  const int T = g.in[0], H = g.in[1], W = g.in[2];
  const int Hp = ix.padded[1], Wp = ix.padded[2];
  std::fill(xpad, xpad + g.C * ix.padded_size(), 0.0f);
  for (int c = 0; c < g.C; ++c)
    for (int t = 0; t < T; ++t)
      for (int h = 0; h < H; ++h) {
        const float* src = x + ((int64_t(c) * T + t) * H + h) * W;
        float* dst = xpad + ((int64_t(c) * ix.padded[0] + t + g.p[0]) * Hp + h + g.p[1]) * Wp + g.p[2];
        std::memcpy(dst, src, sizeof(float) * size_t(W));
      }
}

void conv_forward_implicit(const ConvIndex& ix, int c_out, const float* w, const float* xpad, float* out) {
  const int K = static_cast<int>(ix.koff.size()), P = static_cast<int>(ix.poff.size());
  gemm_packed_gather(Trans::No, c_out, P, K, 1.0f, w, K, GatherB{xpad, ix.koff.data(), ix.poff.data()}, 0.0f, out,
                     P);
}

void conv_weight_grad_implicit(const ConvIndex& ix, int c_out, const float* dout, const float* xpad, float* dw) {
  const int K = static_cast<int>(ix.koff.size()), P = static_cast<int>(ix.poff.size());
  gemm_packed_gather(Trans::No, c_out, K, P, 1.0f, dout, P, GatherB{xpad, ix.poff.data(), ix.koff.data()}, 1.0f, dw,
                     K);
}

namespace {
#if defined(__wasm_simd128__)
ConvAlgo g_conv_algo = ConvAlgo::Implicit;
#else
ConvAlgo g_conv_algo = ConvAlgo::Im2col;
#endif
}  // namespace

ConvAlgo conv_algo() { return g_conv_algo; }
void set_conv_algo(ConvAlgo algo) { g_conv_algo = algo; }

}  // namespace gl
