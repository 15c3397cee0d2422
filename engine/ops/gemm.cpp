// GEMM fast path on Eigen maps (Eigen picks SSE/AVX natively; SSE translated to WASM SIMD under Emscripten)
// and the naive reference it is tested against.
#include "engine/ops/gemm.h"

#include "engine/core/eigen.h"

namespace gl {

namespace {
using Stride = Eigen::OuterStride<>;
using CMapS = Eigen::Map<const MatRM, Eigen::Unaligned, Stride>;
using MapS = Eigen::Map<MatRM, Eigen::Unaligned, Stride>;
}  // namespace

void gemm(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc) {
  if (M == 0 || N == 0) return;
  MapS c(C, M, N, Stride(ldc));
  if (beta == 0.0f) c.setZero();
  else if (beta != 1.0f) c *= beta;
  if (K == 0) return;
  const bool at = ta == Trans::Yes, bt = tb == Trans::Yes;
  CMapS a(A, at ? K : M, at ? M : K, Stride(lda));
  CMapS b(B, bt ? N : K, bt ? K : N, Stride(ldb));
  if (!at && !bt) c.noalias() += alpha * a * b;
  else if (at && !bt) c.noalias() += alpha * a.transpose() * b;
  else if (!at && bt) c.noalias() += alpha * a * b.transpose();
  else c.noalias() += alpha * a.transpose() * b.transpose();
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

const char* gemm_simd_name() { return Eigen::SimdInstructionSetsInUse(); }

}  // namespace gl
