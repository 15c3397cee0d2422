// Checked arithmetic for sizes and counts (shapes, parameters, multiplications, bytes): saturating add and
// multiply that stop at the int64 limits instead of wrapping, and checked conversions from doubles to
// integers (a double outside the int range, or NaN, converted with static_cast is undefined behaviour).
// Not for hot loops over tensor elements: these are for counts computed once per shape or spec.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace gl {

constexpr int64_t kCountMax = std::numeric_limits<int64_t>::max();

// a + b, clamped to [INT64_MIN, INT64_MAX]. A saturated count reads as kCountMax: callers that must not
// accept such a model compare against it (see summarize_spec).
inline int64_t sat_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? kCountMax : std::numeric_limits<int64_t>::min();
  return r;
}
// a * b, clamped to [INT64_MIN, INT64_MAX].
inline int64_t sat_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return (a < 0) != (b < 0) ? std::numeric_limits<int64_t>::min() : kCountMax;
  return r;
}

// The double as an int when it is finite, integral and within [lo, hi]; nullopt otherwise (NaN, +-inf,
// 1e300, 2.5). Never undefined behaviour.
inline std::optional<int> checked_int(double v, int lo = std::numeric_limits<int>::min(),
                                      int hi = std::numeric_limits<int>::max()) {
  if (!std::isfinite(v) || v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi))
    return std::nullopt;
  return static_cast<int>(v);
}

// The double as a float when it is finite and its float is finite, and a non-zero value does not become 0
// or a subnormal (1e-50 would silently turn into 0); nullopt otherwise.
inline std::optional<float> checked_float(double v) {
  if (!std::isfinite(v) || std::fabs(v) > static_cast<double>(std::numeric_limits<float>::max())) return std::nullopt;
  if (v != 0 && std::fabs(v) < static_cast<double>(std::numeric_limits<float>::min())) return std::nullopt;
  return static_cast<float>(v);
}

}  // namespace gl
