// Pooling kernels (see pool.h). One window walker shared by max and average, forward and backward.
#include "engine/ops/pool.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace gl {

namespace {
// For every output cell of one plane: f(out_index, lo[3], hi[3]) with the window clipped to the input
// ([lo, hi) per axis, in input coordinates).
template <class F>
void for_each_window(const ConvGeom& g, F&& f) {
  int64_t oi = 0;
  for (int ot = 0; ot < g.out[0]; ++ot)
    for (int oh = 0; oh < g.out[1]; ++oh)
      for (int ow = 0; ow < g.out[2]; ++ow, ++oi) {
        const int o[3] = {ot, oh, ow};
        int lo[3], hi[3];
        for (int a = 0; a < 3; ++a) {
          const int start = o[a] * g.s[a] - g.p[a];
          lo[a] = std::max(start, 0);
          hi[a] = std::min(start + g.k[a], g.in[a]);
        }
        f(oi, lo, hi);
      }
}
}  // namespace

namespace {
// The max rule of pool.h for one candidate: strict > keeps the first maximum; a NaN is taken (NaN propagates).
// Bit masks, not a branch: on real activations the comparison is a coin flip the branch predictor loses, and
// compilers turn a float ?: back into a branch in scalar code.
inline void take_max(float v, int32_t i, float& m, int32_t& best) {
  const uint32_t take = 0u - (static_cast<uint32_t>(v > m) | static_cast<uint32_t>(v != v));
  const uint32_t vb = __builtin_bit_cast(uint32_t, v), mb = __builtin_bit_cast(uint32_t, m);
  m = __builtin_bit_cast(float, (vb & take) | (mb & ~take));
  best = static_cast<int32_t>((static_cast<uint32_t>(i) & take) | (static_cast<uint32_t>(best) & ~take));
}

// POOL2 on a 2D plane (2 x 2 window, stride 2, no padding), one output row at a time with every index
// computed from ow alone: a loop the compiler vectorizes (~30x faster natively than the general walker).
void maxpool2x2_forward(const ConvGeom& g, int64_t planes, const float* x, float* y, int32_t* argmax) {
  const int64_t in = g.in_size(), P = g.out_size();
  const int W = g.in[2], oH = g.out[1], oW = g.out[2];
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* xp = x + pl * in;
    for (int oh = 0; oh < oH; ++oh) {
      const int32_t r0 = 2 * oh * W;
      float* yr = y + pl * P + int64_t(oh) * oW;
      int32_t* ar = argmax + pl * P + int64_t(oh) * oW;
      int ow = 0;
#if defined(__wasm_simd128__)
      // Four windows at a time: even and odd columns of both rows split out of two loads each, the max rule
      // as bit selects (V8 does not vectorize the scalar loop below).
      for (; ow + 4 <= oW; ow += 4) {
        const int32_t i0 = r0 + 2 * ow;
        const v128_t a0 = wasm_v128_load(xp + i0), a1 = wasm_v128_load(xp + i0 + 4);
        const v128_t b0 = wasm_v128_load(xp + i0 + W), b1 = wasm_v128_load(xp + i0 + W + 4);
        v128_t m = wasm_i32x4_shuffle(a0, a1, 0, 2, 4, 6);
        const v128_t idx = wasm_i32x4_add(wasm_i32x4_splat(i0), wasm_i32x4_make(0, 2, 4, 6));
        v128_t best = idx;
        auto take = [&](v128_t v, int32_t off) {
          const v128_t t = wasm_v128_or(wasm_f32x4_gt(v, m), wasm_f32x4_ne(v, v));
          m = wasm_v128_bitselect(v, m, t);
          best = wasm_v128_bitselect(wasm_i32x4_add(idx, wasm_i32x4_splat(off)), best, t);
        };
        take(wasm_i32x4_shuffle(a0, a1, 1, 3, 5, 7), 1);
        take(wasm_i32x4_shuffle(b0, b1, 0, 2, 4, 6), W);
        take(wasm_i32x4_shuffle(b0, b1, 1, 3, 5, 7), W + 1);
        wasm_v128_store(yr + ow, m);
        wasm_v128_store(ar + ow, best);
      }
#endif
      for (; ow < oW; ++ow) {
        const int32_t i0 = r0 + 2 * ow;
        float m = xp[i0];
        int32_t best = i0;
        take_max(xp[i0 + 1], i0 + 1, m, best);
        take_max(xp[i0 + W], i0 + W, m, best);
        take_max(xp[i0 + W + 1], i0 + W + 1, m, best);
        yr[ow] = m;
        ar[ow] = best;
      }
    }
  }
}

// No padding: every window lies inside the input, so its cells are fixed offsets from its first cell.
// (The common POOL2 case; 2D 2 x 2 windows get an unrolled loop.)
void maxpool_forward_unpadded(const ConvGeom& g, int64_t planes, const float* x, float* y, int32_t* argmax) {
  const int64_t in = g.in_size(), P = g.out_size();
  const int H = g.in[1], W = g.in[2];
  const bool k2x2 = g.k[0] == 1 && g.k[1] == 2 && g.k[2] == 2;
  if (k2x2 && g.in[0] == 1 && g.s[1] == 2 && g.s[2] == 2) return maxpool2x2_forward(g, planes, x, y, argmax);
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* xp = x + pl * in;
    float* yp = y + pl * P;
    int32_t* ap = argmax + pl * P;
    int64_t oi = 0;
    for (int ot = 0; ot < g.out[0]; ++ot)
      for (int oh = 0; oh < g.out[1]; ++oh) {
        int32_t first = (ot * g.s[0] * H + oh * g.s[1]) * W;
        for (int ow = 0; ow < g.out[2]; ++ow, ++oi, first += g.s[2]) {
          float m = xp[first];
          int32_t best = first;
          if (k2x2) {
            take_max(xp[first + 1], first + 1, m, best);
            take_max(xp[first + W], first + W, m, best);
            take_max(xp[first + W + 1], first + W + 1, m, best);
          } else {
            for (int t = 0; t < g.k[0]; ++t)
              for (int h = 0; h < g.k[1]; ++h)
                for (int w = 0; w < g.k[2]; ++w) {
                  const int32_t i = first + (t * H + h) * W + w;
                  if (i != first) take_max(xp[i], i, m, best);
                }
          }
          yp[oi] = m;
          ap[oi] = best;
        }
      }
  }
}
}  // namespace

void maxpool_forward(const ConvGeom& g, int64_t planes, const float* x, float* y, int32_t* argmax) {
  if (g.p[0] == 0 && g.p[1] == 0 && g.p[2] == 0) return maxpool_forward_unpadded(g, planes, x, y, argmax);
  const int64_t in = g.in_size(), P = g.out_size();
  const int H = g.in[1], W = g.in[2];
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* xp = x + pl * in;
    float* yp = y + pl * P;
    int32_t* ap = argmax + pl * P;
    for_each_window(g, [&](int64_t oi, const int* lo, const int* hi) {
      float m = -std::numeric_limits<float>::infinity();
      int32_t best = -1;
      for (int t = lo[0]; t < hi[0]; ++t)
        for (int h = lo[1]; h < hi[1]; ++h)
          for (int w = lo[2]; w < hi[2]; ++w) {
            const int32_t i = static_cast<int32_t>((int64_t(t) * H + h) * W + w);
            if (best < 0) m = xp[i], best = i;
            else take_max(xp[i], i, m, best);
          }
      yp[oi] = m;
      ap[oi] = best;
    });
  }
}

void maxpool_backward(const ConvGeom& g, int64_t planes, const float* dy, const int32_t* argmax, float* dx) {
  const int64_t in = g.in_size(), P = g.out_size();
  std::fill(dx, dx + planes * in, 0.0f);
  for (int64_t pl = 0; pl < planes; ++pl)
    for (int64_t oi = 0; oi < P; ++oi) {
      const int32_t i = argmax[pl * P + oi];
      if (i >= 0) dx[pl * in + i] += dy[pl * P + oi];
    }
}

void avgpool_forward(const ConvGeom& g, int64_t planes, const float* x, float* y) {
  const int64_t in = g.in_size(), P = g.out_size();
  const int H = g.in[1], W = g.in[2];
  const float inv = 1.0f / static_cast<float>(g.kvol());
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* xp = x + pl * in;
    float* yp = y + pl * P;
    for_each_window(g, [&](int64_t oi, const int* lo, const int* hi) {
      float acc = 0.0f;
      for (int t = lo[0]; t < hi[0]; ++t)
        for (int h = lo[1]; h < hi[1]; ++h)
          for (int w = lo[2]; w < hi[2]; ++w) acc += xp[(int64_t(t) * H + h) * W + w];
      yp[oi] = acc * inv;
    });
  }
}

void avgpool_backward(const ConvGeom& g, int64_t planes, const float* dy, float* dx) {
  const int64_t in = g.in_size(), P = g.out_size();
  const int H = g.in[1], W = g.in[2];
  const float inv = 1.0f / static_cast<float>(g.kvol());
  std::fill(dx, dx + planes * in, 0.0f);
  for (int64_t pl = 0; pl < planes; ++pl) {
    float* dxp = dx + pl * in;
    const float* dyp = dy + pl * P;
    for_each_window(g, [&](int64_t oi, const int* lo, const int* hi) {
      const float d = dyp[oi] * inv;
      for (int t = lo[0]; t < hi[0]; ++t)
        for (int h = lo[1]; h < hi[1]; ++h)
          for (int w = lo[2]; w < hi[2]; ++w) dxp[(int64_t(t) * H + h) * W + w] += d;
    });
  }
}

}  // namespace gl
