// Packed, cache-blocked GEMM with a 4 x 8 register-tile micro-kernel (wasm_simd128 f32x4 mul+add where
// compiled for WASM SIMD, plain C++ otherwise), and the unpacked small-product path. No Eigen here.
// Loop nest (BLIS): jc over N by NC { pc over K by KC { pack B; ic over M by MC { pack A; jr by NR { ir by MR
// { kernel } } } } }. beta is applied on the first K block only; alpha is folded into the packed A.
#include "engine/ops/gemm_packed.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/ops/simd4.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace gl {

namespace {

constexpr int MR = 4, NR = 8;             // register tile: 4 rows x 2 f32x4 = 8 accumulators (V8 has 16)
constexpr int MC = 128, KC = 256, NC = 2048;  // A block 128 KB (L2), B panel 8 KB (L1), B block 2 MB

// Scratch that grows to the largest block seen and is then reused: no heap traffic after warm-up.
struct PackScratch {
  std::vector<float> a, b;  // a: MC x KC in MR-row panels; b: KC x NC in NR-column panels
};
thread_local PackScratch g_scratch;

// Packs rows [i0, i0+mc) x cols [k0, k0+kc) of op(A), scaled by alpha, into panels of MR rows:
// dst[p][k][i] = alpha * op(A)[i0 + p*MR + i, k0 + k], rows past mc zero. dst: ceil(mc/MR) x kc x MR.
void pack_a(bool at, const float* A, int lda, int i0, int mc, int k0, int kc, float alpha, float* dst) {
  for (int ip = 0; ip < mc; ip += MR, dst += kc * MR) {
    const int mr = std::min(MR, mc - ip);
    if (!at) {  // op(A)[i,k] = A[i*lda + k]: each row contiguous in k
      for (int i = 0; i < mr; ++i) {
        const float* src = A + static_cast<long>(i0 + ip + i) * lda + k0;
        for (int k = 0; k < kc; ++k) dst[k * MR + i] = alpha * src[k];
      }
    } else {  // op(A)[i,k] = A[k*lda + i]: each k contiguous in i
      for (int k = 0; k < kc; ++k) {
        const float* src = A + static_cast<long>(k0 + k) * lda + i0 + ip;
        for (int i = 0; i < mr; ++i) dst[k * MR + i] = alpha * src[i];
      }
    }
    if (mr < MR)
      for (int k = 0; k < kc; ++k)
        for (int i = mr; i < MR; ++i) dst[k * MR + i] = 0.0f;
  }
}

// Packs rows [k0, k0+kc) x cols [j0, j0+nc) of op(B) into panels of NR columns:
// dst[q][k][j] = op(B)[k0 + k, j0 + q*NR + j], columns past nc zero. dst: ceil(nc/NR) x kc x NR.
void pack_b(bool bt, const float* B, int ldb, int k0, int kc, int j0, int nc, float* dst) {
  for (int jp = 0; jp < nc; jp += NR, dst += kc * NR) {
    const int nr = std::min(NR, nc - jp);
    if (!bt) {  // op(B)[k,j] = B[k*ldb + j]
      for (int k = 0; k < kc; ++k) {
        const float* src = B + static_cast<long>(k0 + k) * ldb + j0 + jp;
        float* d = dst + k * NR;
        if (nr == NR) {
          for (int j = 0; j < NR; ++j) d[j] = src[j];
        } else {
          for (int j = 0; j < nr; ++j) d[j] = src[j];
          for (int j = nr; j < NR; ++j) d[j] = 0.0f;
        }
      }
    } else {  // op(B)[k,j] = B[j*ldb + k]
      for (int j = 0; j < nr; ++j) {
        const float* src = B + static_cast<long>(j0 + jp + j) * ldb + k0;
        for (int k = 0; k < kc; ++k) dst[k * NR + j] = src[k];
      }
      for (int k = 0; k < kc; ++k)
        for (int j = nr; j < NR; ++j) dst[k * NR + j] = 0.0f;
    }
  }
}

// Packs the same block of a gathered op(B)[r][c] = base[roff[r] + coff[c]] (an implicit im2col). Runs of
// NR consecutive offsets (stride-1 convolution rows) are copied as one block.
void pack_b_gather(const GatherB& g, int k0, int kc, int j0, int nc, float* dst) {
  for (int jp = 0; jp < nc; jp += NR, dst += kc * NR) {
    const int nr = std::min(NR, nc - jp);
    const int32_t* co = g.coff + j0 + jp;
    const bool run = nr == NR && co[NR - 1] - co[0] == NR - 1;  // offsets increase strictly: a contiguous run
    for (int k = 0; k < kc; ++k) {
      const float* src = g.base + g.roff[k0 + k];
      float* d = dst + k * NR;
      if (run) {
        std::memcpy(d, src + co[0], sizeof(float) * NR);
        continue;
      }
      for (int j = 0; j < nr; ++j) d[j] = src[co[j]];
      for (int j = nr; j < NR; ++j) d[j] = 0.0f;
    }
  }
}

// Full MR x NR tile: C[i,j] = beta*C[i,j] + sum_k a[k][i] * b[k][j]   (beta == 0: C is not read).
// a: kc x MR packed, b: kc x NR packed, C: MR x NR with row stride ldc.
#if defined(__wasm_simd128__)
inline void store_row(float* c, v128_t lo, v128_t hi, float beta) {
  if (beta == 0.0f) {
  } else if (beta == 1.0f) {
    lo = wasm_f32x4_add(lo, wasm_v128_load(c));
    hi = wasm_f32x4_add(hi, wasm_v128_load(c + 4));
  } else {
    const v128_t vb = wasm_f32x4_splat(beta);
    lo = wasm_f32x4_add(lo, wasm_f32x4_mul(vb, wasm_v128_load(c)));
    hi = wasm_f32x4_add(hi, wasm_f32x4_mul(vb, wasm_v128_load(c + 4)));
  }
  wasm_v128_store(c, lo);
  wasm_v128_store(c + 4, hi);
}

void kernel_full(int kc, const float* a, const float* b, float* c, int ldc, float beta) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; ++k, a += MR, b += NR) {
    const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t ai = wasm_v128_load32_splat(a);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(ai, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(ai, b1));
    ai = wasm_v128_load32_splat(a + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(ai, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(ai, b1));
    ai = wasm_v128_load32_splat(a + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(ai, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(ai, b1));
    ai = wasm_v128_load32_splat(a + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(ai, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(ai, b1));
  }
  store_row(c, c00, c01, beta);
  store_row(c + ldc, c10, c11, beta);
  store_row(c + 2 * ldc, c20, c21, beta);
  store_row(c + 3 * ldc, c30, c31, beta);
}
#else
// Portable kernel on GCC/Clang vector extensions: the same 4 x (2 x 4-float) accumulator tile.
using simd4::V4;
using simd4::load4;
using simd4::store4;

void kernel_full(int kc, const float* a, const float* b, float* c, int ldc, float beta) {
  V4 acc[MR][2] = {};
  for (int k = 0; k < kc; ++k, a += MR, b += NR) {
    const V4 b0 = load4(b), b1 = load4(b + 4);
    for (int i = 0; i < MR; ++i) {
      const V4 ai = V4{} + a[i];  // broadcast
      acc[i][0] += ai * b0;
      acc[i][1] += ai * b1;
    }
  }
  for (int i = 0; i < MR; ++i) {
    float* ci = c + static_cast<long>(i) * ldc;
    if (beta != 0.0f) {
      acc[i][0] += beta * load4(ci);
      acc[i][1] += beta * load4(ci + 4);
    }
    store4(ci, acc[i][0]);
    store4(ci + 4, acc[i][1]);
  }
}
#endif

// Edge tile (mr < MR or nr < NR): full kernel into a local tile, then only the valid part is written.
void kernel_edge(int kc, const float* a, const float* b, float* c, int ldc, float beta, int mr, int nr) {
  alignas(16) float tile[MR * NR];
  kernel_full(kc, a, b, tile, NR, 0.0f);
  for (int i = 0; i < mr; ++i) {
    float* ci = c + static_cast<long>(i) * ldc;
    const float* ti = tile + i * NR;
    if (beta == 0.0f)
      for (int j = 0; j < nr; ++j) ci[j] = ti[j];
    else
      for (int j = 0; j < nr; ++j) ci[j] = beta * ci[j] + ti[j];
  }
}

// C[M x N] *= beta (beta == 0 writes zeros without reading, so NaN garbage in C does not survive).
void scale_c(int M, int N, float beta, float* C, int ldc) {
  if (beta == 1.0f) return;
  for (int i = 0; i < M; ++i) {
    float* ci = C + static_cast<long>(i) * ldc;
    if (beta == 0.0f) std::fill(ci, ci + N, 0.0f);
    else
      for (int j = 0; j < N; ++j) ci[j] *= beta;
  }
}

float* grow(std::vector<float>& buf, size_t n) {
  if (buf.size() < n) buf.resize(n);
  return buf.data();
}

// The BLIS loop nest; pack_b(k0, kc, j0, nc, dst) fills one KC x NC block of op(B) in NR-column panels.
template <class PackB>
void packed_driver(bool at, int M, int N, int K, float alpha, const float* A, int lda, PackB&& pack_b_block,
                   float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.0f) return scale_c(M, N, beta, C, ldc);
  const int kc_max = std::min(K, KC);
  const int mc_max = (std::min(M, MC) + MR - 1) / MR * MR;
  const int nc_max = (std::min(N, NC) + NR - 1) / NR * NR;
  float* apack = grow(g_scratch.a, static_cast<size_t>(mc_max) * kc_max);  // mc x kc in MR panels
  float* bpack = grow(g_scratch.b, static_cast<size_t>(kc_max) * nc_max);  // kc x nc in NR panels

  for (int jc = 0; jc < N; jc += NC) {
    const int nc = std::min(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = std::min(KC, K - pc);
      const float beta_k = pc == 0 ? beta : 1.0f;
      pack_b_block(pc, kc, jc, nc, bpack);
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = std::min(MC, M - ic);
        pack_a(at, A, lda, ic, mc, pc, kc, alpha, apack);
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = std::min(NR, nc - jr);
          const float* bp = bpack + static_cast<long>(jr) * kc;  // panel jr/NR: kc x NR
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = std::min(MR, mc - ir);
            const float* ap = apack + static_cast<long>(ir) * kc;  // panel ir/MR: kc x MR
            float* c = C + static_cast<long>(ic + ir) * ldc + jc + jr;
            if (mr == MR && nr == NR) kernel_full(kc, ap, bp, c, ldc, beta_k);
            else kernel_edge(kc, ap, bp, c, ldc, beta_k, mr, nr);
          }
        }
      }
    }
  }
}
}  // namespace

void gemm_packed(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                 int ldb, float beta, float* C, int ldc) {
  const bool bt = tb == Trans::Yes;
  packed_driver(ta == Trans::Yes, M, N, K, alpha, A, lda,
                [&](int k0, int kc, int j0, int nc, float* dst) { pack_b(bt, B, ldb, k0, kc, j0, nc, dst); }, beta, C,
                ldc);
}

void gemm_packed_gather(Trans ta, int M, int N, int K, float alpha, const float* A, int lda, const GatherB& B,
                        float beta, float* C, int ldc) {
  packed_driver(ta == Trans::Yes, M, N, K, alpha, A, lda,
                [&](int k0, int kc, int j0, int nc, float* dst) { pack_b_gather(B, k0, kc, j0, nc, dst); }, beta, C,
                ldc);
}

void gemm_small(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.0f) return scale_c(M, N, beta, C, ldc);
  if (tb == Trans::Yes) {
    // op(B) = B^T: transpose it once into scratch (K x N, K*N copies against M*N*K multiply-adds), so the
    // inner loop below is always a contiguous, vectorisable axpy.
    float* bt = grow(g_scratch.b, static_cast<size_t>(K) * N);
    for (int j = 0; j < N; ++j) {
      const float* bj = B + static_cast<long>(j) * ldb;
      for (int k = 0; k < K; ++k) bt[static_cast<long>(k) * N + j] = bj[k];
    }
    B = bt, ldb = N;
  }
  const long sa_i = ta == Trans::Yes ? 1 : lda, sa_k = ta == Trans::Yes ? lda : 1;  // op(A)[i,k] = A[i*sa_i + k*sa_k]
  for (int i = 0; i < M; ++i) {
    float* __restrict ci = C + static_cast<long>(i) * ldc;  // C never aliases A or B (gemm contract)
    const float* ai = A + i * sa_i;
    // C[i,:] = beta*C[i,:] + sum_k (alpha*op(A)[i,k]) * op(B)[k,:]: axpys over contiguous rows; beta is folded
    // into the k = 0 pass so C is read at most once and never when beta = 0.
    const float a0 = alpha * ai[0];
    const float* __restrict b0 = B;
    if (beta == 0.0f)
      for (int j = 0; j < N; ++j) ci[j] = a0 * b0[j];
    else if (beta == 1.0f)
      for (int j = 0; j < N; ++j) ci[j] += a0 * b0[j];
    else
      for (int j = 0; j < N; ++j) ci[j] = beta * ci[j] + a0 * b0[j];
    for (int k = 1; k < K; ++k) {
      const float aik = alpha * ai[k * sa_k];
      const float* __restrict bk = B + static_cast<long>(k) * ldb;
      for (int j = 0; j < N; ++j) ci[j] += aik * bk[j];
    }
  }
}

GemmBlocking gemm_blocking() { return {MR, NR, MC, KC, NC}; }

long gemm_pack_bytes() {
  return static_cast<long>((g_scratch.a.capacity() + g_scratch.b.capacity()) * sizeof(float));
}

}  // namespace gl
