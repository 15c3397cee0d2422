// Line plots and histograms drawn with ImDrawList: several series over a shared x axis, optional log-scale
// y, exponential smoothing, a legend, and hover readout of the exact value at the nearest x. No state of
// its own beyond what the caller passes; the data comes from the session's histories.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace gl::ui {

struct Series {
  std::string label;
  const float* x = nullptr;  // nullptr: x = index
  const float* y = nullptr;
  int count = 0;
  ImVec4 color{1, 1, 1, 1};
  bool dashed = false;
};

// Where line_plot put things (for tests and callers that draw on top): the data frame, the legend's box
// (outside: right of the frame, when every corner inside would cover data), and the tick labels drawn.
struct PlotLayout {
  ImVec2 frame_min, frame_max, legend_min, legend_max;
  bool legend_outside = false;
  std::vector<std::string> y_ticks, x_ticks;
  std::vector<ImVec2> points;  // the series' drawn points, in screen pixels
};

struct PlotDesc {
  const char* id = "##plot";
  ImVec2 size{-1, 200};
  bool log_y = false;
  float smoothing = 0.0f;   // 0..0.99: EMA weight of the previous smoothed value
  const char* x_label = "step";
  const char* y_label = "";
  bool y_from_zero = false;  // include 0 in the y range (accuracy)
  float y_min_fixed = 0, y_max_fixed = 0;  // both set (max > min): fixed range
  PlotLayout* layout_out = nullptr;          // filled when set
};

// A tick value as the axes print it ("0" for zero and for -0 / rounding noise around it, "250k", "1e-05").
std::string fmt_tick(double v);

// Draws the plot; returns true while hovered.
bool line_plot(const PlotDesc& desc, const std::vector<Series>& series);

// A histogram of counts over [lo, hi] (bins evenly spaced); hover shows the bin range and count.
void histogram(const char* id, const std::vector<float>& counts, float lo, float hi, ImVec2 size, ImVec4 color);

// Exponential moving average as TensorBoard does it (debiased), into out.
void smooth_series(const float* y, int n, float weight, std::vector<float>& out);

}  // namespace gl::ui
