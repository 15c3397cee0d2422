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

namespace {
// The max rule of pool.h for one candidate: strict > keeps the first maximum; a NaN is taken (NaN propagates).
inline void take_max(float v, int32_t i, float& m, int32_t& best) {
  if (v > m || std::isnan(v)) {
    m = v;
    best = i;
  }
}

// No padding: every window lies inside the input, so its cells are fixed offsets from its first cell.
// (The common POOL2 case; 2D 2 x 2 windows get an unrolled loop.)
void maxpool_forward_unpadded(const ConvGeom& g, int64_t planes, const float* x, float* y, int32_t* argmax) {
  const int64_t in = g.in_size(), P = g.out_size();
  const int H = g.in[1], W = g.in[2];
  const bool k2x2 = g.k[0] == 1 && g.k[1] == 2 && g.k[2] == 2;
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
