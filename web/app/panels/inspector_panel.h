// Inspector panel: per layer the output shape, weights, biases, batch-norm parameters, multiplications,
// activation memory and receptive field, as numbers or as the course's factored products, with totals and
// the counting conventions; or, in parallel mode, every layer row alone on the INPUT. Reads the session's
// summaries; computes nothing itself.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/session/session.h"
#include "web/app/intents.h"
#include "web/app/panel_settings.h"

namespace gl {

struct InspectorPanel : InspectorSettings {
  bool factored = false;  // show "5 x 5 x 3 x 16" instead of 1200
  bool show_conventions = false;
  bool quiz = false;      // cells become inputs: the student types an answer and is told if it is right
  bool hide_answers = false;  // an open exercise asks about these cells: they show "?" (set by App)
  std::map<std::pair<int, int>, std::string> answers;  // (row, column) -> what the student typed
  // Gradient check of one parameter element of the training model (TrainLab::param_list()[choice]). App runs
  // the check (it needs a forward/backward) when `check_requested` is set, before drawing.
  int choice = 0;
  int element = 0;
  bool check_requested = false;
  GradCheck check;
};

// Reads a student's count: "1200", "1,200", "5 x 5 x 3 x 16" or "5*5*3*16" (a product). False if unreadable.
bool parse_count_answer(const std::string& text, int64_t& value);

void draw_inspector_panel(InspectorPanel& panel, const Session& session, Intents& intents);

}  // namespace gl
