// Optimizer playground panel: a contour map of a 2D function (painted by shaders/contour.glsl), several
// optimizers racing from the same start with their trajectories, a step counter, and per-racer settings.
// Click the map to move the start point.
#pragma once
#include <string>

#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"

namespace gl {

struct PlaygroundPanel {
  std::string formula = "x^2 + 10*y^2";
};

void draw_playground_panel(PlaygroundPanel& panel, const Session& session, Gfx& gfx, Intents& intents);

}  // namespace gl
