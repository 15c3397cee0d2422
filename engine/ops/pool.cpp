// Pooling kernels (see pool.h). One window walker shared by max and average, forward and backward.
#include "engine/ops/pool.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

void maxpool_forward(const ConvGeom& g, int64_t planes, const float* x, float* y, int32_t* argmax) {
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
            const float v = xp[i];
            if (best < 0 || v > m || std::isnan(v)) {  // strict >: first maximum wins; NaN propagates
              m = v;
              best = i;
            }
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
