// Draws the race: controls on top, the contour image with trajectories, and a legend with each racer's
// current f.
#include "web/app/panels/playground_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "web/app/widgets/slider.h"
#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {


namespace {

// "Same learning rate for all": one rate for every racer (a fair comparison of the update rules; some paths
// then leave the plot or diverge), instead of each optimizer's own usual rate.
void draw_same_rate(const PlaygroundLab& lab, Intents& intents) {
  RaceDesc race = lab.race();
  bool changed = ImGui::Checkbox("same learning rate for all", &race.same_lr);
  ui::tooltip("Off: each optimizer runs at a rate that suits it (SGD 0.02 ... AdaGrad 0.5). On: all run at one "
              "rate, which shows how differently the update rules react to the same step size.");
  if (race.same_lr) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    changed |= ui::slider_float("##same_lr", &race.lr, 1e-4f, 2.0f, "lr %.4f", ImGuiSliderFlags_Logarithmic);
  }
  if (changed) intents.race = race;
}

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

  draw_same_rate(lab, intents);
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
    float lr = lab.racer_lr(racers[i]);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::BeginDisabled(lab.race().same_lr);
    if (ui::slider_float("##lr", &lr, 1e-4f, 2.0f, "lr %.4f", ImGuiSliderFlags_Logarithmic))
      intents.racer_lr.emplace_back(static_cast<int>(i), lr);
    ImGui::EndDisabled();
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

// One racer's path on the map (describe_path): drawn up to where it leaves the plot (all of it when it comes
// back), with an arrow on the border pointing where it went; the ball and the optimizer's name at its current
// point when that is on the map. A diverged run is also named at the start point (stacked by racer, `row`).
void draw_race_path(ImDrawList* dl, const Racer& r, const PathView& pv, ImU32 col, int row, ImVec2 start,
                    const std::function<ImVec2(float, float)>& to_screen, std::vector<ImVec4>& placed) {
  const auto& t = r.run.trajectory();
  const float fs = ImGui::GetFontSize();
  size_t end = t.size();
  if (pv.exit_index >= 0 && !pv.back_inside) end = static_cast<size_t>(pv.exit_index);
  std::vector<ImVec2> pts;
  for (size_t k = 0; k < end; ++k)
    if (std::isfinite(t[k].x) && std::isfinite(t[k].y)) pts.push_back(to_screen(t[k].x, t[k].y));
  if (pv.exit_index >= 0 && !pv.back_inside) pts.push_back(to_screen(pv.exit_x, pv.exit_y));
  if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.0f);
  const char* name = optim_kind_name(r.optim.kind);
  if (pv.exit_index >= 0) {  // an arrow on the border, pointing the way the path left
    const ImVec2 tip = to_screen(pv.exit_x, pv.exit_y), d(pv.dir_x, -pv.dir_y), nrm(-d.y, d.x);
    const float len = fs * 1.1f, half = fs * 0.5f;
    const ImVec2 base(tip.x - d.x * len, tip.y - d.y * len);
    dl->AddTriangleFilled(tip, ImVec2(base.x + nrm.x * half, base.y + nrm.y * half),
                          ImVec2(base.x - nrm.x * half, base.y - nrm.y * half), col);
    // The name beside the arrow's base, kept inside the map.
    const ImVec2 ts = ImGui::CalcTextSize(name), lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax();
    ImVec2 at(std::clamp(base.x + half + fs * 0.2f, lo.x, hi.x - ts.x), std::clamp(base.y - ts.y * 0.5f, lo.y, hi.y - ts.y));
    for (bool moved = true; moved;) {  // arrows that leave at the same place: their names stack upwards
      moved = false;
      for (const ImVec4& r : placed)
        if (at.x < r.z && r.x < at.x + ts.x && at.y < r.w && r.y < at.y + ts.y) at.y = r.y - ts.y, moved = true;
    }
    placed.emplace_back(at.x, at.y, at.x + ts.x, at.y + ts.y);
    dl->AddText(at, col, name);
  }
  if (pv.status == PathStatus::Diverged)
    dl->AddText(ImVec2(start.x + fs * 0.7f, start.y + fs * (0.4f + 1.1f * static_cast<float>(row))), col,
                (std::string(name) + " diverged").c_str());
  const ImVec2 ball = t.empty() ? ImVec2(-1e9f, -1e9f) : to_screen(t.back().x, t.back().y);
  const ImVec2 lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax();
  if (pv.status != PathStatus::Diverged && ball.x >= lo.x && ball.x <= hi.x && ball.y >= lo.y && ball.y <= hi.y) {
    dl->AddCircleFilled(ball, 4.0f, col);
    // The optimizer's name at its ball: the racers differ by label, not by hue alone.
    dl->AddText(ImVec2(ball.x + 6.0f, ball.y - fs * 0.5f), col, name);
  }
}

// Each racer's current f, or where its path went (left the plot, diverged).
void draw_race_legend(const PlaygroundLab& lab, const std::vector<PathView>& paths) {
  const auto& racers = lab.racers();
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(0.0f);  // long notes ("left the plot at step 1, came back") wrap at the panel's edge
  ImGui::TextUnformatted("current f");
  for (size_t i = 0; i < racers.size(); ++i) {
    if (!racers[i].enabled) continue;
    const auto& t = racers[i].run.trajectory();
    const PathView& pv = paths[i];
    char f[32];
    std::snprintf(f, sizeof f, "%.4g", t.empty() ? 0.0 : static_cast<double>(t.back().f));
    std::string where = t.empty() ? "-" : pv.status == PathStatus::Diverged ? pv.label : f;
    if (pv.status == PathStatus::LeftView) where += ", " + pv.label + (pv.back_inside ? ", came back" : "");
    ImGui::TextColored(ui::series_color(static_cast<int>(i)), "%-9s lr %-7.4g %s", optim_kind_name(racers[i].optim.kind),
                       static_cast<double>(lab.racer_lr(racers[i])), where.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

// The map with each racer's trajectory and the start point (a click moves it), and the legend.
void draw_race_map(const PlaygroundLab& lab, void* tex, float side, Intents& intents) {
  const auto& racers = lab.racers();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Image(tex, ImVec2(side, side));
  const View2D& v = lab.view();
  const std::function<ImVec2(float, float)> to_screen = [&](float x, float y) {
    return ImVec2(p0.x + (x - v.x0) / (v.x1 - v.x0) * side, p0.y + (1.0f - (y - v.y0) / (v.y1 - v.y0)) * side);
  };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  const ImVec2 s = to_screen(lab.start_x(), lab.start_y());
  std::vector<PathView> paths(racers.size());
  std::vector<ImVec4> placed;  // names drawn at arrows (min x, min y, max x, max y)
  int diverged = 0;
  for (size_t i = 0; i < racers.size(); ++i) {
    if (!racers[i].enabled) continue;
    paths[i] = describe_path(racers[i].run.trajectory(), racers[i].run.diverged(), v);
    const ImU32 col = ImGui::ColorConvertFloat4ToU32(ui::series_color(static_cast<int>(i)));
    draw_race_path(dl, racers[i], paths[i], col, diverged, s, to_screen, placed);
    diverged += paths[i].status == PathStatus::Diverged ? 1 : 0;
  }
  dl->AddCircle(s, 6.0f, IM_COL32(255, 255, 255, 255), 0, 2.0f);
  dl->PopClipRect();
  if (ImGui::IsItemHovered()) {
    ImVec2 m = ImGui::GetIO().MousePos;
    float x = v.x0 + (m.x - p0.x) / side * (v.x1 - v.x0), y = v.y0 + (1.0f - (m.y - p0.y) / side) * (v.y1 - v.y0);
    ImGui::SetTooltip("x = %.3f, y = %.3f\nf = %.5g\nclick to start the race here", x, y, lab.surface().value(x, y));
    if (ImGui::IsMouseClicked(0)) intents.playground_start = std::make_pair(x, y);
  }
  ImGui::SameLine();
  draw_race_legend(lab, paths);
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
