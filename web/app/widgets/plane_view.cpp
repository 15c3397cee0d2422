// The 2D plane with its points over an optional field image, and the class colours for the field shader.
#include "web/app/widgets/plane_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "web/app/widgets/markers.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

bool draw_plane(const Dataset& data, const PlaneView& v, const PlaneField& field, float side, bool show_test, Gfx& gfx,
                float* hx, float* hy) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  if (field.texture) ImGui::Image(field.texture, ImVec2(side, side));
  else ImGui::InvisibleButton("##plane", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!field.texture) dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(245, 245, 245, 255));
  if (field.lines) {  // the boundary: dark grey over the field, about 2 px wide at any size
    const std::vector<float>& l = *field.lines;
    const float w = std::max(1.5f, side / 360.0f);
    for (size_t i = 0; i + 3 < l.size(); i += 4)
      dl->AddLine(ImVec2(p0.x + l[i] * side, p0.y + l[i + 1] * side), ImVec2(p0.x + l[i + 2] * side, p0.y + l[i + 3] * side),
                  IM_COL32(38, 38, 38, 204), w);
  }
  auto to_screen = [&](float x, float y) {
    return ImVec2(p0.x + (x - v.x0) / (v.x1 - v.x0) * side, p0.y + (v.y1 - y) / (v.y1 - v.y0) * side);
  };
  // Radius in quarter pixels: resizing the window rebuilds the sprite sheet every few pixels, not every frame.
  const ui::MarkerSheet markers = ui::marker_sheet(gfx, std::max(2.5f, std::round(side / 35.0f) / 4.0f));
  dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  for (int split = 0; split < (show_test ? 2 : 1); ++split) {
    const Tensor& x = split ? data.x_test : data.x_train;
    const Tensor& y = split ? data.y_test : data.y_train;
    const int n = x.rank() ? x.dim(0) : 0;
    for (int i = 0; i < n; ++i) {
      ImVec2 p = to_screen(x[2 * i], x[2 * i + 1]);
      const int k = static_cast<int>(y[i]);
      ui::draw_class_marker(dl, markers, p, k, split == 0);
    }
  }
  dl->PopClipRect();
  if (hovered) {
    ImVec2 m = ImGui::GetIO().MousePos;
    *hx = v.x0 + (m.x - p0.x) / side * (v.x1 - v.x0);
    *hy = v.y1 - (m.y - p0.y) / side * (v.y1 - v.y0);
  }
  return hovered;
}

}  // namespace gl
