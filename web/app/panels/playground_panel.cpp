// Draws the race: controls on top, the contour image with trajectories, and a legend with each racer's
// current f.
#include "web/app/panels/playground_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {


namespace {

// Surface, play / restart, the step counter, and each racer's switch and learning rate.
void draw_race_controls(PlaygroundPanel& panel, const Session& session, Intents& intents) {
  const PlaygroundLab& lab = session.playground();
  SurfaceDesc sd = lab.surface_desc();
  const char* names[] = {"Quadratic bowl", "Elongated valley", "Rosenbrock", "Saddle", "Several minima", "Formula in x, y"};
  int kind = static_cast<int>(sd.kind);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
  if (ImGui::Combo("Surface", &kind, names, IM_ARRAYSIZE(names))) {
    sd.kind = static_cast<SurfaceKind>(kind);
    if (sd.kind == SurfaceKind::Formula) sd.formula = panel.formula;
    intents.surface = sd;
  }
  ui::tooltip("The loss surface f(x, y) the optimizers descend.");
  if (sd.kind == SurfaceKind::Formula) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ui::input_text("##surface_formula", panel.formula, ImGuiInputTextFlags_EnterReturnsTrue)) {
      sd.formula = panel.formula;
      intents.surface = sd;
    }
    ui::tooltip("Type f(x, y) and press Enter, e.g. x^2 + 10*y^2 or abs(x) + y^2.");
  }
  ImGui::SameLine();
  if (ImGui::Button(lab.playing() ? "Pause###race" : "Play###race")) intents.playground_play = !lab.playing();
  ImGui::SameLine();
  if (ImGui::Button("Restart")) intents.playground_restart = true;
  ImGui::SameLine();
  ImGui::Text("step %d / %d", lab.steps(), lab.max_steps);
  if (!session.playground_error().empty()) ImGui::TextColored(ui::kErrorColor, "%s", session.playground_error().c_str());

  // Racers: enable, learning rate.
  const auto& racers = lab.racers();
  for (size_t i = 0; i < racers.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (i % 3) ImGui::SameLine();
    bool en = racers[i].enabled;
    ImGui::PushStyleColor(ImGuiCol_CheckMark, ui::series_color(static_cast<int>(i)));
    if (ImGui::Checkbox(optim_kind_name(racers[i].optim.kind), &en)) intents.racer_enabled.emplace_back(static_cast<int>(i), en);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    float lr = racers[i].optim.lr;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    if (ImGui::SliderFloat("##lr", &lr, 1e-4f, 2.0f, "lr %.4f", ImGuiSliderFlags_Logarithmic))
      intents.racer_lr.emplace_back(static_cast<int>(i), lr);
    ui::tooltip("Learning rate of this optimizer (log scale). The race restarts when you change it.");
    ImGui::PopID();
  }

}

// The surface's contour map, painted only when the surface (or the size) changed.
void* contour_texture(const PlaygroundLab& lab, Gfx& gfx, int px) {
  const int slot = slot_of(TexSlot::Contour);
  const uint64_t key = gfx_key({lab.surface_revision(), 128});
  void* tex = gfx.cached(slot, key, px, px);
  if (!tex) {  // a new surface (or size): sample it and paint its contours
    const SurfaceGrid& grid = lab.grid(128, 128);
    // The grid's row 0 is the bottom (y0); textures show row 0 at the top, so flip rows for painting.
    std::vector<float> flipped(grid.f.size());
    for (int j = 0; j < grid.ny; ++j)
      for (int i = 0; i < grid.nx; ++i) {
        float v = grid.f[static_cast<size_t>(j * grid.nx + i)];
        flipped[static_cast<size_t>((grid.ny - 1 - j) * grid.nx + i)] = std::isfinite(v) ? v : grid.fmax;
      }
    tex = gfx.paint_contour(slot, key, grid.nx, grid.ny, flipped.data(), grid.fmin, grid.fmax, 14, px, px);
  }
  return tex;
}

// The map with each racer's trajectory and the start point (a click moves it), and the legend of current f.
void draw_race_map(const PlaygroundLab& lab, void* tex, float side, Intents& intents) {
  const auto& racers = lab.racers();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Image(tex, ImVec2(side, side));
  const View2D& v = lab.view();
  auto to_screen = [&](float x, float y) {
    return ImVec2(p0.x + (x - v.x0) / (v.x1 - v.x0) * side, p0.y + (1.0f - (y - v.y0) / (v.y1 - v.y0)) * side);
  };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  for (size_t i = 0; i < racers.size(); ++i) {
    if (!racers[i].enabled) continue;
    const auto& t = racers[i].run.trajectory();
    std::vector<ImVec2> pts;
    pts.reserve(t.size());
    for (const TrajPoint& q : t) pts.push_back(to_screen(q.x, q.y));
    ImU32 col = ImGui::ColorConvertFloat4ToU32(ui::series_color(static_cast<int>(i)));
    if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.0f);
    if (!pts.empty()) dl->AddCircleFilled(pts.back(), 4.0f, col);
    // The optimizer's name at its ball: the racers differ by label, not by hue alone.
    if (!pts.empty()) dl->AddText(ImVec2(pts.back().x + 6.0f, pts.back().y - ImGui::GetFontSize() * 0.5f), col,
                                  optim_kind_name(racers[i].optim.kind));
  }
  ImVec2 s = to_screen(lab.start_x(), lab.start_y());
  dl->AddCircle(s, 6.0f, IM_COL32(255, 255, 255, 255), 0, 2.0f);
  dl->PopClipRect();
  if (ImGui::IsItemHovered()) {
    ImVec2 m = ImGui::GetIO().MousePos;
    float x = v.x0 + (m.x - p0.x) / side * (v.x1 - v.x0), y = v.y0 + (1.0f - (m.y - p0.y) / side) * (v.y1 - v.y0);
    ImGui::SetTooltip("x = %.3f, y = %.3f\nf = %.5g\nclick to start the race here", x, y, lab.surface().value(x, y));
    if (ImGui::IsMouseClicked(0)) intents.playground_start = std::make_pair(x, y);
  }
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextUnformatted("current f");
  for (size_t i = 0; i < racers.size(); ++i) {
    if (!racers[i].enabled) continue;
    const auto& t = racers[i].run.trajectory();
    ImGui::TextColored(ui::series_color(static_cast<int>(i)), "%-9s %s", optim_kind_name(racers[i].optim.kind),
                       t.empty() ? "-" : (racers[i].run.diverged() ? "diverged" : std::to_string(t.back().f).c_str()));
  }
  ImGui::EndGroup();
}

}  // namespace

void draw_playground_panel(PlaygroundPanel& panel, const Session& session, Gfx& gfx, Intents& intents) {
  draw_race_controls(panel, session, intents);
  const PlaygroundLab& lab = session.playground();
  // Contour map with trajectories.
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float side = std::max(std::min(avail.x, avail.y - ImGui::GetFontSize() * 2.5f), 100.0f);
  int px = std::clamp(static_cast<int>(side), 64, 1024);
  draw_race_map(lab, contour_texture(lab, gfx, px), side, intents);
}

}  // namespace gl
