// Max and average pooling kernels over "planes" (N*C independent T x H x W volumes; 2D: T = 1), forward and
// backward, with PyTorch semantics: max pads with -inf, average counts the zero padding (count_include_pad).
// Max ties: the FIRST maximal element in window order (t, then h, then w) wins and receives the gradient.
// No validation here: the pool layers check the geometry (pad <= kernel/2, so no window is all padding).
#pragma once
#include <cstdint>

#include "engine/ops/im2col.h"

namespace gl {

// x: planes x (T*H*W); y: planes x (oT*oH*oW); argmax: planes x (oT*oH*oW), index into the plane's input.
void maxpool_forward(const ConvGeom& g, int64_t planes, const float* x, float* y, int32_t* argmax);
// dx (overwritten) = scatter of dy to the argmax positions; overlapping windows add up.
void maxpool_backward(const ConvGeom& g, int64_t planes, const float* dy, const int32_t* argmax, float* dx);
// y = sum over the window (padding counts as 0) / (kT*kH*kW).
void avgpool_forward(const ConvGeom& g, int64_t planes, const float* x, float* y);
// dx (overwritten) = each dy spread evenly over its window's in-range cells (1 / (kT*kH*kW) each).
void avgpool_backward(const ConvGeom& g, int64_t planes, const float* dy, float* dx);

}  // namespace gl
