// The exercise card: title, task (short markdown), one answer field / radio options / goal status per check,
// Check (button or Enter), per-check feedback, hints after wrong attempts, the answer only when the exercise
// reveals it, the passed state, and Previous / Next inside a lab. Reads the session's ExerciseLab; the
// answers typed here are UI state until Check, which App applies before the next frame.
#pragma once
#include <string>
#include <vector>

#include "engine/session/session.h"
#include "web/app/widgets/widget_rect.h"

namespace gl {

struct ExercisePanel {
  std::vector<std::string> answers;  // per check: typed text, or the chosen option's index
  int serial = -1;                   // the ExerciseLab::serial() the answers belong to
  // Requests App applies after drawing: Check, go to the previous/next exercise of the lab, close.
  bool check_requested = false;
  int nav = 0;
  bool close_requested = false;
  // Lab position, set by App: "Lab: Convolutions, exercise 2 of 3" and whether Previous / Next exist.
  std::string lab_title;
  int lab_index = -1, lab_count = 0;
  bool preview = false;  // shown from the Create dialog: Close returns to it
  // Rects of the last frame's widgets: per check its input (or per option a radio), and the Check button.
  std::vector<std::vector<WidgetRect>> rects;
  WidgetRect check_rect, next_rect;
};

// Draws the card into the current window; dpr converts to CSS pixels for `rects`.
void draw_exercise_panel(ExercisePanel& panel, const Session& session, float dpr);

}  // namespace gl
