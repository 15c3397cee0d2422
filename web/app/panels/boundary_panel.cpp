// Draws the boundary image and the points; mouse edits become intents.
#include "web/app/panels/boundary_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "web/app/widgets/field_image.h"
#include "web/app/widgets/plane_view.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

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
  for (int k = 0; k < classes; ++k) {
    ui::same_line_if_fits(ImGui::GetFrameHeight());
    ImGui::PushID(k);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, ui::class_color(k));
    ImGui::PushStyleColor(ImGuiCol_Text, ui::class_color(k));
    ImGui::RadioButton(("##class " + std::to_string(k)).c_str(), &panel.add_class, k);
    ImGui::PopStyleColor(2);
    ui::tooltip("New points you click get this class.");
    ImGui::PopID();
  }
  // In a narrow frame the row continues on the next line (nothing is cut).
  ui::same_line_if_checkbox_fits("to test set");
  ImGui::Checkbox("to test set", &panel.add_to_test);
  ui::tooltip("Add clicked points to the test set (hollow) instead of the training set (filled).");
  ui::same_line_if_checkbox_fits("show test points");
  ImGui::Checkbox("show test points", &panel.show_test);
  ui::tooltip("Filled dots are training points, hollow rings are test points.");
  ui::same_line_if_fits(ImGui::CalcTextSize("right-click removes a point").x);
  ImGui::TextColored(ui::kDimColor, "right-click removes a point");

  const PlaneGrid* grid = nullptr;
  PlaneField field;
  float side = std::max(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - ImGui::GetFontSize()), 120.0f);
  if (lab.trainer() && lab.error().empty()) {
    grid = &lab.last_grid();  // computed by App before drawing
    update_field_image(panel.field, *grid);
    field = {field_texture(gfx, slot_of(TexSlot::Boundary), panel.field), &panel.field.lines};
  }
  PlaneView v{};
  lab.plane_bounds(v.x0, v.x1, v.y0, v.y1);
  float hx = 0, hy = 0;
  if (draw_plane(*data, v, field, side, panel.show_test, gfx, &hx, &hy)) {
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
