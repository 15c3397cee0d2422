// Shape printing in the course's "C x H x W" notation.
#include "engine/core/tensor.h"

namespace gl {

std::string Shape::str() const {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) s += " x ";
    s += std::to_string(dims[i]);
  }
  return s;
}

}  // namespace gl
