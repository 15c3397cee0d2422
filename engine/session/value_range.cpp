// value_range (see value_range.h).
#include "engine/session/value_range.h"

#include <algorithm>
#include <cmath>

namespace gl {

void value_range(const float* values, int64_t n, ValueScale scale, float& lo, float& hi) {
  float mn = 0, mx = 0, amax = 0;
  bool any = false;
  for (int64_t i = 0; i < n; ++i) {
    const float v = values[i];
    if (!std::isfinite(v)) continue;
    if (!any) mn = mx = v, any = true;
    mn = std::min(mn, v);
    mx = std::max(mx, v);
    amax = std::max(amax, std::fabs(v));
  }
  if (scale == ValueScale::Signed) {
    lo = -amax;
    hi = amax;
  } else if (scale == ValueScale::Magnitude) {
    lo = std::min(0.0f, mn);
    hi = mx;
  } else {
    lo = mn;
    hi = mx;
  }
  if (!(hi > lo)) {  // constant (or empty) data: a unit range around it
    lo -= 0.5f;
    hi += 0.5f;
  }
}

}  // namespace gl
