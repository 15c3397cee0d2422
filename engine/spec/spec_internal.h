// Internal to engine/spec: the step shared by the text parser and the JSON reader that turns parsed rows
// into a complete ModelSpec (structure checks, expansion into engine LayerDescs, shape validation).
#pragma once
#include <optional>

#include "engine/spec/spec.h"

namespace gl::detail {

// rows must be filled (rows[0] should be INPUT); sets input, loss, has_loss_row and every row's layers.
// Returns the first error: missing / repeated INPUT, loss not last, or a shape error from summarize_spec.
std::optional<SpecError> finish_spec(ModelSpec& spec);

}  // namespace gl::detail
