// Draws the inspector table (ImGui tables API) with hover tooltips giving both forms of every count.
#include "web/app/panels/inspector_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "web/app/widgets/slider.h"
#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
std::string with_commas(int64_t v) {
  const std::string digits = std::to_string(v < 0 ? -v : v);
  std::string s = v < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

// One count cell: the number or its factored form; hovering shows both.
void count_cell(int64_t value, const std::string& expr, bool factored) {
  if (value == 0 && expr.empty()) {
    ImGui::TextColored(ui::kDimColor, "-");
    return;
  }
  std::string num = with_commas(value);
  ImGui::TextUnformatted(factored && !expr.empty() ? expr.c_str() : num.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s = %s", expr.empty() ? num.c_str() : expr.c_str(), num.c_str());
}

// Quiz cell: an input for the student's answer, checked by the exercises' checker (engine/course) as it is
// typed: a tick, or a cross whose tooltip names the likely mistake, never the value asked for.
void answer_cell(InspectorPanel& panel, int row, int col, CellField field, const CheckFacts& facts) {
  std::string& a = panel.answers[{row, col}];
  ImGui::PushID(col);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
  // The hidden label names the field for screen readers ("weights, row 2"); the id stays unique per cell.
  static const char* kColumns[] = {"output shape", "weights", "biases", "multiplications"};
  const std::string label = std::string("##") + kColumns[std::clamp(col, 0, 3)] + ", row " + std::to_string(row + 1);
  ui::input_text(label.c_str(), a);
  if (!a.empty()) {
    ImGui::SameLine();
    ExerciseCheck c;
    c.kind = CheckKind::Cell;
    c.row = row;
    c.field = field;
    const CheckOutcome o = check_answer(c, a, facts, 0, 0);
    ImGui::TextColored(o.passed ? ui::kOkColor : o.pending ? ui::kDimColor : ui::kErrorColor, o.passed ? "right" : o.pending ? "?" : "no");
    if (!o.passed && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", o.feedback.c_str());
  }
  ImGui::PopID();
}

std::string rf_text(const std::vector<int>& rf) {
  std::string s;
  for (size_t i = 0; i < rf.size(); ++i) s += (i ? " x " : "") + std::to_string(rf[i]);
  return s.empty() ? "all" : s;
}

void setup_columns() {
  ImGui::TableSetupScrollFreeze(1, 1);
  for (const char* c : {"Layer", "Output", "Weights", "Biases", "BN params", "Multiplications", "Activations",
                        "Receptive field"})
    ImGui::TableSetupColumn(c);
  ImGui::TableHeadersRow();
}

// One row's cells after the layer name (no answers asked for).
void value_cells(const RowSummary& r, bool factored) {
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.output_shape.rank() ? r.output_shape.str().c_str() : "scalar");
  ImGui::TableNextColumn();
  count_cell(r.weights, r.weights_expr, factored);
  ImGui::TableNextColumn();
  count_cell(r.biases, r.biases_expr, factored);
  ImGui::TableNextColumn();
  count_cell(r.bn_params, r.bn_expr, factored);
  ImGui::TableNextColumn();
  count_cell(r.mults, r.mults_expr, factored);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format_bytes(r.activation_bytes).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s per sample", r.activation_expr.c_str());
  ImGui::TableNextColumn();
  if (r.row == 0 && r.receptive_field.empty()) ImGui::TextColored(ui::kDimColor, "-");
  else ImGui::TextUnformatted(rf_text(r.receptive_field).c_str());
}

// Parallel mode: every layer row applied alone to the INPUT (Session::parallel_summary), not chained, so a
// student compares what each layer does to the same input; rows that cannot take it say why.
void draw_parallel_table(const InspectorPanel& panel, const ParallelResult& pr, ImGuiTableFlags flags, float table_h) {
  if (!pr.ok()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kErrorColor, "%s", pr.error->message.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  const ParallelSummary& s = pr.summary;
  ImGui::TextColored(ui::kDimColor, "Each layer applied alone to INPUT %s (not chained): what it does to that input.",
                     s.input_shape.str().c_str());
  if (ImGui::BeginTable("##parallel", 8, flags, ImVec2(0, table_h))) {
    setup_columns();
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.input.spec.c_str());
    value_cells(s.input, panel.factored);
    for (size_t i = 0; i < s.rows.size(); ++i) {
      const ParallelRow& r = s.rows[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.spec.c_str());
      if (r.error) {
        ImGui::TableNextColumn();
        ImGui::TextColored(ui::kErrorColor, "cannot take this input");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.error->message.c_str());
      } else {
        value_cells(r.summary, panel.factored);
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0.0f);
  for (const ParallelRow& r : s.rows)
    if (r.error) ImGui::TextColored(ui::kErrorColor, "%s", r.error->message.c_str());  // it names the row
  ImGui::PopTextWrapPos();
}
}  // namespace

bool parse_count_answer(const std::string& text, int64_t& value) {
  // The exercise checker's reader (engine/course/exercise.h), kept to whole counts.
  const std::optional<double> v = parse_answer_number(text);
  if (!v || *v < 0 || *v != std::floor(*v) || *v > 9.0e18) return false;
  value = static_cast<int64_t>(*v);
  return true;
}

// Gradient check of one weight of the model being trained (App runs it when check_requested is set).
void draw_grad_check(InspectorPanel& panel, const std::vector<ParamInfo>& choices) {
  if (choices.empty()) {
    ImGui::Separator();
    ImGui::TextColored(ui::kDimColor, "Gradient check: available once this network trains on the chosen data.");
  } else {
    ImGui::Separator();
    ImGui::TextUnformatted("Gradient check");
    ui::help_marker("Backprop's gradient of the data loss for one weight, next to the central difference "
                    "(L(w + h) - L(w - h)) / 2h, on the first 16 training samples in eval mode. A relative error "
                    "below 1e-4 is expected in float32; around kinks (ReLU at 0) it can be larger.");
    panel.choice = std::clamp(panel.choice, 0, static_cast<int>(choices.size()) - 1);
    const auto& c = choices[static_cast<size_t>(panel.choice)];
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    if (ImGui::BeginCombo("##gc_param", c.label.c_str())) {
      for (size_t i = 0; i < choices.size(); ++i)
        if (ImGui::Selectable(choices[i].label.c_str(), static_cast<int>(i) == panel.choice)) panel.choice = static_cast<int>(i);
      ImGui::EndCombo();
    }
    ui::tooltip("Which parameter tensor to check.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ui::slider_int("element##gc", &panel.element, 0, static_cast<int>(std::max<int64_t>(c.size - 1, 0)));
    ui::tooltip("Index of the weight inside the tensor (row-major).");
    ImGui::SameLine();
    if (ImGui::Button("Check")) panel.check_requested = true;
    ui::tooltip("Compute both gradients now.");
    const GradCheck& g = panel.check;
    if (g.ok) {
      ImVec4 col = g.rel_error < 1e-4 ? ui::kOkColor : g.rel_error < 1e-2 ? ImVec4(0.95f, 0.8f, 0.3f, 1) : ui::kErrorColor;
      ImGui::Text("%s: analytic %.7g, numeric %.7g (h = %.0e),", g.param.c_str(), g.analytic, g.numeric, g.step);
      ImGui::SameLine();
      ImGui::TextColored(col, "relative error %.2e", g.rel_error);
    } else if (!g.error.empty()) {
      ImGui::TextColored(ui::kErrorColor, "%s", g.error.c_str());
    }
  }
}

namespace {
// The options above the table: factored counts, the quiz, the conventions, parallel mode.
void draw_options(InspectorPanel& panel) {
  ImGui::Checkbox("Factored (as the course writes it)", &panel.factored);
  ui::tooltip("Show each count as the product you would write by hand, e.g. 5 x 5 x 3 x 16, instead of the number.");
  ui::same_line_if_checkbox_fits("Check my answers");
  ImGui::BeginDisabled(panel.hide_answers);
  ImGui::Checkbox("Check my answers", &panel.quiz);
  ImGui::EndDisabled();
  ui::tooltip("Hide the counts: type your own output shape, weights, biases, batch norm parameters, multiplications "
              "and receptive fields (a number, or a product like 5 x 5 x 3 x 16) and see whether each is right; a "
              "wrong one names the likely mistake.");
  ui::same_line_if_checkbox_fits("Conventions");
  ImGui::Checkbox("Conventions", &panel.show_conventions);
  ui::tooltip("How GradLab counts parameters, multiplications and memory.");
  const char* parallel = "Each layer alone on INPUT";
  const float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(parallel).x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
    ImGui::SameLine();  // on the options' line when it fits (800 px wide embeds wrap it)
  ImGui::BeginDisabled(panel.hide_answers);
  ImGui::Checkbox(parallel, &panel.parallel);
  ImGui::EndDisabled();
  ui::tooltip("Parallel mode: every row restarts from the INPUT instead of taking the row above, so you can compare "
              "what each layer does to the same input (e.g. CONV5-8-p2-s2 and POOL2 on a 3 x 16 x 16 map).");
}

// Under the table: the totals (hidden during a quiz), why an unfinished network cannot train, and the
// training-memory estimate with its batch.
void draw_totals(const InspectorPanel& panel, const ModelSummary& s, Intents& intents) {
  if (panel.quiz || panel.hide_answers) ImGui::TextColored(ui::kDimColor, "Totals are hidden while you work out the answers.");
  else ImGui::Text("Total: %s learnable parameters (%s weights, %s biases, %s BN), %s multiplications per sample",
              with_commas(s.total_params).c_str(), with_commas(s.total_weights).c_str(),
              with_commas(s.total_biases).c_str(), with_commas(s.total_bn_params).c_str(),
              with_commas(s.total_mults).c_str());
  if (!s.trainable) {  // a valid but unfinished network: counted, not trainable yet (why training is off)
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kDimColor, "Note: %s", s.untrainable_reason.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Text("Training at batch %d needs about %s", s.batch, format_bytes(s.train_bytes).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.train_bytes_formula.c_str());
  ImGui::SameLine();
  int batch = s.batch;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::InputInt("batch##summary", &batch, 1, 8) && batch >= 1) intents.summary_batch = batch;
  ui::tooltip("Batch size used for the training-memory estimate.");
}

}  // namespace

void draw_inspector_panel(InspectorPanel& panel, const Session& session, Intents& intents) {
  const ModelSummary& s = session.summary();
  const CheckFacts facts = check_facts(session);
  draw_options(panel);

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  const float table_h = ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() *
                                                               ((panel.show_conventions ? 10.0f : 4.5f) + (session.train().param_list().empty() ? 0.0f : 3.5f));
  if (panel.parallel && !panel.hide_answers) {  // an exercise's hidden cells are never shown another way
    draw_parallel_table(panel, session.parallel_summary(), flags, table_h > 100 ? table_h : 100);
    if (panel.show_conventions)
      for (const std::string& line : summary_conventions()) ImGui::BulletText("%s", line.c_str());
    return;
  }
  if (ImGui::BeginTable("##inspector", 8, flags, ImVec2(0, table_h > 100 ? table_h : 100))) {
    setup_columns();
    for (size_t i = 0; i < s.rows.size(); ++i) {
      const RowSummary& r = s.rows[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.spec.c_str());
      const int ri = static_cast<int>(i);
      const bool quiz = panel.quiz && r.row > 0 && r.output_shape.rank() > 0;
      if (panel.hide_answers && r.row > 0) {  // the exercise card asks for these
        for (int c = 0; c < 7; ++c) ImGui::TableNextColumn(), ImGui::TextColored(ui::kDimColor, "?");
        ImGui::PopID();
        continue;
      }
      ImGui::TableNextColumn();
      if (quiz) answer_cell(panel, ri, 0, CellField::Shape, facts);
      else ImGui::TextUnformatted(r.output_shape.rank() ? r.output_shape.str().c_str() : "scalar");
      ImGui::TableNextColumn();
      if (quiz) answer_cell(panel, ri, 1, CellField::Weights, facts);
      else count_cell(r.weights, r.weights_expr, panel.factored);
      ImGui::TableNextColumn();
      if (quiz) answer_cell(panel, ri, 2, CellField::Biases, facts);
      else count_cell(r.biases, r.biases_expr, panel.factored);
      ImGui::TableNextColumn();
      if (quiz) answer_cell(panel, ri, 4, CellField::BnParams, facts);
      else count_cell(r.bn_params, r.bn_expr, panel.factored);
      ImGui::TableNextColumn();
      if (quiz) answer_cell(panel, ri, 3, CellField::Mults, facts);
      else count_cell(r.mults, r.mults_expr, panel.factored);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_bytes(r.activation_bytes).c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s per sample", r.activation_expr.c_str());
      ImGui::TableNextColumn();
      // One convention everywhere (engine/README.md): clipped to the input; the INPUT row sees 1 position.
      if (r.row == 0 && r.receptive_field.empty()) ImGui::TextColored(ui::kDimColor, "-");
      else if (quiz && r.row > 0 && !r.receptive_field.empty()) answer_cell(panel, ri, 5, CellField::ReceptiveField, facts);
      else ImGui::TextUnformatted(rf_text(r.receptive_field).c_str());
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0.0f);  // the lines below wrap in a narrow frame
  draw_totals(panel, s, intents);
  if (panel.show_conventions)
    for (const std::string& line : summary_conventions()) ImGui::BulletText("%s", line.c_str());

  draw_grad_check(panel, session.train().param_list());
  ImGui::PopTextWrapPos();
}

}  // namespace gl
