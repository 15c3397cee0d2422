// Exercise card drawing: one block per check (question, answer widget, feedback, revealed answer), then the
// hints shown so far, the Check button and the lab navigation.
#include "web/app/panels/exercise_panel.h"

#include <imgui.h>

#include "web/app/widgets/markdown.h"
#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {
namespace {

void wrapped(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

// Radio options, each label wrapped beside its button; clicking the text chooses too.
void draw_choice(ExercisePanel& p, size_t i, const ExerciseCheck& c, bool done, float dpr) {
  std::string& a = p.answers[i];
  for (size_t k = 0; k < c.options.size(); ++k) {
    ImGui::PushID(static_cast<int>(k));
    const bool on = a == std::to_string(k);
    if (ImGui::RadioButton("##opt", on) && !done) a = std::to_string(k);
    p.rects[i].push_back(last_item_rect(dpr));
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(c.options[k].c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (ImGui::IsItemClicked() && !done) a = std::to_string(k);
    ImGui::PopID();
  }
}

void draw_typed(ExercisePanel& p, size_t i, bool done, float dpr) {
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 12.0f));
  const ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue | (done ? ImGuiInputTextFlags_ReadOnly : 0);
  if (ui::input_text("##answer", p.answers[i], flags)) p.check_requested = true;
  ui::tooltip("A number, a product like 5 x 5 x 3 x 16, or a shape like 16 x 32 x 32. Enter checks.");
  p.rects[i].push_back(last_item_rect(dpr));
}

void draw_check(ExercisePanel& p, size_t i, const ExerciseCheck& c, const CheckState& s, const Session& session, float dpr) {
  ImGui::PushID(static_cast<int>(i));
  const bool done = s.outcome.passed;
  ImGui::TextColored(ui::kDimColor, "%d.", static_cast<int>(i + 1));
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(check_prompt(c, &session.summary()).c_str());
  ImGui::PopTextWrapPos();
  if (c.kind == CheckKind::Choice) draw_choice(p, i, c, done, dpr);
  else if (c.kind != CheckKind::Goal) draw_typed(p, i, done, dpr);
  if (done) wrapped(ui::kOkColor, c.kind == CheckKind::Goal ? s.outcome.feedback : "Right.");
  else if (!s.outcome.feedback.empty() && (s.checked || s.outcome.pending))
    wrapped(s.outcome.pending ? ui::kDimColor : ui::kErrorColor, s.outcome.feedback);
  if (!done && !s.outcome.revealed.empty()) wrapped(ImVec4(0.95f, 0.8f, 0.3f, 1), "The answer: " + s.outcome.revealed);
  ImGui::PopID();
}

void draw_footer(ExercisePanel& p, const ExerciseLab& lab, float dpr) {
  const Exercise& ex = lab.exercise();
  for (int h = 0; h < lab.hints_shown(); ++h) {
    ImGui::TextColored(ImVec4(0.95f, 0.8f, 0.3f, 1), "Hint %d:", h + 1);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(ex.hints[static_cast<size_t>(h)].c_str());
    ImGui::PopTextWrapPos();
  }
  if (lab.passed()) ImGui::TextColored(ui::kOkColor, "Passed. Well done!");
  else {
    if (ImGui::Button("Check")) p.check_requested = true;
    ui::tooltip("Check your answers (Enter). A wrong answer never counts against you; hints appear after a try.");
    p.check_rect = last_item_rect(dpr);
  }
  if (p.lab_index >= 0) {
    ImGui::BeginDisabled(p.lab_index == 0);
    if (ImGui::Button("< Previous")) p.nav = -1;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(p.lab_index + 1 >= p.lab_count);
    if (ImGui::Button("Next >")) p.nav = 1;
    p.next_rect = last_item_rect(dpr);
    ImGui::EndDisabled();
    ImGui::SameLine();
  }
  if (ImGui::SmallButton(p.preview ? "Back to editing" : "Close")) p.close_requested = true;
  ui::tooltip(p.preview ? "Return to the Create exercise dialog." : "Leave the exercise; the network and data stay.");
}

}  // namespace

void draw_exercise_panel(ExercisePanel& p, const Session& session, float dpr) {
  const ExerciseLab& lab = session.exercise();
  if (!lab.active()) return;
  const Exercise& ex = lab.exercise();
  if (p.serial != lab.serial()) {
    p.answers.assign(ex.checks.size(), std::string());
    p.serial = lab.serial();
  }
  p.rects.assign(ex.checks.size(), {});
  p.check_rect = p.next_rect = {};
  if (!p.lab_title.empty())
    ImGui::TextColored(ui::kDimColor, "%s, exercise %d of %d", p.lab_title.c_str(), p.lab_index + 1, p.lab_count);
  ImGui::TextColored(ImVec4(0.55f, 0.78f, 1.0f, 1.0f), "%s", ex.title.empty() ? "Exercise" : ex.title.c_str());
  ui::draw_markdown(ex.task);
  for (size_t i = 0; i < ex.checks.size(); ++i) draw_check(p, i, ex.checks[i], lab.checks()[i], session, dpr);
  // Enter checks when no text field has the keyboard (a text field's own Enter is handled above).
  if (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) && !lab.passed())
    p.check_requested = true;
  draw_footer(p, lab, dpr);
  ImGui::Separator();
}

}  // namespace gl
