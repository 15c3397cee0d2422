// Shared widget helpers and the app's colours: tooltips in course terms, help markers, class colours
// (the same everywhere: points, boundaries, legends), train vs test styling. Header-only, ImGui only.
#pragma once
#include <imgui.h>

namespace gl::ui {

// Class colours, colour-blind-friendly (Okabe-Ito), used for points, boundaries and legends alike.
inline ImVec4 class_color(int k) {
  static const ImVec4 c[8] = {{0.90f, 0.62f, 0.00f, 1}, {0.34f, 0.71f, 0.91f, 1}, {0.00f, 0.62f, 0.45f, 1},
                              {0.80f, 0.47f, 0.65f, 1}, {0.94f, 0.89f, 0.26f, 1}, {0.00f, 0.45f, 0.70f, 1},
                              {0.84f, 0.37f, 0.00f, 1}, {0.60f, 0.60f, 0.60f, 1}};
  return c[k & 7];
}
// Colours for several curves or racers on one plot (distinct from each other on the dark background).
inline ImVec4 series_color(int i) {
  static const ImVec4 c[6] = {{0.35f, 0.75f, 1.0f, 1}, {1.0f, 0.55f, 0.3f, 1}, {0.5f, 0.9f, 0.45f, 1},
                              {0.9f, 0.5f, 0.95f, 1}, {1.0f, 0.85f, 0.3f, 1}, {0.95f, 0.95f, 0.95f, 1}};
  return c[i % 6];
}
inline const ImVec4 kErrorColor{1.00f, 0.42f, 0.38f, 1};
inline const ImVec4 kOkColor{0.45f, 0.85f, 0.45f, 1};
inline const ImVec4 kDimColor{0.62f, 0.64f, 0.68f, 1};
inline const ImVec4 kTrainColor{0.34f, 0.71f, 0.91f, 1};
inline const ImVec4 kTestColor{0.90f, 0.62f, 0.00f, 1};

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
