// Compare panel: the session's spec and data trained several times side by side with one setting changed
// (learning-rate sweep, SGD vs Momentum vs Adam, batch sizes, or L2), in lockstep from the same seed:
// overlaid curves (hover for exact values), and a table per run (steps, last loss, test accuracy, diverged).
// Not here: the runs themselves (CompareLab) or editing the spec (the left column).
#pragma once
#include <cstdint>
#include <string>

#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"
#include "web/app/panel_settings.h"

namespace gl {

struct ComparePanel : CompareSettings {};  // the settings a link carries; edits go to Intents

// What the panel shows, read from the session.
struct CompareView {
  const CompareLab* lab = nullptr;
  bool stale = false;        // the spec or data moved since the runs were built
  bool never_built = false;  // nothing built yet: the panel asks for the first build
};

CompareView update_compare_panel(const ComparePanel& panel, const Session& session);
// Choices, play / rebuild and the step limit become intents (compare_build, compare_play, compare_max_steps);
// the runs advance in Session::advance_compare.
void draw_compare_panel(ComparePanel& panel, const CompareView& view, Gfx& gfx, Intents& intents);

// The sweep's learning rates for the panel's choice: lr_count values from kNiceLrs[lr_from] upwards.
CompareDesc compare_desc_of(const ComparePanel& panel);

}  // namespace gl
