// The app's sliders: ImGui's SliderFloat / SliderInt with the same arguments, which also tell the
// accessibility collector the slider's number, minimum and maximum (ImGui's item hooks report a slider's
// shown text only), so the page's mirror can set aria-valuenow / aria-valuemin / aria-valuemax. Panels draw sliders only
// through these (tests/ui/test_a11y_items.cpp fails on a slider with no range). Header-only, ImGui only.
#pragma once
#include <imgui.h>

#include "web/app/widgets/a11y_items.h"

namespace gl::ui {

// A logarithmic slider (ImGuiSliderFlags_Logarithmic) reports its real ends, not positions on the track.
inline bool slider_float(const char* label, float* v, float v_min, float v_max, const char* format = "%.3f",
                         ImGuiSliderFlags flags = 0) {
  const bool changed = ImGui::SliderFloat(label, v, v_min, v_max, format, flags);
  a11y::set_last_item_range(*v, v_min, v_max);
  return changed;
}

inline bool slider_int(const char* label, int* v, int v_min, int v_max, const char* format = "%d",
                       ImGuiSliderFlags flags = 0) {
  const bool changed = ImGui::SliderInt(label, v, v_min, v_max, format, flags);
  a11y::set_last_item_range(*v, v_min, v_max);
  return changed;
}

}  // namespace gl::ui
