// What a grid of values means, and the colour range that follows from it: one rule for every view that
// paints numbers (the Inside view's images, the front end's heatmaps), so equal values get equal ranges.
#pragma once
#include <cstdint>

namespace gl {

enum class ValueScale {
  Signed,     // any sign, 0 in the middle; range symmetric around 0 (-max|v| .. +max|v|)
  Magnitude,  // values >= 0 (|W|, ReLU outputs); range min(0, min) .. max
  Intensity,  // pixel intensities (grey); range min .. max
};

// The range of n values as `scale` reads them; non-finite values are skipped, and constant (or no) data gets a
// unit range around its value, so hi > lo always.
void value_range(const float* values, int64_t n, ValueScale scale, float& lo, float& hi);

}  // namespace gl
