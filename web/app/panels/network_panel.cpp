// Draws the spec editor with a line-number gutter, the error underline and message, and a notation cheat
// sheet. Edits become an Intents::spec_text applied by App next frame.
#include "web/app/panels/network_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
// Byte offset where 1-based `line` starts, or text.size().
size_t line_start(const std::string& text, int line) {
  size_t pos = 0;
  for (int l = 1; l < line && pos < text.size(); ++l) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) return text.size();
    pos = nl + 1;
  }
  return pos;
}
}  // namespace

// The layer list: one row per spec row of the last valid spec, with up / down / remove buttons and the
// row's text editable in place; "Add layer" appends a template before the loss row. Every edit rewrites the
// spec text (one row per line), which the session validates like typed text.
void draw_layer_list(NetworkPanel& panel, const Session& session, Intents& intents) {
  std::vector<std::string> rows;
  for (const SpecRow& r : session.spec().rows) rows.push_back(print_row(r));
  const int n = static_cast<int>(rows.size());
  const bool has_loss = session.spec().has_loss_row;
  auto emit = [&](const std::vector<std::string>& rs) {
    std::string t;
    for (size_t i = 0; i < rs.size(); ++i) t += (i ? "\n" : "") + rs[i];
    intents.spec_text = t;
  };
  for (int i = 0; i < n; ++i) {
    ImGui::PushID(i);
    const bool fixed_row = i == 0 || (has_loss && i == n - 1);  // INPUT first, loss last
    ImGui::BeginDisabled(fixed_row || i == 1);
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) {
      std::swap(rows[static_cast<size_t>(i)], rows[static_cast<size_t>(i - 1)]);
      emit(rows);
    }
    ImGui::EndDisabled();
    ui::tooltip("Move this layer up.");
    ImGui::SameLine();
    ImGui::BeginDisabled(fixed_row || i + 1 >= n - (has_loss ? 1 : 0));
    if (ImGui::ArrowButton("##down", ImGuiDir_Down)) {
      std::swap(rows[static_cast<size_t>(i)], rows[static_cast<size_t>(i + 1)]);
      emit(rows);
    }
    ImGui::EndDisabled();
    ui::tooltip("Move this layer down.");
    ImGui::SameLine();
    ImGui::BeginDisabled(i == 0);
    if (ImGui::Button("x")) {
      rows.erase(rows.begin() + i);
      emit(rows);
    }
    ImGui::EndDisabled();
    ui::tooltip("Remove this layer.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (panel.editing == i) {
      if (ui::input_text("##row", panel.row_text, ImGuiInputTextFlags_EnterReturnsTrue)) {
        rows[static_cast<size_t>(i)] = panel.row_text;
        emit(rows);
        panel.editing = -1;
      }
      if (!ImGui::IsItemActive() && !ImGui::IsItemFocused()) panel.editing = -1;
    } else if (ImGui::Selectable(rows[static_cast<size_t>(i)].c_str())) {
      panel.editing = i;
      panel.row_text = rows[static_cast<size_t>(i)];
      ImGui::SetKeyboardFocusHere(0);
    }
    ui::tooltip("Click to edit this layer in the course's notation (Enter applies).");
    ImGui::PopID();
  }
  static const char* templates[] = {"FC-64", "CONV3-16-p1-s1", "CONV5-16-p2-s1", "POOL2", "AVGPOOL2", "BN",
                                    "DROPOUT-0.5", "RELU", "TANH", "SIGMOID", "LEAKYRELU-0.01", "ACT(relu(-x))",
                                    "FLATTEN", "RNN-32", "LSTM-32", "GRU-32"};
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (ImGui::BeginCombo("##add", "Add layer...")) {
    for (const char* t : templates)
      if (ImGui::Selectable(t)) {
        // Before the last FC (the output layer) and the loss, so the output size stays right.
        int at = n;
        if (has_loss) --at;
        if (at > 1 && rows[static_cast<size_t>(at - 1)].rfind("FC", 0) == 0) --at;
        rows.insert(rows.begin() + std::max(at, 1), t);
        emit(rows);
      }
    ImGui::EndCombo();
  }
  ui::tooltip("Insert a layer before the output layer; then edit its numbers by clicking it.");
}

// The spec as text, with the offending token underlined and its line marked in the gutter.
void draw_spec_editor(NetworkPanel& panel, const Session& session, Intents& intents) {
  ImFont* mono = ui::mono_font();
  if (mono) ImGui::PushFont(mono);
  const float line_h = ImGui::GetTextLineHeight();
  const int lines = static_cast<int>(std::count(panel.text.begin(), panel.text.end(), '\n')) + 1;
  const float height = std::max(line_h * (static_cast<float>(lines) + 1.5f), line_h * 7.0f);
  const ImVec2 size(-1.0f, std::min(height, ImGui::GetContentRegionAvail().y * 0.6f));
  bool edited = ui::input_text_multiline("##spec", panel.text, size, ImGuiInputTextFlags_AllowTabInput);
  ui::tooltip("The model, in the course's notation. It is checked as you type; the inspector updates when it is valid.");
  const ImVec2 box_min = ImGui::GetItemRectMin(), box_max = ImGui::GetItemRectMax();

  const auto& err = session.spec_error();
  if (err) {
    // Underline the offending token (when the editor is not scrolled past it).
    const ImGuiStyle& st = ImGui::GetStyle();
    size_t ls = line_start(panel.text, err->line);
    size_t col0 = std::min(ls + static_cast<size_t>(std::max(err->col - 1, 0)), panel.text.size());
    size_t col1 = std::min(col0 + static_cast<size_t>(std::max(err->length, 1)), panel.text.size());
    float x0 = box_min.x + st.FramePadding.x + ImGui::CalcTextSize(panel.text.data() + ls, panel.text.data() + col0).x;
    float x1 = x0 + std::max(ImGui::CalcTextSize(panel.text.data() + col0, panel.text.data() + col1).x, line_h * 0.5f);
    float y = box_min.y + st.FramePadding.y + line_h * static_cast<float>(err->line);
    if (y < box_max.y) {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), ImGui::GetColorU32(ui::kErrorColor), 2.0f);
      dl->AddRectFilled(ImVec2(box_min.x + 1, y - line_h), ImVec2(box_min.x + 4, y),
                        ImGui::GetColorU32(ui::kErrorColor));
    }
  }
  if (mono) ImGui::PopFont();
  if (edited) intents.spec_text = panel.text;
}

void draw_network_panel(NetworkPanel& panel, const Session& session, Intents& intents) {
  if (panel.synced_from != session.spec_text()) {
    panel.text = session.spec_text();
    panel.synced_from = session.spec_text();
  }
  ImGui::TextUnformatted("Network");
  ui::help_marker(
      "Type the network in the course's notation, one layer per line (or comma-separated).\n"
      "INPUT 3 x 32 x 32  |  CONV5-16-p2-s1  |  POOL2  |  FC-256  |  BN  |  DROPOUT-0.5\n"
      "RELU TANH SIGMOID LEAKYRELU-0.01 LINEAR ACT(relu(-x))  |  RNN-32 LSTM-32 GRU-32\n"
      "Loss last: SOFTMAX, SVM or MSE.");

  ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 9.5f);
  int view = panel.widgets ? 1 : 0;
  ImGui::RadioButton("text", &view, 0);
  ui::tooltip("Type the network in the course's notation.");
  ImGui::SameLine();
  ImGui::RadioButton("layers", &view, 1);
  ui::tooltip("Build the network from a list of layers: add, remove, reorder, click one to edit it.");
  panel.widgets = view == 1;
  if (panel.widgets) draw_layer_list(panel, session, intents);
  else draw_spec_editor(panel, session, intents);

  const auto& err = session.spec_error();
  if (err) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kErrorColor, "%s", err->message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextColored(ui::kDimColor, panel.inspector_parallel
                                          ? "The Inspector shows each row of this text alone on the INPUT."
                                          : "The Inspector still shows your last valid network.");
  } else {
    const auto& s = session.summary();
    ImGui::TextColored(ui::kOkColor, "Valid:");
    ImGui::SameLine();
    if (panel.hide_counts) ImGui::Text("%d rows", static_cast<int>(s.rows.size()));
    else ImGui::Text("%d rows, %lld learnable parameters", static_cast<int>(s.rows.size()),
                     static_cast<long long>(s.total_params));
  }
}

}  // namespace gl
