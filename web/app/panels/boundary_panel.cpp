// Draws the boundary image and the points; mouse edits become intents.
#include "web/app/panels/boundary_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "web/app/widgets/markers.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

FieldColors class_field_colors() {
  FieldColors c{};
  for (int k = 0; k < 8; ++k) {
    ImVec4 v = ui::class_color(k);
    c.rgb[k][0] = v.x;
    c.rgb[k][1] = v.y;
    c.rgb[k][2] = v.z;
  }
  return c;
}

bool draw_plane(const Dataset& data, const PlaneView& v, void* field_tex, float side, bool show_test, float* hx,
                float* hy) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  if (field_tex) ImGui::Image(field_tex, ImVec2(side, side));
  else ImGui::InvisibleButton("##plane", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!field_tex) dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(245, 245, 245, 255));
  auto to_screen = [&](float x, float y) {
    return ImVec2(p0.x + (x - v.x0) / (v.x1 - v.x0) * side, p0.y + (v.y1 - y) / (v.y1 - v.y0) * side);
  };
  const float r = std::max(2.5f, side / 140.0f);
  dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  for (int split = 0; split < (show_test ? 2 : 1); ++split) {
    const Tensor& x = split ? data.x_test : data.x_train;
    const Tensor& y = split ? data.y_test : data.y_train;
    const int n = x.rank() ? x.dim(0) : 0;
    for (int i = 0; i < n; ++i) {
      ImVec2 p = to_screen(x[2 * i], x[2 * i + 1]);
      const int k = static_cast<int>(y[i]);
      ui::draw_class_marker(dl, p, r, k, ImGui::ColorConvertFloat4ToU32(ui::class_color(k)), split == 0);
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

void draw_boundary_panel(BoundaryPanel& panel, const Session& session, Gfx& gfx, Intents& intents) {
  const TrainLab& lab = session.train();
  const Dataset* data = lab.data();
  if (!data || !lab.is_2d()) {
    ImGui::TextWrapped("The decision boundary is drawn for 2D data sets. Pick Two spirals, Circles, XOR, "
                       "Gaussian blobs, Moons or Linearly separable under Data set on the left.");
    return;
  }
  const int classes = data->num_classes;
  ImGui::TextUnformatted("Click: add a point of class");
  ImGui::SameLine();
  for (int k = 0; k < classes; ++k) {
    ImGui::PushID(k);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, ui::class_color(k));
    ImGui::PushStyleColor(ImGuiCol_Text, ui::class_color(k));
    ImGui::RadioButton(("##class " + std::to_string(k)).c_str(), &panel.add_class, k);
    ImGui::PopStyleColor(2);
    ui::tooltip("New points you click get this class.");
    ImGui::SameLine();
    ImGui::PopID();
  }
  ImGui::Checkbox("to test set", &panel.add_to_test);
  ui::tooltip("Add clicked points to the test set (hollow) instead of the training set (filled).");
  ImGui::SameLine();
  ImGui::Checkbox("show test points", &panel.show_test);
  ui::tooltip("Filled dots are training points, hollow rings are test points.");
  ImGui::SameLine();
  ImGui::TextColored(ui::kDimColor, "right-click removes a point");

  const PlaneGrid* grid = nullptr;
  void* tex = nullptr;
  float side = std::max(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - ImGui::GetFontSize()), 120.0f);
  if (lab.trainer() && lab.error().empty()) {
    grid = &lab.last_grid();  // computed by App before drawing
    if (grid->n > 0 && grid->classes >= 2)
      tex = gfx.paint_field(10, grid->n, grid->n, grid->classes, grid->probs.data(), class_field_colors(),
                            std::clamp(static_cast<int>(side), 64, 1024), std::clamp(static_cast<int>(side), 64, 1024));
  }
  PlaneView v{};
  lab.plane_bounds(v.x0, v.x1, v.y0, v.y1);
  float hx = 0, hy = 0;
  if (draw_plane(*data, v, tex, side, panel.show_test, &hx, &hy)) {
    if (grid && grid->n > 0) {
      int c = std::clamp(static_cast<int>((hx - grid->x0) / (grid->x1 - grid->x0) * grid->n), 0, grid->n - 1);
      int r = std::clamp(static_cast<int>((grid->y1 - hy) / (grid->y1 - grid->y0) * grid->n), 0, grid->n - 1);
      ImGui::BeginTooltip();
      ImGui::Text("x1 = %.3f, x2 = %.3f", hx, hy);
      for (int k = 0; k < grid->classes; ++k)
        ImGui::TextColored(ui::class_color(k), "P(class %d) = %.4f", k, grid->probs[static_cast<size_t>((r * grid->n + c) * grid->classes + k)]);
      ImGui::EndTooltip();
    }
    if (ImGui::IsMouseClicked(0)) intents.add_point = Intents::Point{hx, hy, panel.add_class, panel.add_to_test};
    if (ImGui::IsMouseClicked(1)) intents.remove_point = std::make_pair(hx, hy);
  }
}

}  // namespace gl
