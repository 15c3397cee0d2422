// gemm(): picks a path by size and target, plus the naive reference everything is tested against.
//   tiny K or tiny products (use_small)      -> gemm_small: no packing, no Eigen set-up cost
//   WASM SIMD build                          -> gemm_packed: hand-written f32x4 4 x 8 kernel (~1.7x Eigen there),
//                                               except B^T with M <= 16, where Eigen measured faster
//   native build                             -> Eigen (AVX/AVX-512 at -march=native beats the 4 x 8 kernel)
// Numbers behind these choices: tests/bench/bench_gemm.cpp and BENCHMARKS.md.
#include "engine/ops/gemm.h"

#include "engine/core/eigen.h"
#include "engine/ops/gemm_packed.h"

namespace gl {

namespace {
using Stride = Eigen::OuterStride<>;
using CMapS = Eigen::Map<const MatRM, Eigen::Unaligned, Stride>;
using MapS = Eigen::Map<MatRM, Eigen::Unaligned, Stride>;

// The unpacked loop wins when packing has nothing to amortise: K of a few (the first layer of a small MLP)
// or a handful of multiply-adds in all (measured with bench_gemm, native and WASM; see BENCHMARKS.md).
bool use_small(int M, int N, int K) { return K <= 4 || static_cast<long>(M) * N * K <= 256; }
}  // namespace

void gemm_eigen(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  MapS c(C, M, N, Stride(ldc));
  if (beta == 0.0f) c.setZero();
  else if (beta != 1.0f) c *= beta;
  if (K <= 0) return;
  const bool at = ta == Trans::Yes, bt = tb == Trans::Yes;
  CMapS a(A, at ? K : M, at ? M : K, Stride(lda));
  CMapS b(B, bt ? N : K, bt ? K : N, Stride(ldb));
  if (!at && !bt) c.noalias() += alpha * a * b;
  else if (at && !bt) c.noalias() += alpha * a.transpose() * b;
  else if (!at && bt) c.noalias() += alpha * a * b.transpose();
  else c.noalias() += alpha * a.transpose() * b.transpose();
}

void gemm(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (use_small(M, N, K))
    return gemm_small(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
#if defined(__wasm_simd128__)
  // Few rows against a transposed B (conv / FC weight gradients with few output channels): Eigen's packing of
  // B^T and its dot-product kernels beat the 4 x 8 tiles here.
  if (tb == Trans::Yes && M <= 16) return gemm_eigen(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  gemm_packed(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
#else
  gemm_eigen(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
#endif
}

void gemm_ref(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
              int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double acc = 0.0;
      for (int k = 0; k < K; ++k) {
        float a = ta == Trans::Yes ? A[k * lda + i] : A[i * lda + k];
        float b = tb == Trans::Yes ? B[j * ldb + k] : B[k * ldb + j];
        acc += static_cast<double>(a) * b;
      }
      float& c = C[i * ldc + j];
      c = static_cast<float>(alpha * acc + (beta == 0.0f ? 0.0 : static_cast<double>(beta) * c));
    }
}

const char* gemm_simd_name() {
#if defined(__wasm_simd128__)
  return "WASM SIMD128 (packed 4x8 f32x4 kernel)";
#else
  return Eigen::SimdInstructionSetsInUse();
#endif
}

}  // namespace gl
