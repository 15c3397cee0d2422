// Computation graph panel: a formula drawn as a graph (leaves left, output right) with the forward value
// and the gradient on every edge, revealed step by step (forward node by node, then backward), plus the
// gradient check of every variable (analytic vs central difference). Numbers come from the session.
#pragma once
#include <string>

#include "engine/session/session.h"
#include "web/app/intents.h"
#include "web/app/panel_settings.h"

namespace gl {

struct GraphPanel : GraphSettings {  // the settings a link carries, and:
  std::string formula;       // editor buffer
  std::string synced_from;
  bool hide_answers = false; // an open exercise asks for values or gradients: none shown (set by App)
};

void draw_graph_panel(GraphPanel& panel, const Session& session, Intents& intents);

}  // namespace gl
