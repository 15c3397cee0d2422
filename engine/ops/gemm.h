// Single-precision GEMM used by FC layers and convolutions (im2col / vol2col):
//   C[M x N] = alpha * op(A)[M x K] * op(B)[K x N] + beta * C,   all row-major with leading dimensions.
// gemm_ref is the naive triple loop kept as the reference; gemm is the fast path (Eigen, plus a WASM SIMD
// micro-kernel where compiled in). Not thread-parallel: GradLab runs single-threaded in the page.
#pragma once

namespace gl {

enum class Trans { No, Yes };

void gemm(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc);

void gemm_ref(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
              int ldb, float beta, float* C, int ldc);

// Which SIMD path the fast GEMM uses, for the status line ("WASM SIMD 128", "AVX2", ...).
const char* gemm_simd_name();

}  // namespace gl
