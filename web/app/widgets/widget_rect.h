// Where a widget was drawn, in CSS pixels of the page: panels record the rects of the widgets a student
// clicks or types into, and the state hook hands them to browser tests that click and type like students.
#pragma once
#include <imgui.h>

namespace gl {

struct WidgetRect {
  float x = 0, y = 0, w = 0, h = 0;
};

// The last ImGui item's rect; dpr converts framebuffer pixels to CSS pixels.
inline WidgetRect last_item_rect(float dpr) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return {a.x / dpr, a.y / dpr, (b.x - a.x) / dpr, (b.y - a.y) / dpr};
}

}  // namespace gl
