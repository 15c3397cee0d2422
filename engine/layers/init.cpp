// Weight initialisation (see init.h).
#include "engine/layers/init.h"

#include <cmath>

#include "engine/core/check.h"

namespace gl {

float init_std(const InitDesc& init, int64_t fan_in, int64_t fan_out) {
  NN_CHECK(fan_in > 0 && fan_out > 0, "init ", init_kind_name(init.kind), ": fans must be positive (fan_in ",
           fan_in, ", fan_out ", fan_out, ")");
  switch (init.kind) {
    case InitKind::Gaussian: return init.sigma;
    case InitKind::Xavier: return static_cast<float>(std::sqrt(2.0 / double(fan_in + fan_out)));
    case InitKind::Kaiming: return static_cast<float>(std::sqrt(2.0 / double(fan_in)));
    case InitKind::Zeros: return 0.0f;
    case InitKind::Count: break;
  }
  NN_CHECK(false, "init: unknown init kind ", static_cast<int>(init.kind));
  return 0.0f;
}

void init_weight(Tensor& w, const InitDesc& init, int64_t fan_in, int64_t fan_out, Rng& rng) {
  const float std = init_std(init, fan_in, fan_out);
  if (init.kind == InitKind::Zeros) {
    w.zero();
    return;
  }
  for (int64_t i = 0; i < w.size(); ++i) w[i] = std * rng.normal();
}

}  // namespace gl
