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

struct PlotDesc {
  const char* id = "##plot";
  ImVec2 size{-1, 200};
  bool log_y = false;
  float smoothing = 0.0f;   // 0..0.99: EMA weight of the previous smoothed value
  const char* x_label = "step";
  const char* y_label = "";
  bool y_from_zero = false;  // include 0 in the y range (accuracy)
  float y_min_fixed = 0, y_max_fixed = 0;  // both set (max > min): fixed range
};

// Draws the plot; returns true while hovered.
bool line_plot(const PlotDesc& desc, const std::vector<Series>& series);

// A histogram of counts over [lo, hi] (bins evenly spaced); hover shows the bin range and count.
void histogram(const char* id, const std::vector<float>& counts, float lo, float hi, ImVec2 size, ImVec4 color);

// Exponential moving average as TensorBoard does it (debiased), into out.
void smooth_series(const float* y, int n, float weight, std::vector<float>& out);

}  // namespace gl::ui
