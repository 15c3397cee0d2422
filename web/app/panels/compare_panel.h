// Compare panel: the session's spec and data trained several times side by side with one setting changed
// (learning-rate sweep, SGD vs Momentum vs Adam, batch sizes, or L2), in lockstep from the same seed:
// overlaid curves (hover for exact values), and a table per run (steps, last loss, test accuracy, diverged).
// Not here: the runs themselves (CompareLab) or editing the spec (the left column).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/panel_settings.h"

namespace gl {

struct ComparePanel : CompareSettings {  // the settings a link carries, and:
  bool visible = false;       // set by App: whether the tab was shown last frame
  // Edits recorded while drawing, applied by apply_compare_panel.
  bool rebuild = false;                  // (re)build the runs from the current spec, data and settings
  std::optional<bool> play;
  std::optional<int64_t> max_steps;
  // Set by apply_compare_panel: what the current runs were built from, to say when they are stale.
  std::string built_spec;
  Revision built_data_rev = 0;  // TrainLab::data_revision() (0: never built)
};

void draw_compare_panel(ComparePanel& panel, const Session& session, Gfx& gfx);
// Applies the recorded edits (builds the runs the first time the tab is shown); while visible and playing,
// advances every run in lockstep by a few ms.
void apply_compare_panel(ComparePanel& panel, Session& session, double dt_ms);

// The sweep's learning rates for the panel's choice: lr_count values from kNiceLrs[lr_from] upwards.
CompareDesc compare_desc_of(const ComparePanel& panel);

}  // namespace gl
