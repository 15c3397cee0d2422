// Empty: Emscripten has no MMX header, and Eigen only needs it to exist (see engine/core/eigen.h).
