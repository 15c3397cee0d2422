// Implementation of the plot widgets: axis ranges, ticks, series polylines, legend and hover readout.
#include "web/app/widgets/plot.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "web/app/widgets/ui_common.h"

namespace gl::ui {

void smooth_series(const float* y, int n, float weight, std::vector<float>& out) {
  out.resize(static_cast<size_t>(n));
  double last = 0, num = 0;
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(y[i])) {
      out[static_cast<size_t>(i)] = y[i];
      continue;
    }
    last = last * weight + (1.0 - weight) * y[i];
    num = num * weight + (1.0 - weight);
    out[static_cast<size_t>(i)] = static_cast<float>(last / num);
  }
}

std::string fmt_tick(double v) {
  char b[32];
  if (v == 0) v = 0;  // -0 prints as "0"
  double a = std::fabs(v);
  if (a >= 1e6) std::snprintf(b, sizeof b, "%.3gM", v / 1e6);  // step counts: 250k, 1.5M
  else if (a >= 1e4) std::snprintf(b, sizeof b, "%.3gk", v / 1e3);
  else if (a != 0 && a < 1e-3) std::snprintf(b, sizeof b, "%.2g", v);  // 1e-05, 2.5e-07
  else if (a >= 100 || v == std::floor(v)) std::snprintf(b, sizeof b, "%.0f", v);
  else std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

namespace {
double nice_step(double span, int target) {
  double raw = span / std::max(target, 1);
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  double m = raw / p;
  return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

// The plot's frame: the screen rectangle [a, b] and the data ranges it shows (y in log10 units when log_y).
struct Frame {
  ImVec2 a, b;
  double x_lo = DBL_MAX, x_hi = -DBL_MAX, y_lo = DBL_MAX, y_hi = -DBL_MAX;
  bool log_y = false, empty = false;
  double ty(double v) const { return log_y ? std::log10(std::max(v, 1e-12)) : v; }
  float sx(double x) const { return static_cast<float>(a.x + (x - x_lo) / (x_hi - x_lo) * (b.x - a.x)); }
  float sy(double y) const { return sy_t(ty(y)); }
  float sy_t(double t) const { return static_cast<float>(b.y - (t - y_lo) / (y_hi - y_lo) * (b.y - a.y)); }
};

// Ranges, over the smoothed values when smoothing is on (the only case that needs a copy): ys[s] points at
// the values drawn for series s.
void fit_ranges(const PlotDesc& desc, const std::vector<Series>& series, Frame& fr,
                std::vector<std::vector<float>>& smoothed, std::vector<const float*>& ys) {
  double &x_lo = fr.x_lo, &x_hi = fr.x_hi, &y_lo = fr.y_lo, &y_hi = fr.y_hi;
  auto ty = [&](double v) { return fr.ty(v); };
  smoothed.assign(series.size(), {});
  ys.assign(series.size(), nullptr);
  for (size_t s = 0; s < series.size(); ++s) {
    const Series& sr = series[s];
    ys[s] = sr.y;
    if (desc.smoothing > 0) {
      smooth_series(sr.y, sr.count, desc.smoothing, smoothed[s]);
      ys[s] = smoothed[s].data();
    }
    for (int i = 0; i < sr.count; ++i) {
      double x = sr.x ? sr.x[i] : i, y = ys[s][i];
      if (!std::isfinite(y)) continue;
      x_lo = std::min(x_lo, x);
      x_hi = std::max(x_hi, x);
      y_lo = std::min(y_lo, ty(y));
      y_hi = std::max(y_hi, ty(y));
    }
  }
  if (desc.y_max_fixed > desc.y_min_fixed) {
    y_lo = ty(desc.y_min_fixed);
    y_hi = ty(desc.y_max_fixed);
  }
  fr.empty = x_lo > x_hi;
  if (fr.empty) {
    x_lo = 0;
    x_hi = 1;
    y_lo = 0;
    y_hi = 1;
  }
  if (desc.y_from_zero && !desc.log_y) y_lo = std::min(y_lo, 0.0);
  if (x_hi - x_lo < 1e-9) x_hi = x_lo + 1;
  if (y_hi - y_lo < 1e-9) {
    y_hi += 0.5;
    y_lo -= 0.5;
  }
  const double pad = (y_hi - y_lo) * 0.05;
  y_hi += pad;
  if (!(desc.y_from_zero && y_lo == 0)) y_lo -= pad;
  // Log axis within one decade: widen to the decades around it so at least two ticks are labelled.
  if (desc.log_y && std::floor(y_hi) - std::ceil(y_lo) < 1.0) {
    y_lo = std::floor(y_lo);
    y_hi = std::max(std::ceil(y_hi), y_lo + 1.0);
  }
}

// Grid lines and tick labels.
// The k-th multiple of step, with the rounding noise of repeated addition removed (0, not 5.6e-17 or -0).
double tick_at(double first, int k, double step) {
  const double t = std::round(first / step + k) * step;
  return std::fabs(t) < step * 1e-6 ? 0.0 : t;
}

void draw_ticks(ImDrawList* dl, const Frame& fr, bool log_y, PlotLayout& out) {
  const ImVec2 a = fr.a, b = fr.b;
  const double y_lo = fr.y_lo, y_hi = fr.y_hi, x_lo = fr.x_lo, x_hi = fr.x_hi;
  const float fs = ImGui::GetFontSize();
  auto sx = [&](double x) { return fr.sx(x); };
  auto sy_t = [&](double t) { return fr.sy_t(t); };
  const ImU32 grid = ImGui::ColorConvertFloat4ToU32(kPlotGrid), text = ImGui::ColorConvertFloat4ToU32(kDimColor);
  double ys_step = log_y ? std::max(1.0, std::round(nice_step(y_hi - y_lo, 4))) : nice_step(y_hi - y_lo, 4);
  const double y_first = std::ceil(y_lo / ys_step) * ys_step;
  for (int k = 0; tick_at(y_first, k, ys_step) <= y_hi && k < 100; ++k) {
    const double t = tick_at(y_first, k, ys_step);
    float y = sy_t(t);
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
    std::string lab = fmt_tick(log_y ? std::pow(10.0, t) : t);
    out.y_ticks.push_back(lab);
    ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
    dl->AddText(ImVec2(a.x - ts.x - fs * 0.3f, y - ts.y * 0.5f), text, lab.c_str());
  }
  // Up to 5 labels, fewer when the widest would not fit side by side with a gap (a narrow embed).
  const float label_w = std::max(ImGui::CalcTextSize(fmt_tick(x_hi).c_str()).x,
                                 ImGui::CalcTextSize(fmt_tick(x_lo).c_str()).x) + fs * 1.5f;
  const int x_target = std::clamp(static_cast<int>((b.x - a.x) / label_w), 1, 5);
  double xs_step = std::max(1.0, nice_step(x_hi - x_lo, x_target));
  while ((x_hi - x_lo) / xs_step > x_target) {  // nice_step may round down: the next of 1, 2, 5, 10 x 10^k
    const double p = std::pow(10.0, std::floor(std::log10(xs_step) + 1e-9)), m = xs_step / p;
    xs_step = (m < 1.5 ? 2 : m < 3 ? 5 : 10) * p;
  }
  const double x_first = std::ceil(x_lo / xs_step) * xs_step;
  for (int k = 0; tick_at(x_first, k, xs_step) <= x_hi && k < 100; ++k) {
    const double t = tick_at(x_first, k, xs_step);
    float x = sx(t);
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), grid);
    std::string lab = fmt_tick(t);
    out.x_ticks.push_back(lab);
    dl->AddText(ImVec2(x - ImGui::CalcTextSize(lab.c_str()).x * 0.5f, b.y + fs * 0.15f), text, lab.c_str());
  }
}

// Each series as a polyline (about one point per pixel column), dashed or a dot when it has one point.
void draw_series(ImDrawList* dl, const Frame& fr, const std::vector<Series>& series, const std::vector<const float*>& ys,
                 PlotLayout& out) {
  const ImVec2 a = fr.a, b = fr.b;
  auto sx = [&](double x) { return fr.sx(x); };
  auto sy = [&](double y) { return fr.sy(y); };
  dl->PushClipRect(a, b, true);
  std::vector<ImVec2> pts;
  for (size_t s = 0; s < series.size(); ++s) {
    const Series& sr = series[s];
    const ImU32 col = ImGui::ColorConvertFloat4ToU32(sr.color);
    pts.clear();
    // Decimate to about one point per pixel column.
    int stride = std::max(1, static_cast<int>(sr.count / std::max(1.0f, b.x - a.x)));
    for (int i = 0; i < sr.count; i += stride) {
      double y = ys[s][i];
      if (!std::isfinite(y)) break;
      pts.emplace_back(sx(sr.x ? sr.x[i] : i), sy(y));
    }
    out.points.insert(out.points.end(), pts.begin(), pts.end());
    if (pts.size() == 1) dl->AddCircleFilled(pts[0], 2.5f, col);
    if (sr.dashed) {
      for (size_t i = 0; i + 1 < pts.size(); i += 2) dl->AddLine(pts[i], pts[i + 1], col, 1.6f);
    } else if (pts.size() > 1) {
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 1.6f);
    }
  }
  dl->PopClipRect();

}

// The legend's size (0 x 0 without labels).
ImVec2 legend_size(const std::vector<Series>& series) {
  const float fs = ImGui::GetFontSize();
  ImVec2 size(0, 0);
  for (const Series& sr : series) {
    if (sr.label.empty()) continue;
    const ImVec2 ts = ImGui::CalcTextSize(sr.label.c_str());
    size.x = std::max(size.x, ts.x + fs * 1.6f);
    size.y += ts.y;
  }
  return size.y > 0 ? ImVec2(size.x, size.y + fs * 0.2f) : size;
}

// Where the legend goes: the corner of the frame (top right, top left, bottom right, bottom left) that covers
// the fewest drawn points, sampled along every segment; none free: outside, right of the frame, which then
// narrows (the caller redraws nothing: this runs before the series are placed, on points in [0, 1]^2).
bool place_legend(Frame& fr, ImVec2 size, const std::vector<ImVec2>& unit_pts, ImVec2& at) {
  const float fs = ImGui::GetFontSize(), m = fs * 0.2f;
  const ImVec2 a = fr.a, b = fr.b;
  const ImVec2 corners[] = {{b.x - m - size.x, a.y + m}, {a.x + m, a.y + m}, {b.x - m - size.x, b.y - m - size.y},
                            {a.x + m, b.y - m - size.y}};
  int best = -1;
  for (int c = 0; c < 4 && best < 0; ++c) {
    const ImVec2 lo(corners[c].x - m, corners[c].y - m), hi(corners[c].x + size.x + m, corners[c].y + size.y + m);
    bool clear = true;
    for (size_t i = 0; i < unit_pts.size() && clear; ++i) {
      const ImVec2 p(a.x + unit_pts[i].x * (b.x - a.x), b.y - unit_pts[i].y * (b.y - a.y));
      clear = !(p.x >= lo.x && p.x <= hi.x && p.y >= lo.y && p.y <= hi.y);
    }
    if (clear) best = c;
  }
  if (best >= 0) {
    at = corners[best];
    return false;
  }
  fr.b.x -= size.x + fs * 0.6f;
  at = ImVec2(fr.b.x + fs * 0.4f, a.y);
  return true;
}

// The series in [0, 1]^2 of the frame, with extra samples along long segments (a line crossing a corner
// hides data there even when no sample point falls in it).
std::vector<ImVec2> unit_points(const Frame& fr, const std::vector<Series>& series, const std::vector<const float*>& ys) {
  std::vector<ImVec2> out;
  for (size_t s = 0; s < series.size(); ++s) {
    const Series& sr = series[s];
    ImVec2 prev(-1, -1);
    for (int i = 0; i < sr.count; ++i) {
      const double y = ys[s][i];
      if (!std::isfinite(y)) break;
      const ImVec2 p(static_cast<float>(((sr.x ? sr.x[i] : i) - fr.x_lo) / (fr.x_hi - fr.x_lo)),
                     static_cast<float>((fr.ty(y) - fr.y_lo) / (fr.y_hi - fr.y_lo)));
      if (prev.x >= 0)
        for (int k = 1; k < 8; ++k) out.emplace_back(prev.x + (p.x - prev.x) * k / 8.0f, prev.y + (p.y - prev.y) * k / 8.0f);
      out.push_back(p);
      prev = p;
    }
  }
  return out;
}

// The legend at `at`, on a translucent backing so curves under it (if any) do not garble the labels.
void draw_legend(ImDrawList* dl, ImVec2 at, ImVec2 size, const std::vector<Series>& series) {
  if (size.y <= 0) return;
  const float fs = ImGui::GetFontSize();
  const ImU32 text = ImGui::ColorConvertFloat4ToU32(kDimColor);
  dl->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y),
                    ImGui::ColorConvertFloat4ToU32(ImVec4(kPlotBg.x, kPlotBg.y, kPlotBg.z, 0.92f)), fs * 0.2f);
  float ly = at.y + fs * 0.1f;
  for (const Series& sr : series) {
    if (sr.label.empty()) continue;
    const ImVec2 ts = ImGui::CalcTextSize(sr.label.c_str());
    const float lx = at.x + fs * 0.2f;
    dl->AddLine(ImVec2(lx, ly + ts.y * 0.5f), ImVec2(lx + fs, ly + ts.y * 0.5f), ImGui::ColorConvertFloat4ToU32(sr.color), 2.0f);
    dl->AddText(ImVec2(lx + fs * 1.2f, ly), text, sr.label.c_str());
    ly += ts.y;
  }
}

// Hover: exact values of every series at the nearest x.
void draw_hover(ImDrawList* dl, const Frame& fr, const PlotDesc& desc, const std::vector<Series>& series,
                const std::vector<const float*>& ys) {
  const ImVec2 a = fr.a, b = fr.b;
  const double x_lo = fr.x_lo, x_hi = fr.x_hi;
  auto sx = [&](double x) { return fr.sx(x); };
  auto sy = [&](double y) { return fr.sy(y); };
  const ImVec2 m = ImGui::GetIO().MousePos;
  double xm = x_lo + (m.x - a.x) / (b.x - a.x) * (x_hi - x_lo);
  dl->AddLine(ImVec2(m.x, a.y), ImVec2(m.x, b.y), ImGui::ColorConvertFloat4ToU32(ImVec4(kDimColor.x, kDimColor.y, kDimColor.z, 0.5f)));
  ImGui::BeginTooltip();
  for (size_t s = 0; s < series.size(); ++s) {
    const Series& sr = series[s];
    if (sr.count == 0) continue;
    int best = 0;
    double bd = DBL_MAX;
    for (int i = 0; i < sr.count; ++i) {
      double d = std::fabs((sr.x ? sr.x[i] : i) - xm);
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    ImGui::TextColored(sr.color, "%s", sr.label.c_str());
    ImGui::SameLine();
    ImGui::Text("%s %g: %.6g", desc.x_label, sr.x ? sr.x[best] : best, sr.y[best]);
    float yv = ys[s][best];
    if (std::isfinite(yv)) dl->AddCircleFilled(ImVec2(sx(sr.x ? sr.x[best] : best), sy(yv)), 3.5f,
                                               ImGui::ColorConvertFloat4ToU32(sr.color));
  }
  ImGui::EndTooltip();
}

}  // namespace

bool line_plot(const PlotDesc& desc, const std::vector<Series>& series) {
  ImGui::PushID(desc.id);
  ImVec2 size = desc.size;
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##area", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  Frame fr;
  fr.a = ImVec2(p0.x + fs * 3.6f, p0.y + fs * 0.4f);
  fr.b = ImVec2(p0.x + size.x - fs * 0.4f, p0.y + size.y - fs * 1.5f);
  fr.log_y = desc.log_y;
  std::vector<std::vector<float>> smoothed;
  std::vector<const float*> ys;
  fit_ranges(desc, series, fr, smoothed, ys);
  PlotLayout local;
  PlotLayout& out = desc.layout_out ? *desc.layout_out : local;
  out = PlotLayout{};
  const ImVec2 lsize = legend_size(series);
  ImVec2 lat(0, 0);
  if (lsize.y > 0) out.legend_outside = place_legend(fr, lsize, unit_points(fr, series, ys), lat);
  dl->AddRectFilled(fr.a, fr.b, ImGui::ColorConvertFloat4ToU32(kPlotBg));
  draw_ticks(dl, fr, desc.log_y, out);
  draw_series(dl, fr, series, ys, out);
  draw_legend(dl, lat, lsize, series);
  out.frame_min = fr.a;
  out.frame_max = fr.b;
  out.legend_min = lat;
  out.legend_max = ImVec2(lat.x + lsize.x, lat.y + lsize.y);
  if (hovered && !fr.empty) draw_hover(dl, fr, desc, series, ys);
  ImGui::PopID();
  return hovered;
}

void histogram(const char* id, const std::vector<float>& counts, float lo, float hi, ImVec2 size, ImVec4 color) {
  ImGui::PushID(id);
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##hist", size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  const ImVec2 a(p0.x, p0.y), b(p0.x + size.x, p0.y + size.y - fs * 1.2f);
  dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(kPlotBg));
  float cmax = 0;
  for (float c : counts) cmax = std::max(cmax, c);
  const int n = static_cast<int>(counts.size());
  const ImU32 col = ImGui::ColorConvertFloat4ToU32(color);
  for (int i = 0; i < n && cmax > 0; ++i) {
    float x0 = a.x + (b.x - a.x) * static_cast<float>(i) / static_cast<float>(n);
    float x1 = a.x + (b.x - a.x) * static_cast<float>(i + 1) / static_cast<float>(n);
    float h = (b.y - a.y) * counts[static_cast<size_t>(i)] / cmax;
    dl->AddRectFilled(ImVec2(x0, b.y - h), ImVec2(std::max(x0 + 1, x1 - 1), b.y), col);
  }
  char lab[64];
  std::snprintf(lab, sizeof lab, "%.3g", lo);
  dl->AddText(ImVec2(a.x, b.y + 1), ImGui::ColorConvertFloat4ToU32(kDimColor), lab);
  std::snprintf(lab, sizeof lab, "%.3g", hi);
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(lab).x, b.y + 1), ImGui::ColorConvertFloat4ToU32(kDimColor), lab);
  if (ImGui::IsItemHovered() && n > 0) {
    float t = (ImGui::GetIO().MousePos.x - a.x) / (b.x - a.x);
    int i = std::clamp(static_cast<int>(t * static_cast<float>(n)), 0, n - 1);
    float w = (hi - lo) / static_cast<float>(n);
    ImGui::SetTooltip("[%.4g, %.4g): %.0f", lo + w * static_cast<float>(i), lo + w * static_cast<float>(i + 1),
                      counts[static_cast<size_t>(i)]);
  }
  ImGui::PopID();
}

}  // namespace gl::ui
