// The "Inside" tab's view for 2D data (see inside_panel.h): every hidden unit's output painted over
// the plane, one small map per unit and a row of maps per spec row. Conv views and |W| live elsewhere.
#include "web/app/panels/inside_panel.h"

#include <imgui.h>

#include <algorithm>

#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl::inside {

void draw_plane(InsidePanel& p) {
  const InsideSnapshot& s = p.snap;
  const float fs = ImGui::GetFontSize();
  ImGui::TextColored(ui::kDimColor, "Each square: one hidden unit's output at every point (x1, x2) of the plane.");
  ui::help_marker("The same plane as the decision boundary. A unit of the first hidden layer can only draw one "
                  "straight line (its weighted sum is a plane; ReLU cuts it at 0); later layers combine those "
                  "lines into curved regions. Blue = negative, white = 0, red = positive; each square has its "
                  "own scale (hover for exact values).");
  ImGui::SetNextItemWidth(fs * 9);
  ui::slider_int("##grid_n", &p.grid_n, 12, 64, "resolution %d");
  ui::tooltip("How many points per side of the plane each unit's output is computed at (n x n forward passes).");
  ui::same_line_if_fits(fs * 7);
  ui::color_bar("##unit_bar", ui::ColorMap::Diverging, -1, 1, fs * 7);
  ui::tooltip("Colour scale: each map runs from -max|output| (blue) through 0 (white) to +max|output| (red).");
  if (s.unit_rows.empty()) ImGui::TextColored(ui::kDimColor, "This network has no hidden layers.");
  const float side = std::clamp(ImGui::GetContentRegionAvail().x / 10.0f - ImGui::GetStyle().ItemSpacing.x, fs * 3.0f, fs * 5.5f);
  for (const InsideUnitRow& row : s.unit_rows) {
    ImGui::PushID(row.layer);
    ImGui::Text("%s", row.title.c_str());
    if (row.units < row.units_total) {
      ImGui::SameLine();
      ImGui::TextColored(ui::kDimColor, "(first %d of %d units)", row.units, row.units_total);
    }
    const int pl = per_line(side);
    for (int u = 0; u < row.units; ++u) {
      flow(u, pl);
      ImGui::PushID(u);
      const int img = row.first_image + u;
      ui::HeatmapHover h = show_image(p, img, "##unit", ImVec2(side, side));
      if (h.hovered) {
        const InsideImage& im = *image_at(s, img);
        const float x1 = s.x0 + (static_cast<float>(h.col) + 0.5f) / static_cast<float>(s.n) * (s.x1 - s.x0);
        const float x2 = s.y1 - (static_cast<float>(h.row) + 0.5f) / static_cast<float>(s.n) * (s.y1 - s.y0);
        const auto [mn, mx] = std::minmax_element(im.values.begin(), im.values.end());
        ImGui::SetTooltip("%s, unit %d\nat x1 = %.3f, x2 = %.3f: output %.5g\nthis unit over the plane: %.4g .. %.4g",
                          row.title.c_str(), u, x1, x2, h.value, *mn, *mx);
      }
      ImGui::PopID();
    }
    ImGui::PopID();
  }
}

}  // namespace gl::inside
