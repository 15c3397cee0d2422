// Float32 tensor with an explicit shape, row-major, batch-first (N x D, N x C x H x W, N x C x T x H x W,
// N x T x D). Owns a contiguous buffer that is reused on resize (no reallocation when shrinking or
// resizing to a previously seen size). Deliberately plain: no Eigen here, so the UI side can include it.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/core/checked.h"

namespace gl {

// "5 x 5 x 3" for {5, 5, 3}: the course's notation for shapes, kernel sizes and factored counts.
template <class Int>
std::string join_x(const std::vector<Int>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += " x ";
    s += std::to_string(v[i]);
  }
  return s;
}

// A shape is a list of positive dimensions. Per-sample shapes (as in the spec and the inspector) have no N;
// tensors flowing through layers carry N first.
struct Shape {
  std::vector<int> dims;

  Shape() = default;
  Shape(std::initializer_list<int> d) : dims(d) {}
  explicit Shape(std::vector<int> d) : dims(std::move(d)) {}

  int rank() const { return static_cast<int>(dims.size()); }
  int operator[](int i) const { return dims[static_cast<size_t>(i)]; }
  int& operator[](int i) { return dims[static_cast<size_t>(i)]; }
  // Saturates at kCountMax (a spec's output shape can hold four dimensions of a million each).
  int64_t numel() const {
    int64_t n = 1;
    for (int d : dims) n = sat_mul(n, d);
    return n;
  }
  // Dimensions from index `from` on, as one product (e.g. per-sample size of an N x ... tensor: tail(1)).
  int64_t tail(int from) const {
    int64_t n = 1;
    for (int i = from; i < rank(); ++i) n = sat_mul(n, dims[static_cast<size_t>(i)]);
    return n;
  }
  Shape with_batch(int n) const {
    Shape s;
    s.dims.reserve(dims.size() + 1);
    s.dims.push_back(n);
    s.dims.insert(s.dims.end(), dims.begin(), dims.end());
    return s;
  }
  Shape drop_batch() const { return Shape(std::vector<int>(dims.begin() + (dims.empty() ? 0 : 1), dims.end())); }
  bool operator==(const Shape& o) const { return dims == o.dims; }
  bool operator!=(const Shape& o) const { return dims != o.dims; }
  // "3 x 32 x 32", the course's notation.
  std::string str() const { return join_x(dims); }
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape s, float fill = 0.0f) { resize(std::move(s)); std::fill(data_.begin(), data_.end(), fill); }

  // Changes the shape; keeps the allocation when it is big enough. Contents are unspecified afterwards.
  void resize(const Shape& s) {
    shape_ = s;
    data_.resize(static_cast<size_t>(s.numel()));
  }
  void zero() { std::fill(data_.begin(), data_.end(), 0.0f); }
  void fill(float v) { std::fill(data_.begin(), data_.end(), v); }

  const Shape& shape() const { return shape_; }
  int dim(int i) const { return shape_[i]; }
  int rank() const { return shape_.rank(); }
  int64_t size() const { return static_cast<int64_t>(data_.size()); }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float& operator[](int64_t i) { return data_[static_cast<size_t>(i)]; }
  float operator[](int64_t i) const { return data_[static_cast<size_t>(i)]; }
  std::vector<float>& vec() { return data_; }
  const std::vector<float>& vec() const { return data_; }

 private:
  Shape shape_;
  std::vector<float> data_;
};

}  // namespace gl
