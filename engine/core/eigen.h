// The one way the engine includes Eigen. Under Emscripten, Eigen 3.4's GCC work-arounds would emit x86
// inline asm (clang claims GCC 4.2), so EIGEN_COMP_GNUC is neutralised after Macros.h; SSE intrinsics are
// then translated to WASM SIMD by -msimd128 -msse4.2. An empty mmintrin.h shim lives in web/platform/shim.
#pragma once
#include <Eigen/src/Core/util/Macros.h>
#ifdef __EMSCRIPTEN__
#undef EIGEN_COMP_GNUC
#define EIGEN_COMP_GNUC 0
#undef EIGEN_GNUC_AT_LEAST
#define EIGEN_GNUC_AT_LEAST(x, y) 0
#endif
#include <Eigen/Dense>

namespace gl {
using MatRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapRM = Eigen::Map<MatRM>;
using CMapRM = Eigen::Map<const MatRM>;
using VecF = Eigen::Matrix<float, Eigen::Dynamic, 1>;
using MapV = Eigen::Map<VecF>;
using CMapV = Eigen::Map<const VecF>;
}  // namespace gl
