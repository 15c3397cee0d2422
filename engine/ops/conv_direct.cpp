// Direct stride-1 convolution kernels (see conv_direct.h). Written on GCC/Clang vector extensions: 4-float
// vectors, which Emscripten compiles to WASM SIMD f32x4 and g++ to SSE. Register budget (V8 has 16 vector
// registers): the forward tile is 4 rows x 8 outputs = 8 accumulators, the weight-gradient tile 2 rows x 4 taps.
#include "engine/ops/conv_direct.h"

#include "engine/ops/simd4.h"

#include <algorithm>
#include <cstring>

namespace gl {

using namespace simd4;

void conv_rows_pack(int M, int K, const float* A, std::vector<float>& dst) {
  const int panels = (M + 3) / 4;
  dst.assign(static_cast<size_t>(panels) * K * 4, 0.0f);
  for (int m = 0; m < M; ++m)
    for (int k = 0; k < K; ++k) dst[(static_cast<size_t>(m / 4) * K + k) * 4 + m % 4] = A[static_cast<size_t>(m) * K + k];
}

void conv_rows_pack_flipped(int c_out, int c, int kh, int kw, const float* w, std::vector<float>& dst) {
  // A'[ci][(o, i, j)] = w[o][ci][kh-1-i][kw-1-j]
  const int taps = kh * kw, K = c_out * taps, panels = (c + 3) / 4;
  dst.assign(static_cast<size_t>(panels) * K * 4, 0.0f);
  for (int ci = 0; ci < c; ++ci)
    for (int o = 0; o < c_out; ++o)
      for (int t = 0; t < taps; ++t) {
        const float v = w[(static_cast<size_t>(o) * c + ci) * taps + (taps - 1 - t)];
        dst[(static_cast<size_t>(ci / 4) * K + o * taps + t) * 4 + ci % 4] = v;
      }
}

void conv_rows_forward(int M, int K, const float* apack, const int32_t* koff, const float* x, int ldx, int oH,
                       int oW, const float* bias, float* out) {
  const int64_t P = int64_t(oH) * oW;
  for (int m0 = 0; m0 < M; m0 += 4) {
    const float* ap = apack + static_cast<size_t>(m0 / 4) * K * 4;
    const int mr = std::min(4, M - m0);
    float b[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    if (bias)
      for (int i = 0; i < mr; ++i) b[i] = bias[m0 + i];
    for (int oh = 0; oh < oH; ++oh) {
      const float* xr = x + static_cast<int64_t>(oh) * ldx;
      float* orow = out + m0 * P + static_cast<int64_t>(oh) * oW;
      for (int ow = 0; ow < oW; ow += 8) {
        V4 c00 = splat(b[0]), c01 = c00, c10 = splat(b[1]), c11 = c10;
        V4 c20 = splat(b[2]), c21 = c20, c30 = splat(b[3]), c31 = c30;
        const float* xo = xr + ow;
        const float* a = ap;
        for (int k = 0; k < K; ++k, a += 4) {
          const float* src = xo + koff[k];
          const V4 b0 = load4(src), b1 = load4(src + 4);
          V4 ai = splat(a[0]);
          c00 += ai * b0;
          c01 += ai * b1;
          ai = splat(a[1]);
          c10 += ai * b0;
          c11 += ai * b1;
          ai = splat(a[2]);
          c20 += ai * b0;
          c21 += ai * b1;
          ai = splat(a[3]);
          c30 += ai * b0;
          c31 += ai * b1;
        }
        const V4 rows[4][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
        const int nr = std::min(8, oW - ow);
        for (int i = 0; i < mr; ++i) {
          float* dst = orow + i * P + ow;
          if (nr == 8) {
            store4(dst, rows[i][0]);
            store4(dst + 4, rows[i][1]);
          } else {
            alignas(16) float t[8];
            store4(t, rows[i][0]);
            store4(t + 4, rows[i][1]);
            std::memcpy(dst, t, sizeof(float) * size_t(nr));
          }
        }
      }
    }
  }
}

namespace {
// Scratch that grows to the largest layer seen and is then reused: no heap traffic per step after warm-up.
struct WeightGradScratch {
  std::vector<float> dout;     // dout with rows padded to whole vectors (zeros), when oW is not a multiple of 4
  std::vector<int32_t> xoff;   // per vector of outputs: its offset in x
};
thread_local WeightGradScratch g_wg;

// One sample's weight gradient in tiles of MB rows (output channels) x KB taps: each tile's MB * KB dot
// products run over every output position in one loop (vector t: dout at 4 t, x at xoff[t] + koff[k]),
// accumulate in registers and are reduced once.
template <int MB, int KB>
void weight_grad_tiles(int M, int K, const float* dout, int64_t ldd, const int32_t* koff, const float* x,
                       const int32_t* xoff, int T, float* dA) {
  for (int m0 = 0; m0 < M; m0 += MB) {
    const int mn = std::min(MB, M - m0);  // rows past M repeat the last one; their sums are dropped
    const float* d[MB];
    for (int i = 0; i < MB; ++i) d[i] = dout + (m0 + std::min(i, mn - 1)) * ldd;
    for (int k0 = 0; k0 < K; k0 += KB) {
      const int kn = std::min(KB, K - k0);
      const float* xk[KB];
      for (int j = 0; j < KB; ++j) xk[j] = x + koff[k0 + std::min(j, kn - 1)];
      V4 acc[MB][KB];
      for (int i = 0; i < MB; ++i)
        for (int j = 0; j < KB; ++j) acc[i][j] = splat(0.0f);
      for (int t = 0; t < T; ++t) {
        V4 e[MB];
        for (int i = 0; i < MB; ++i) e[i] = load4(d[i] + 4 * t);
        const int32_t xo = xoff[t];
        for (int j = 0; j < KB; ++j) {
          const V4 xv = load4(xk[j] + xo);
          for (int i = 0; i < MB; ++i) acc[i][j] += e[i] * xv;
        }
      }
      for (int i = 0; i < mn; ++i)
        for (int j = 0; j < kn; ++j) dA[static_cast<int64_t>(m0 + i) * K + k0 + j] += hsum(acc[i][j]);
    }
  }
}
}  // namespace

void conv_rows_weight_grad(int M, int K, const float* dout, const int32_t* koff, const float* x, int ldx, int oH,
                           int oW, float* dA) {
  // Rows of whole vectors: dout as it is when oW is a multiple of 4, else copied with zero lanes past oW (they
  // meet x values of the padded input's next columns, finite for a finite input, and add 0).
  const int owv = (oW + 3) / 4 * 4, T = oH * owv / 4;
  const int64_t P = int64_t(oH) * oW;
  const float* d = dout;
  if (owv != oW) {
    if (g_wg.dout.size() < static_cast<size_t>(M) * oH * owv) g_wg.dout.resize(static_cast<size_t>(M) * oH * owv);
    float* dst = g_wg.dout.data();
    for (int m = 0; m < M; ++m)
      for (int oh = 0; oh < oH; ++oh) {
        float* row = dst + (static_cast<int64_t>(m) * oH + oh) * owv;
        std::memcpy(row, dout + m * P + static_cast<int64_t>(oh) * oW, sizeof(float) * size_t(oW));
        std::fill(row + oW, row + owv, 0.0f);
      }
    d = dst;
  }
  if (g_wg.xoff.size() < static_cast<size_t>(T)) g_wg.xoff.resize(static_cast<size_t>(T));
  for (int oh = 0, t = 0; oh < oH; ++oh)
    for (int w = 0; w < owv; w += 4) g_wg.xoff[t++] = oh * ldx + w;
  weight_grad_tiles<2, 4>(M, K, d, int64_t(oH) * owv, koff, x, g_wg.xoff.data(), T, dA);
}

float sum_floats(const float* p, int64_t n) {
  V4 s0 = splat(0.0f), s1 = s0;
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    s0 += load4(p + i);
    s1 += load4(p + i + 4);
  }
  float s = hsum(s0 + s1);
  for (; i < n; ++i) s += p[i];
  return s;
}

}  // namespace gl
