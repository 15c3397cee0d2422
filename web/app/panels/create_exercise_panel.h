// "Create exercise": from the current network, graph and run, the instructor writes the task, ticks what
// is checked (Inspector cells, Graph values and gradients, a goal on a run) and what is locked, previews it
// as a student, and copies the link or the <iframe> embed code. Draws and records requests; App builds the
// link (it owns the URL state) and loads the preview.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "engine/course/exercise.h"
#include "engine/session/session.h"
#include "web/app/widgets/widget_rect.h"

namespace gl {

struct CreateExercisePanel {
  bool open = false;
  std::string title = "Exercise", task, hints;  // hints: one per line
  std::vector<std::array<bool, static_cast<size_t>(CellField::Count)>> cells;  // per Inspector row
  std::vector<std::array<bool, 2>> graph;  // per graph variable, then the output: {value, grad}
  bool goal = false;
  int goal_metric = static_cast<int>(GoalMetric::AccTest);
  float goal_value = 0.9f;
  int goal_steps = 2000, goal_params = 0;
  std::array<bool, 4> lock{};  // network, data, training, tabs
  int reveal_after = 0;
  // Requests for App: preview as a student, copy the link, copy the embed code.
  bool preview_requested = false, copy_link_requested = false, copy_embed_requested = false;
  std::string note;  // "Link copied", or what is missing
  // Last frame's rects (CSS pixels) of the first cell box (row 1, shape) and of the three buttons, for tests.
  WidgetRect first_cell_rect, preview_rect, link_rect, embed_rect;
};

extern const char* const kLockGroups[4];

// The exercise the dialog describes (checks in table order: cells, graph, goal).
Exercise build_exercise(const CreateExercisePanel& panel, const Session& session);
void draw_create_exercise_panel(CreateExercisePanel& panel, const Session& session, float dpr);

}  // namespace gl
