// Inspector panel: per layer the output shape, weights, biases, batch-norm parameters, multiplications,
// activation memory and receptive field, as numbers or as the course's factored products, with totals and
// the counting conventions. Reads the session's summary; computes nothing itself.
#pragma once
#include "engine/session/session.h"
#include "web/app/intents.h"

namespace gl {

struct InspectorPanel {
  bool factored = false;  // show "5 x 5 x 3 x 16" instead of 1200
  bool show_conventions = false;
};

void draw_inspector_panel(InspectorPanel& panel, const Session& session, Intents& intents);

}  // namespace gl
