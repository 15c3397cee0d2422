// im2col / col2im (fast path: contiguous row runs along W) and the naive direct convolution reference.
// Math: with input index i_a = o_a * s_a - p_a + k_a per axis, col[(c,k), o] = x[c, i] or 0 when i is in
// the padding; conv = W[Cout x K] * col[K x P]. col2im is its adjoint (scatter-add).
#include "engine/ops/im2col.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace gl {

bool ConvGeom::is_pointwise() const {
  for (int a = 0; a < 3; ++a)
    if (k[a] != 1 || s[a] != 1 || p[a] != 0) return false;
  return true;
}

void ConvGeom::compute_out() {
  for (int a = 0; a < 3; ++a) out[a] = (in[a] + 2 * p[a] - k[a]) / s[a] + 1;
}

namespace {
// Scatter = false: col = im2col(x). Scatter = true: dx += col2im(dcol). Rows of W are copied as runs.
template <bool Scatter>
void im2col_impl(const ConvGeom& g, const float* x, float* dx, float* col, const float* dcol) {
  const int T = g.in[0], H = g.in[1], W = g.in[2];
  const int oT = g.out[0], oH = g.out[1], oW = g.out[2];
  const int64_t P = g.out_size();
  int64_t row = 0;
  for (int c = 0; c < g.C; ++c)
    for (int kt = 0; kt < g.k[0]; ++kt)
      for (int kh = 0; kh < g.k[1]; ++kh)
        for (int kw = 0; kw < g.k[2]; ++kw, ++row) {
          // Range of ow whose input column iw = ow*sW - pW + kw lies inside [0, W).
          const int sw = g.s[2], off_w = kw - g.p[2];
          int ow_lo = off_w >= 0 ? 0 : (-off_w + sw - 1) / sw;
          int ow_hi = W - off_w <= 0 ? 0 : std::min(oW, (W - 1 - off_w) / sw + 1);  // exclusive
          if (ow_lo > ow_hi) ow_lo = ow_hi;
          int64_t pcol = row * P;
          for (int ot = 0; ot < oT; ++ot) {
            const int it = ot * g.s[0] - g.p[0] + kt;
            for (int oh = 0; oh < oH; ++oh, pcol += oW) {
              const int ih = oh * g.s[1] - g.p[1] + kh;
              const bool inside = it >= 0 && it < T && ih >= 0 && ih < H;
              if constexpr (!Scatter) {
                float* dst = col + pcol;
                if (!inside) {
                  std::fill(dst, dst + oW, 0.0f);
                  continue;
                }
                const int64_t base = ((int64_t(c) * T + it) * H + ih) * W + off_w;  // + ow*sw >= 0 in range
                std::fill(dst, dst + ow_lo, 0.0f);
                if (sw == 1 && ow_hi > ow_lo)
                  std::memcpy(dst + ow_lo, x + base + ow_lo, sizeof(float) * size_t(ow_hi - ow_lo));
                else
                  for (int ow = ow_lo; ow < ow_hi; ++ow) dst[ow] = x[base + int64_t(ow) * sw];
                std::fill(dst + ow_hi, dst + oW, 0.0f);
              } else {
                if (!inside) continue;
                const float* src = dcol + pcol;
                const int64_t base = ((int64_t(c) * T + it) * H + ih) * W + off_w;
                for (int ow = ow_lo; ow < ow_hi; ++ow) dx[base + int64_t(ow) * sw] += src[ow];
              }
            }
          }
        }
}
}  // namespace

void im2col(const ConvGeom& g, const float* x, float* col) { im2col_impl<false>(g, x, nullptr, col, nullptr); }

void col2im(const ConvGeom& g, const float* dcol, float* dx) {
  std::fill(dx, dx + g.C * g.in_size(), 0.0f);
  im2col_impl<true>(g, nullptr, dx, nullptr, dcol);
}

namespace {
// Visits every (o-position, kernel offset) pair with an in-range input: f(c, flat_in, flat_k, flat_out).
template <class F>
void for_each_tap(const ConvGeom& g, F&& f) {
  for (int c = 0; c < g.C; ++c)
    for (int ot = 0; ot < g.out[0]; ++ot)
      for (int oh = 0; oh < g.out[1]; ++oh)
        for (int ow = 0; ow < g.out[2]; ++ow)
          for (int kt = 0; kt < g.k[0]; ++kt)
            for (int kh = 0; kh < g.k[1]; ++kh)
              for (int kw = 0; kw < g.k[2]; ++kw) {
                const int it = ot * g.s[0] - g.p[0] + kt, ih = oh * g.s[1] - g.p[1] + kh,
                          iw = ow * g.s[2] - g.p[2] + kw;
                if (it < 0 || it >= g.in[0] || ih < 0 || ih >= g.in[1] || iw < 0 || iw >= g.in[2]) continue;
                const int64_t xi = ((int64_t(c) * g.in[0] + it) * g.in[1] + ih) * g.in[2] + iw;
                const int64_t ki = ((int64_t(c) * g.k[0] + kt) * g.k[1] + kh) * g.k[2] + kw;
                const int64_t oi = (int64_t(ot) * g.out[1] + oh) * g.out[2] + ow;
                f(xi, ki, oi);
              }
}
}  // namespace

void conv_direct_ref(const ConvGeom& g, int c_out, const float* x, const float* w, const float* b, float* y) {
  const int64_t P = g.out_size(), K = g.col_rows();
  for (int o = 0; o < c_out; ++o) {
    std::vector<double> acc(static_cast<size_t>(P), b ? b[o] : 0.0);
    for_each_tap(g, [&](int64_t xi, int64_t ki, int64_t oi) { acc[size_t(oi)] += double(w[o * K + ki]) * x[xi]; });
    for (int64_t p = 0; p < P; ++p) y[o * P + p] = static_cast<float>(acc[size_t(p)]);
  }
}

void conv_direct_ref_backward(const ConvGeom& g, int c_out, const float* x, const float* w, const float* dy,
                              float* dx, float* dw, float* db) {
  const int64_t P = g.out_size(), K = g.col_rows();
  std::fill(dx, dx + g.C * g.in_size(), 0.0f);
  for (int o = 0; o < c_out; ++o) {
    const float* dyo = dy + o * P;
    for_each_tap(g, [&](int64_t xi, int64_t ki, int64_t oi) {
      dx[xi] += w[o * K + ki] * dyo[oi];
      dw[o * K + ki] += x[xi] * dyo[oi];
    });
    if (db)
      for (int64_t p = 0; p < P; ++p) db[o] += dyo[p];
  }
}

}  // namespace gl
