// Packed, cache-blocked GEMM (the BLIS/GotoBLAS loop nest) behind gl::gemm: op(A) and op(B) are copied into
// contiguous micro-panels (transposes and edge padding resolved while packing), then an MR x NR register-tile
// micro-kernel runs over them. The kernel is wasm_simd128 f32x4 under __wasm_simd128__, portable C++ elsewhere
// (natively gemm() prefers Eigen's AVX path; this one is still built and tested there). Not threaded.
#pragma once
#include <cstdint>

#include "engine/ops/gemm.h"

namespace gl {

// Same contract as gemm(): C[M x N] = alpha * op(A) * op(B) + beta * C; beta == 0 never reads C.
void gemm_packed(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                 int ldb, float beta, float* C, int ldc);

// op(B)[r][c] = base[roff[r] + coff[c]]: a K x N matrix that is never stored, read straight from base (a
// convolution's column matrix: r a kernel tap, c an output position, base the zero-padded input).
struct GatherB {
  const float* base;
  const int32_t* roff;  // K row offsets
  const int32_t* coff;  // N column offsets, strictly increasing
};
// C[M x N] = alpha * op(A) * B + beta * C with B gathered while packing (same loop nest and kernel).
void gemm_packed_gather(Trans ta, int M, int N, int K, float alpha, const float* A, int lda, const GatherB& B,
                        float beta, float* C, int ldc);

// Unpacked path for small products (no packing, no blocking), the same contract.
void gemm_small(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                int ldb, float beta, float* C, int ldc);

// Eigen's general product on row-major maps (Eigen's SSE path, translated to WASM SIMD under Emscripten),
// the same contract; kept for the native fast path and for the benchmarks' comparison.
void gemm_eigen(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                int ldb, float beta, float* C, int ldc);

// Register tile and cache block sizes of gemm_packed (floats): a KC x NR panel of B stays in L1, an MC x KC
// block of A in L2, a KC x NC block of B in L3.
struct GemmBlocking {
  int mr, nr, mc, kc, nc;
};
GemmBlocking gemm_blocking();

// Bytes currently held by this thread's pack buffers (they grow to the largest block seen and are reused).
long gemm_pack_bytes();

}  // namespace gl
