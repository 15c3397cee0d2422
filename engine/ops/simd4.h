// 4-float vectors on GCC/Clang vector extensions, which Emscripten compiles to WASM SIMD f32x4 and g++ to
// SSE: the type and its unaligned load / store, shared by the portable GEMM kernel and the direct convolutions.
#pragma once
#include <cstring>

namespace gl::simd4 {

typedef float V4 __attribute__((vector_size(16)));

inline V4 load4(const float* p) {
  V4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, V4 v) { std::memcpy(p, &v, sizeof v); }
inline V4 splat(float a) { return V4{a, a, a, a}; }
inline float hsum(V4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

}  // namespace gl::simd4
