// Element-wise activation given as a formula in x (e.g. "relu(-x)", "relu(x^3)"), evaluated and
// differentiated through the expression engine (engine/expr). Throws EngineError pointing at the bad
// token when the formula does not parse or uses a variable other than x.
#pragma once
#include <memory>

#include "engine/layers/layer.h"

namespace gl {

std::unique_ptr<Layer> make_formula_activation(const LayerDesc& desc, const Shape& in_shape);

}  // namespace gl
