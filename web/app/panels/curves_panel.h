// Curves panel: loss (per step, and full train / test evaluations) and accuracy over steps with a
// log-scale toggle and smoothing; per-layer gradient norms over time (vanishing / exploding gradients);
// histograms of a chosen layer's weights, activations and gradients, with weight norm and update ratio.
#pragma once
#include "engine/session/session.h"
#include "web/app/intents.h"
#include "web/app/panel_settings.h"

namespace gl {

struct CurvesPanel : CurvesSettings {};

void draw_curves_panel(CurvesPanel& panel, const Session& session, Intents& intents);

}  // namespace gl
