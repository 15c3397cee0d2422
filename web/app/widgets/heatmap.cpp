// Colour maps (piecewise-linear through a few stops, after ColorBrewer RdBu and matplotlib's inferno) and the
// heatmap / colour bar widgets.
#include "web/app/widgets/heatmap.h"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <cstdio>


namespace gl::ui {

namespace {
struct Stop {
  float t, r, g, b;
};
// RdBu reversed: negative blue, zero near-white, positive red.
const Stop kDiverging[] = {{0.00f, 33, 102, 172}, {0.25f, 146, 197, 222}, {0.50f, 247, 247, 247},
                           {0.75f, 244, 165, 130}, {1.00f, 178, 24, 43}};
const Stop kMagnitude[] = {{0.00f, 0, 0, 4},      {0.25f, 87, 16, 110},  {0.50f, 188, 55, 84},
                           {0.75f, 249, 142, 9},  {1.00f, 252, 255, 164}};

template <size_t N>
void lerp_stops(const Stop (&s)[N], float t, uint8_t out[4]) {
  t = std::clamp(t, 0.0f, 1.0f);
  size_t i = 0;
  while (i + 2 < N && t > s[i + 1].t) ++i;
  const float u = (t - s[i].t) / (s[i + 1].t - s[i].t);
  out[0] = static_cast<uint8_t>(s[i].r + u * (s[i + 1].r - s[i].r) + 0.5f);
  out[1] = static_cast<uint8_t>(s[i].g + u * (s[i + 1].g - s[i].g) + 0.5f);
  out[2] = static_cast<uint8_t>(s[i].b + u * (s[i + 1].b - s[i].b) + 0.5f);
  out[3] = 255;
}
}  // namespace

ValueScale value_scale_of(ColorMap map) {
  return map == ColorMap::Diverging ? ValueScale::Signed : map == ColorMap::Magnitude ? ValueScale::Magnitude : ValueScale::Intensity;
}

ColorMap color_map_of(ValueScale scale) {
  return scale == ValueScale::Signed ? ColorMap::Diverging : scale == ValueScale::Magnitude ? ColorMap::Magnitude : ColorMap::Gray;
}

void color_range(const float* values, int64_t n, ColorMap map, float& lo, float& hi) {
  const ValueScale scale = value_scale_of(map);
  value_range(values, n, scale, lo, hi);
}

void color_of(float v, ColorMap map, float lo, float hi, uint8_t rgba[4]) {
  if (!std::isfinite(v)) {
    rgba[0] = 255, rgba[1] = 0, rgba[2] = 255, rgba[3] = 255;
    return;
  }
  const float t = hi > lo ? (v - lo) / (hi - lo) : 0.5f;
  if (map == ColorMap::Diverging) {
    lerp_stops(kDiverging, t, rgba);
  } else if (map == ColorMap::Magnitude) {
    lerp_stops(kMagnitude, t, rgba);
  } else {
    const uint8_t g = static_cast<uint8_t>(std::clamp(t, 0.0f, 1.0f) * 255.0f + 0.5f);
    rgba[0] = rgba[1] = rgba[2] = g;
    rgba[3] = 255;
  }
}

void colorize(const float* values, int rows, int cols, ColorMap map, float lo, float hi, std::vector<uint8_t>& rgba) {
  const int64_t n = static_cast<int64_t>(rows) * cols;
  rgba.resize(static_cast<size_t>(n) * 4);
  for (int64_t i = 0; i < n; ++i) color_of(values[i], map, lo, hi, &rgba[static_cast<size_t>(i) * 4]);
}

void* upload_grid(Gfx& gfx, int slot, uint64_t key, const float* values, int rows, int cols, ColorMap map, float lo,
                  float hi) {
  if (void* t = gfx.cached(slot, key, cols, rows)) return t;
  std::vector<uint8_t> rgba;
  colorize(values, rows, cols, map, lo, hi, rgba);
  return gfx.texture_rgba(slot, key, cols, rows, rgba.data());
}

HeatmapHover show_grid(void* texture, const HeatmapDesc& desc, const float* values, int rows, int cols) {
  HeatmapHover hov;
  if (rows <= 0 || cols <= 0 || !values) return hov;
  hov.lo = desc.lo;
  hov.hi = desc.hi;
  ImVec2 size = desc.size;
  if (size.x <= 0) size.x = static_cast<float>(cols) * desc.cell_px;
  if (size.y <= 0) size.y = static_cast<float>(rows) * desc.cell_px;
  ImGui::PushID(desc.id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Image(texture, size);
  if (desc.border)
    ImGui::GetWindowDrawList()->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + size.x + 1, p0.y + size.y + 1),
                                        IM_COL32(90, 95, 105, 255));
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    hov.hovered = true;
    hov.col = std::clamp(static_cast<int>((m.x - p0.x) / size.x * static_cast<float>(cols)), 0, cols - 1);
    hov.row = std::clamp(static_cast<int>((m.y - p0.y) / size.y * static_cast<float>(rows)), 0, rows - 1);
    hov.value = values[static_cast<int64_t>(hov.row) * cols + hov.col];
    if (desc.tooltip) ImGui::SetTooltip("%s %d, %s %d: %.6g", desc.row_label, hov.row, desc.col_label, hov.col, hov.value);
  }
  ImGui::PopID();
  return hov;
}

HeatmapHover heatmap(Gfx& gfx, const HeatmapDesc& desc, const float* values, int rows, int cols) {
  if (rows <= 0 || cols <= 0 || !values) return {};
  HeatmapDesc d = desc;
  if (!(d.hi > d.lo)) color_range(values, static_cast<int64_t>(rows) * cols, d.map, d.lo, d.hi);
  uint64_t key = d.key;
  if (!key) {  // no revision given: the values themselves (FNV-1a over their bytes) and the colouring
    uint64_t h = 1469598103934665603ull;
    const auto* b = reinterpret_cast<const unsigned char*>(values);
    for (size_t i = 0; i < sizeof(float) * static_cast<size_t>(rows) * static_cast<size_t>(cols); ++i) h = (h ^ b[i]) * 1099511628211ull;
    uint32_t lo_bits, hi_bits;
    std::memcpy(&lo_bits, &d.lo, 4);
    std::memcpy(&hi_bits, &d.hi, 4);
    key = gfx_key({h, static_cast<uint64_t>(d.map), lo_bits, hi_bits});
  } else {
    key = gfx_key({key, static_cast<uint64_t>(d.map)});
  }
  void* tex = upload_grid(gfx, d.slot, key, values, rows, cols, d.map, d.lo, d.hi);
  return show_grid(tex, d, values, rows, cols);
}

void color_bar(const char* id, ColorMap map, float lo, float hi, float width) {
  ImGui::PushID(id);
  const float fs = ImGui::GetFontSize();
  if (width <= 0) width = fs * 10.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float h = fs * 0.6f;
  ImGui::InvisibleButton("##bar", ImVec2(width, h + fs * 1.1f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int steps = 32;
  for (int i = 0; i < steps; ++i) {
    uint8_t c[4];
    color_of(lo + (hi - lo) * (static_cast<float>(i) + 0.5f) / steps, map, lo, hi, c);
    const float x0 = p0.x + width * static_cast<float>(i) / steps, x1 = p0.x + width * static_cast<float>(i + 1) / steps;
    dl->AddRectFilled(ImVec2(x0, p0.y), ImVec2(x1 + 0.5f, p0.y + h), IM_COL32(c[0], c[1], c[2], 255));
  }
  char a[32], b[32];
  std::snprintf(a, sizeof a, "%.3g", lo);
  std::snprintf(b, sizeof b, "%.3g", hi);
  const ImU32 text = IM_COL32(160, 165, 175, 255);
  dl->AddText(ImVec2(p0.x, p0.y + h), text, a);
  dl->AddText(ImVec2(p0.x + width - ImGui::CalcTextSize(b).x, p0.y + h), text, b);
  if (map == ColorMap::Diverging) dl->AddText(ImVec2(p0.x + width * 0.5f - ImGui::CalcTextSize("0").x * 0.5f, p0.y + h), text, "0");
  if (ImGui::IsItemHovered()) {
    const float t = std::clamp((ImGui::GetIO().MousePos.x - p0.x) / width, 0.0f, 1.0f);
    ImGui::SetTooltip("colour of %.4g (scale %.4g .. %.4g)", lo + t * (hi - lo), lo, hi);
  }
  ImGui::PopID();
}

}  // namespace gl::ui
