// Class markers: each class has its own shape as well as its own colour (circle, square, triangle,
// diamond, inverted triangle, cross, hexagon, star), so points stay apart for students who cannot tell the
// colours apart. Filled for training points, outlined for test points. ImGui draw lists only.
#pragma once
#include <imgui.h>

namespace gl::ui {

void draw_class_marker(ImDrawList* dl, ImVec2 p, float r, int cls, ImU32 color, bool filled);

}  // namespace gl::ui
