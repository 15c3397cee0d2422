// Create exercise dialog: task and hints, a grid of Inspector cells, the graph's values and gradients, an
// optional goal, the locks, then Preview / Copy link / Copy embed code.
#include "web/app/panels/create_exercise_panel.h"

#include <imgui.h>

#include <algorithm>
#include <sstream>

#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

const char* const kLockGroups[4] = {"network", "data", "training", "tabs"};

namespace {
const char* kFieldLabels[] = {"shape", "W", "b", "BN", "params", "mults", "RF"};

void draw_cells(CreateExercisePanel& p, const Session& s, float dpr) {
  const ModelSummary& sum = s.summary();
  p.cells.resize(sum.rows.size());
  const int cols = static_cast<int>(CellField::Count);
  if (!ImGui::BeginTable("##cells", cols + 1, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX,
                         ImVec2(0, 0)))
    return;
  ImGui::TableSetupColumn("Layer");
  for (const char* l : kFieldLabels) ImGui::TableSetupColumn(l);
  ImGui::TableHeadersRow();
  for (size_t r = 1; r < sum.rows.size(); ++r) {
    ImGui::PushID(static_cast<int>(r));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(sum.rows[r].spec.c_str());
    for (int f = 0; f < cols; ++f) {
      ImGui::TableNextColumn();
      ImGui::PushID(f);
      ImGui::Checkbox("##c", &p.cells[r][static_cast<size_t>(f)]);
      if (r == 1 && f == 0) p.first_cell_rect = last_item_rect(dpr);
      ImGui::PopID();
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void draw_graph(CreateExercisePanel& p, const Session& s) {
  const ExprGraph& g = s.graph_lab().graph();
  p.graph.resize(g.vars.size() + 1);
  for (size_t v = 0; v <= g.vars.size(); ++v) {
    ImGui::PushID(static_cast<int>(v));
    const std::string name = v < g.vars.size() ? g.vars[v] : "output";
    ImGui::Checkbox(("value of " + name).c_str(), &p.graph[v][0]);
    if (v < g.vars.size()) {
      ImGui::SameLine();
      ImGui::Checkbox(("gradient wrt " + name).c_str(), &p.graph[v][1]);
    }
    ImGui::PopID();
  }
}

void draw_goal(CreateExercisePanel& p) {
  ImGui::Checkbox("A goal on a run", &p.goal);
  if (!p.goal) return;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  const char* metric = goal_metric_name(static_cast<GoalMetric>(p.goal_metric));
  if (ImGui::BeginCombo("##metric", metric)) {
    for (int m = 0; m < static_cast<int>(GoalMetric::Count); ++m)
      if (ImGui::Selectable(goal_metric_name(static_cast<GoalMetric>(m)), m == p.goal_metric)) p.goal_metric = m;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
  ImGui::InputFloat("target##goal", &p.goal_value, 0, 0, "%.3g");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::InputInt("max steps (0 = any)", &p.goal_steps, 0);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::InputInt("max parameters (0 = any)", &p.goal_params, 0);
  p.goal_steps = std::max(p.goal_steps, 0);
  p.goal_params = std::max(p.goal_params, 0);
}

void draw_texts(CreateExercisePanel& p) {
  ImGui::SetNextItemWidth(-1);
  ui::input_text("##title", p.title);
  ui::tooltip("The exercise's title.");
  ImGui::TextColored(ui::kDimColor, "Task (**bold**, `code`, \"- \" lists, blank line = new paragraph)");
  ui::input_text_multiline("##task", p.task, ImVec2(-1, ImGui::GetTextLineHeight() * 4.5f));
  ImGui::TextColored(ui::kDimColor, "Hints, one per line (shown one at a time after wrong attempts)");
  ui::input_text_multiline("##hints", p.hints, ImVec2(-1, ImGui::GetTextLineHeight() * 2.5f));
}

void draw_options(CreateExercisePanel& p) {
  ImGui::TextUnformatted("Lock:");
  for (size_t i = 0; i < 4; ++i) {
    ImGui::SameLine();
    ImGui::Checkbox(kLockGroups[i], &p.lock[i]);
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::InputInt("wrong tries before the answer shows (0 = never)", &p.reveal_after, 0);
  p.reveal_after = std::clamp(p.reveal_after, 0, 100);
}

// The actions first, so they stay in view in a small frame.
void draw_actions(CreateExercisePanel& p, float dpr) {
  if (ImGui::Button("Preview as a student")) p.preview_requested = true;
  p.preview_rect = last_item_rect(dpr);
  ui::same_line_if_fits(ImGui::CalcTextSize("Copy link").x + ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button("Copy link")) p.copy_link_requested = true;
  p.link_rect = last_item_rect(dpr);
  ui::same_line_if_fits(ImGui::CalcTextSize("Copy embed code").x + ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button("Copy embed code")) p.copy_embed_requested = true;
  p.embed_rect = last_item_rect(dpr);
  if (!p.note.empty()) ImGui::TextColored(ui::kOkColor, "%s", p.note.c_str());
}
}  // namespace

Exercise build_exercise(const CreateExercisePanel& p, const Session& s) {
  Exercise ex;
  ex.title = p.title;
  ex.task = p.task;
  for (size_t r = 0; r < p.cells.size(); ++r)
    for (size_t f = 0; f < p.cells[r].size(); ++f)
      if (p.cells[r][f]) {
        ExerciseCheck c;
        c.kind = CheckKind::Cell;
        c.row = static_cast<int>(r);
        c.field = static_cast<CellField>(f);
        ex.checks.push_back(c);
      }
  const auto& vars = s.graph_lab().graph().vars;
  for (size_t v = 0; v < p.graph.size(); ++v)
    for (int q = 0; q < 2; ++q)
      if (p.graph[v][static_cast<size_t>(q)]) {
        ExerciseCheck c;
        c.kind = CheckKind::Graph;
        c.var = v < vars.size() ? vars[v] : "";
        c.qty = q == 0 ? GraphQty::Value : GraphQty::Grad;
        ex.checks.push_back(c);
      }
  if (p.goal) {
    ExerciseCheck c;
    c.kind = CheckKind::Goal;
    c.metric = static_cast<GoalMetric>(p.goal_metric);
    c.value = p.goal_value;
    c.max_steps = p.goal_steps;
    c.max_params = p.goal_params;
    ex.checks.push_back(c);
  }
  for (size_t i = 0; i < 4; ++i)
    if (p.lock[i]) ex.lock.push_back(kLockGroups[i]);
  std::istringstream hints(p.hints);
  for (std::string line; std::getline(hints, line);)
    if (!line.empty() && ex.hints.size() < kMaxExerciseHints) ex.hints.push_back(line);
  ex.reveal_after = p.reveal_after;
  return ex;
}

void draw_create_exercise_panel(CreateExercisePanel& p, const Session& s, float dpr) {
  if (!p.open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.95f, 640.0f * dpr), std::min(vp->WorkSize.y * 0.92f, 640.0f * dpr)),
                           ImGuiCond_Appearing);
  if (ImGui::Begin("Create exercise###create", &p.open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::IsWindowAppearing()) ImGui::SetWindowFocus();
    draw_actions(p, dpr);
    ImGui::Separator();
    draw_texts(p);
    draw_options(p);
    if (ImGui::CollapsingHeader("Check Inspector cells", ImGuiTreeNodeFlags_DefaultOpen)) draw_cells(p, s, dpr);
    if (ImGui::CollapsingHeader("Check Graph values and gradients")) draw_graph(p, s);
    if (ImGui::CollapsingHeader("Check a goal on a run")) draw_goal(p);
  }
  ImGui::End();
}

}  // namespace gl
