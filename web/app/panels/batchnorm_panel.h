// Batch-norm panel: for each BN layer of the model, per channel the batch mean / variance of its input vs
// the running mean / variance it keeps for eval mode, and its gamma / beta, as a table and bar charts; a
// train / eval toggle runs a batch through the model in that mode and shows histograms of the activations
// before and after the layer. With no BN layer it says so and offers a spec that has one.
// The numbers are computed in update_batchnorm_panel (probe_batchnorm, which leaves training untouched).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/session/batchnorm_view.h"
#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"
#include "web/app/panel_settings.h"
#include "web/app/view_refresh.h"

namespace gl {

struct BatchNormPanel : BatchNormSettings {  // the settings a link carries, and:
  bool visible = false;         // set by App: whether the tab was shown last frame
  bool next_batch = false;  // move the probe batch to the next samples (next update)
  // Computed by update_batchnorm_panel.
  BnSnapshot snap;
  ViewRefresh refresh;       // when snap is rebuilt
};

// Moves the probe batch when asked; while visible, recomputes the snapshot (the panel's view) when the model,
// its step or the choices changed (at most every ~200 ms while training runs). Changes nothing in the session.
void update_batchnorm_panel(BatchNormPanel& panel, const Session& session, double dt_ms);
// "Use this network" becomes intents.spec_text.
void draw_batchnorm_panel(BatchNormPanel& panel, const Session& session, Gfx& gfx, Intents& intents);

}  // namespace gl
