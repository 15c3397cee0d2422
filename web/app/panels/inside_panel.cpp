// The "Inside" tab: update_inside_panel takes a snapshot (probe_inside) when it is stale; draw_inside_panel
// uploads its grids as textures when the snapshot changes and lays them out with hover readouts. This file holds the
// refresh logic, the |W| view of every FC layer and the shared helpers; the 2D unit maps are in
// inside_plane.cpp, the conv filters and feature maps in inside_spatial.cpp.
#include "web/app/panels/inside_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace inside {

const InsideImage* image_at(const InsideSnapshot& s, int i) {
  return i >= 0 && i < static_cast<int>(s.images.size()) ? &s.images[static_cast<size_t>(i)] : nullptr;
}

ui::HeatmapHover show_image(const InsidePanel& p, int i, const char* id, ImVec2 size) {
  const InsideImage* im = image_at(p.snap, i);
  if (!im || i >= static_cast<int>(p.textures.size())) return {};
  ui::HeatmapDesc d;
  d.id = id;
  d.size = size;
  d.lo = im->lo;
  d.hi = im->hi;
  d.tooltip = false;
  return ui::show_grid(p.textures[static_cast<size_t>(i)], d, im->values.data(), im->rows, im->cols);
}

void flow(int k, int per_line) {
  if (k % per_line != 0) ImGui::SameLine();
}
int per_line(float item_w) {
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  return std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + sp) / (item_w + sp)));
}

void image_range(const InsidePanel& p, int i, float& lo, float& hi) {
  if (p.weight_scale <= 0.0f) return;
  for (const InsideWeightView& wv : p.snap.weights)
    if (wv.image == i) lo = 0.0f, hi = p.weight_scale;
}

}  // namespace inside

namespace {
constexpr double kRefreshMs = 150.0;       // recompute at most this often while training runs

// Each |W| map on its own colour range (its largest |W| is brightest), or all on one fixed range, so that two
// runs (say without and with L2) or two layers compare by colour.
void draw_weight_scale(InsidePanel& p) {
  bool fixed = p.weight_scale > 0.0f;
  if (ImGui::Checkbox("fixed colour scale##w", &fixed)) {  // starts at this run's largest |W|, rounded up
    float top = 0.0f;
    for (const InsideWeightView& wv : p.snap.weights)
      if (const InsideImage* im = inside::image_at(p.snap, wv.image)) top = std::max(top, im->hi);
    const float step = top > 0.0f ? std::pow(10.0f, std::floor(std::log10(top)) - 1.0f) : 0.1f;
    p.weight_scale = fixed ? std::clamp(std::ceil(top / step) * step, 0.01f, 1000.0f) : 0.0f;
  }
  ui::tooltip("Off: each map is scaled to its own largest |W|, so two runs can look alike although one has much "
              "smaller weights. On: every map uses 0 .. the value set here (at first this run's largest |W|), and "
              "keeps it for the next run (or link): compare by colour.");
  if (!fixed) return;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ui::slider_float("##wscale", &p.weight_scale, 0.01f, 10.0f, "|W| 0 .. %.3g", ImGuiSliderFlags_Logarithmic);
}

void draw_weights(InsidePanel& p) {
  const InsideSnapshot& s = p.snap;
  if (s.weights.empty()) return;
  // A short header (a 640 px frame): the tooltip says the rest.
  const bool open = ImGui::CollapsingHeader("Weight magnitudes |W| (FC layers)", ImGuiTreeNodeFlags_DefaultOpen);
  ui::tooltip("The weight magnitudes of the fully connected layers.");
  if (!open) return;
  const float fs = ImGui::GetFontSize();
  ImGui::TextColored(ui::kDimColor, "Rows: output units; columns: inputs. Bright = large |weight|.");
  draw_weight_scale(p);
  ui::help_marker("W is D_out x D_in (as in PyTorch's nn.Linear): row o holds the weights unit o gives each input. "
                  "A dark column is an input the layer ignores; a dark row is a unit with tiny weights. L2 "
                  "regularisation shrinks everything towards dark.");
  // Small matrices side by side, wrapping; wide ones get the whole row.
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float x_left = ImGui::GetCursorScreenPos().x;
  float row_right = -1.0f;  // right edge of the last block on the current line (< 0: line empty)
  for (const InsideWeightView& wv : s.weights) {
    const InsideImage* im = inside::image_at(s, wv.image);
    if (!im) continue;
    const float cell = std::clamp((avail_w - fs) / static_cast<float>(im->cols), 0.25f, fs * 1.1f);
    const ImVec2 size(std::max(cell * static_cast<float>(im->cols), fs),
                      std::clamp(std::max(cell, 3.0f) * static_cast<float>(im->rows), fs * 2.0f, fs * 14.0f));
    char title[160];
    std::snprintf(title, sizeof title, "%s: W is %d x %d", wv.title.c_str(), wv.d_out, wv.d_in);
    const float block_w = std::max({size.x, ImGui::CalcTextSize(title).x, fs * 8.0f});
    if (row_right >= 0 && row_right + fs * 1.5f + block_w <= x_left + avail_w) ImGui::SameLine(0, fs * 1.5f);
    ImGui::PushID(wv.layer);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(title);
    float lo = im->lo, hi = im->hi;
    inside::image_range(p, wv.image, lo, hi);
    ui::color_bar("##wbar", ui::ColorMap::Magnitude, lo, hi, std::min(block_w, fs * 8.0f));
    if (wv.block > 1) ImGui::TextColored(ui::kDimColor, "each column averages |W| over %d consecutive inputs", wv.block);
    ui::HeatmapHover h = inside::show_image(p, wv.image, "##w", size);
    if (h.hovered) {
      if (wv.block == 1 && !wv.w.empty())
        ImGui::SetTooltip("W[unit %d, input %d] = %.5g", h.row, h.col, wv.w[static_cast<size_t>(h.row) * wv.d_in + h.col]);
      else
        ImGui::SetTooltip("unit %d, inputs %d..%d: mean |W| = %.5g", h.row, h.col * wv.block,
                          std::min(wv.d_in, (h.col + 1) * wv.block) - 1, h.value);
    }
    ImGui::EndGroup();
    ImGui::PopID();
    row_right = ImGui::GetItemRectMax().x;
    if (block_w > avail_w * 0.5f) row_right = x_left + avail_w;  // nothing beside a wide block
  }
}
}  // namespace

void update_inside_panel(InsidePanel& p, const Session& session, double dt_ms) {
  p.refresh.tick(dt_ms);
  if (!p.visible) return;
  const TrainLab& lab = session.train();
  const Trainer* tr = lab.trainer();
  const uint64_t key = gfx_key({lab.model_revision(), lab.data_revision(), static_cast<uint64_t>(p.sample),
                                static_cast<uint64_t>(p.map_layer), static_cast<uint64_t>(p.grid_n), p.shared_scale});
  if (!p.refresh.due(key, tr ? tr->steps() : -1, kRefreshMs)) return;

  p.snap = probe_inside(lab, InsideProbeDesc{p.sample, p.map_layer, p.grid_n, p.shared_scale});
}

void draw_inside_panel(InsidePanel& p, Gfx& gfx) {
  // Everything shown comes from the snapshot update_inside_panel took.
  const InsideSnapshot& s = p.snap;
  // Gfx reuses each slot's texture while the snapshot's version is the one it was uploaded for.
  p.textures.assign(s.images.size(), nullptr);
  for (size_t i = 0; i < s.images.size(); ++i) {
    const InsideImage& im = s.images[i];
    float lo = im.lo, hi = im.hi;
    inside::image_range(p, static_cast<int>(i), lo, hi);
    const uint64_t range_key = static_cast<uint64_t>(std::lround(static_cast<double>(hi) * 1e6));
    p.textures[i] = ui::upload_grid(gfx, slot_of(TexSlot::Inside, static_cast<int>(i)), gfx_key({s.version, i, range_key}),
                                    im.values.data(), im.rows, im.cols, ui::color_map_of(im.scale), lo, hi);
  }
  if (s.version == 0) {
    ImGui::TextColored(ui::kDimColor, "Looking inside the network...");
    return;
  }
  if (s.message.empty() || s.step > 0) {  // not when there is no model to look at
    ImGui::TextColored(ui::kDimColor, "after step %lld", static_cast<long long>(s.step));
    ui::help_marker("What the network computes inside, from the current weights (refreshed a few times a second "
                    "while it trains). Looking never changes training.");
  }
  if (!s.message.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kErrorColor, "%s", s.message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::BeginChild("##inside_scroll", ImVec2(0, 0), false);
  if (s.kind == InsideSnapshot::Kind::Plane) {
    if (ImGui::CollapsingHeader("Hidden units over the plane", ImGuiTreeNodeFlags_DefaultOpen)) inside::draw_plane(p);
  } else if (s.kind == InsideSnapshot::Kind::Spatial) {
    if (ImGui::CollapsingHeader("Feature maps", ImGuiTreeNodeFlags_DefaultOpen)) inside::draw_spatial(p);
  } else if (s.kind == InsideSnapshot::Kind::Other) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kDimColor, "Unit maps need 2D points; filters and feature maps need image or video data. "
                                      "For this data set, the fully connected weights are below.");
    ImGui::PopTextWrapPos();
  }
  draw_weights(p);
  ImGui::EndChild();
}

}  // namespace gl
