// Milliseconds since a steady-clock time point: the time budgets of training and the classic classifiers.
#pragma once
#include <chrono>

namespace gl {

inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace gl
