// Allocation-free shape helpers for layers' hot paths: checking that a tensor is N x per_sample and building
// N x per_sample into a reused Shape, so a step on stable shapes does not touch the heap. Not a shape library.
#pragma once
#include <algorithm>

#include "engine/core/tensor.h"

namespace gl {

// True when t's shape is N x per_sample for some N >= 1.
inline bool has_sample_shape(const Tensor& t, const Shape& per_sample) {
  const auto& d = t.shape().dims;
  return d.size() == per_sample.dims.size() + 1 && d[0] >= 1 &&
         std::equal(per_sample.dims.begin(), per_sample.dims.end(), d.begin() + 1);
}

// dst = N x per_sample, reusing dst's storage.
inline const Shape& set_batched(Shape& dst, int n, const Shape& per_sample) {
  dst.dims.resize(per_sample.dims.size() + 1);
  dst.dims[0] = n;
  std::copy(per_sample.dims.begin(), per_sample.dims.end(), dst.dims.begin() + 1);
  return dst;
}

}  // namespace gl
