// Weight initialisation shared by the layers: Gaussian(sigma), Xavier/Glorot normal
// (std = sqrt(2 / (fan_in + fan_out))), Kaiming/He normal (std = sqrt(2 / fan_in)), Zeros. Each layer states
// its fans: Dense fan_in = D_in, fan_out = D_out; Conv fan_in = C_in * kernel volume, fan_out = C_out * kernel
// volume (kernel volume = kH*kW or kT*kH*kW). Biases are not initialised here (they start at 0).
#pragma once
#include <cstdint>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"
#include "engine/layers/layer.h"

namespace gl {

// Standard deviation of the normal the weights are drawn from (0 for Zeros).
float init_std(const InitDesc& init, int64_t fan_in, int64_t fan_out);
// Fills w with N(0, init_std^2) draws from rng (or zeros).
void init_weight(Tensor& w, const InitDesc& init, int64_t fan_in, int64_t fan_out, Rng& rng);

}  // namespace gl
