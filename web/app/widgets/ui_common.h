// Shared widget helpers and the app's colours: tooltips in course terms, help markers, class colours
// (the same everywhere: points, boundaries, legends), train vs test styling. Header-only, ImGui only.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <cstring>

#include "web/app/widgets/theme.h"

namespace gl::ui {

// Class colours (points, boundaries, legends) and series colours (curves, optimizers): the theme's palette,
// distinguishable with colour-vision deficiencies (web/app/widgets/theme.cpp).
inline ImVec4 class_color(int k) { return palette(view_prefs().theme).classes[k & 7]; }
inline ImVec4 series_color(int i) { return palette(view_prefs().theme).classes[i & 7]; }
// A hash of the eight class colours: pictures made from them (boundaries, markers) are rebuilt when it moves.
inline uint64_t class_palette_hash() {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the colours' bits
  for (int k = 0; k < 8; ++k) {
    const ImVec4 c = class_color(k);
    for (float x : {c.x, c.y, c.z}) {
      uint32_t bits = 0;
      std::memcpy(&bits, &x, sizeof bits);
      h = (h ^ bits) * 1099511628211ull;
    }
  }
  return h;
}
// Series i of many (gradient norms of 13 layers): the palette's eight colours, then each again mixed 55%
// toward white, then 30% (the light theme's near-black colours cannot get darker): no two of
// the first 24 series share a colour ("0 dense" and "12 dense" differ). Callers dash the later rounds too.
inline ImVec4 many_series_color(int i) {
  const ImVec4 base = series_color(i);
  const int round = (i / 8) % 3;
  if (round == 0) return base;
  const ImVec4 to(1, 1, 1, 1);
  const float t = round == 1 ? 0.55f : 0.3f;  // the pair that keeps all 24 apart in all three themes
  return ImVec4(base.x + (to.x - base.x) * t, base.y + (to.y - base.y) * t, base.z + (to.z - base.z) * t, 1);
}
// Text colours of the current theme (use_palette() sets them).
inline ImVec4 kErrorColor{1.00f, 0.42f, 0.38f, 1};
inline ImVec4 kOkColor{0.45f, 0.85f, 0.45f, 1};
inline ImVec4 kDimColor{0.64f, 0.65f, 0.69f, 1};
inline ImVec4 kTrainColor{0.34f, 0.71f, 0.91f, 1};
inline ImVec4 kTestColor{0.90f, 0.62f, 0.00f, 1};
inline ImVec4 kAccentColor{0.55f, 0.78f, 1.0f, 1};
inline ImVec4 kPlotBg{0.094f, 0.102f, 0.118f, 1};  // figures' background and grid
inline ImVec4 kPlotGrid{1, 1, 1, 0.086f};

// Tooltip for the last item, shown on hover.
inline void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// A dim "(?)" with a tooltip.
// SameLine() when an item `w` pixels wide still fits to the right of the last one; else a new line.
inline void same_line_if_fits(float w) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// The same for a button with this label.
inline void same_line_if_button_fits(const char* label) {
  same_line_if_fits(ImGui::CalcTextSize(label, nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x);
}

// The same for a checkbox with this label.
inline void same_line_if_checkbox_fits(const char* label) {
  same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x);
}

// A table of text rows that keeps every column's natural width and scrolls sideways when the panel is narrower
// (ImGuiTableFlags_ScrollX needs a height: the header and `rows` rows, and room for the scrollbar).
inline bool begin_wide_table(const char* id, int columns, int rows, ImGuiTableFlags extra = 0) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float row = ImGui::GetTextLineHeight() + 2.0f * st.CellPadding.y;
  const float h = static_cast<float>(rows + 1) * row + st.ScrollbarSize + 2.0f * st.CellPadding.y + 2.0f;
  return ImGui::BeginTable(id, columns, extra | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX, ImVec2(0, h));
}

inline void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "(?)");
  tooltip(text);
}

// The monospace font (loaded second by the platform), or the default font.
inline ImFont* mono_font() {
  ImGuiIO& io = ImGui::GetIO();
  return io.Fonts->Fonts.Size > 1 ? io.Fonts->Fonts[1] : nullptr;
}

}  // namespace gl::ui
