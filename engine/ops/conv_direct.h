// Direct stride-1 2D convolution kernels on a zero-padded input, with no column matrix and no packing of it.
// For stride 1 the im2col column of output (oh, ow) and tap k is x[koff[k] + oh * ldx + ow]: along a row of
// outputs the taps are plain shifted loads of the padded input, so the register tile reads them in place.
//   conv_rows_forward:     out[M x oH x oW] = A[M x K] * col (+ bias)   (the forward pass; the input gradient is
//                          the same product on the padded dout with the kernel flipped and transposed)
//   conv_rows_weight_grad: dA[M x K] += dout[M x oH x oW] * col^T     (the weight gradient)
// What it is not: strided, 3D or dilated (conv.cpp uses the implicit or im2col GEMM there). The naive
// reference is conv_direct_ref in im2col.h; tests/engine/test_layers_misc.cpp compares them.
#pragma once
#include <cstdint>
#include <vector>

namespace gl {

// Floats a padded input must have past its last element: the forward tile reads up to 7 beyond it (the
// lanes past oW are computed and dropped).
constexpr int kConvRowsSlack = 8;

// Rows of A (M x K, row-major, lda) in panels of 4 rows for conv_rows_forward: dst ceil(M/4) x K x 4, rows past
// M zero. flip_t: A is a conv weight Cout x C x kH x kW and the product wants its flipped transpose
// (C x Cout x kH x kW, taps reversed): the input gradient's kernel.
void conv_rows_pack(int M, int K, const float* A, std::vector<float>& dst);
void conv_rows_pack_flipped(int c_out, int c, int kh, int kw, const float* w, std::vector<float>& dst);

// out[m][oh * oW + ow] = bias[m] (0 if null) + sum_k A[m][k] * x[koff[k] + oh * ldx + ow]; apack from
// conv_rows_pack. x must be readable kConvRowsSlack floats past its last tap.
void conv_rows_forward(int M, int K, const float* apack, const int32_t* koff, const float* x, int ldx, int oH,
                       int oW, const float* bias, float* out);

// dA[m][k] += sum_{oh, ow} dout[m][oh * oW + ow] * x[koff[k] + oh * ldx + ow]; koff has K entries.
void conv_rows_weight_grad(int M, int K, const float* dout, const int32_t* koff, const float* x, int ldx, int oH,
                           int oW, float* dA);

// sum of p[0..n): eight running sums in two vectors (a single float sum is a chain of dependent adds, ~4
// cycles each: it cost a stride-1 conv's backward more than its weight gradient). For the bias gradient.
float sum_floats(const float* p, int64_t n);

}  // namespace gl
