// The "Inside the network" view: for 2D data every hidden unit's output over an n x n grid of the plane; for
// image and video data one training sample, the feature maps of a chosen layer (one slice per time step for
// 3D) and the first conv layer's filters; for every fully connected layer |W|. Computed from one probe
// forward pass (probe_forward: training is left untouched). Plain structs for the front end; no drawing.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/session/revision.h"
#include "engine/session/train_lab.h"
#include "engine/session/value_range.h"

namespace gl {

// The most grids one snapshot holds (the front end keeps one texture slot per grid).
inline constexpr int kInsideMaxImages = 600;

// One grid to show, row 0 on top.
struct InsideImage {
  int rows = 0, cols = 0;
  ValueScale scale = ValueScale::Signed;  // what the values mean (how to colour them)
  float lo = 0, hi = 0;        // colour range (hi > lo)
  std::vector<float> values;   // rows x cols: what is coloured
};

struct InsideUnitRow {         // the hidden units of one spec row, over the plane
  std::string title;
  int layer = -1, units = 0;   // engine layer (last of its row), units shown
  int units_total = 0;
  int first_image = 0;         // images[first_image + u] is unit u
};

struct InsideWeightView {      // |W| of one fully connected layer
  std::string title;
  int layer = -1, d_out = 0, d_in = 0;
  int block = 1;               // > 1: each column averages |W| over `block` consecutive inputs (wide layers)
  int image = -1;
  std::vector<float> w;        // signed W, d_out x d_in (kept only when block == 1)
};

struct InsideSnapshot {
  enum class Kind { None, Plane, Spatial, Other } kind = Kind::None;
  std::string message;         // why nothing is shown, or what went wrong
  int64_t step = 0;
  Revision version = 0;        // a fresh revision per snapshot (0: none taken yet)
  std::vector<InsideImage> images;
  // Plane: the n x n grid covers [x0, x1] x [y0, y1]; row 0 = top (largest x2).
  int n = 0;
  float x0 = -1, x1 = 1, y0 = -1, y1 = 1;
  std::vector<InsideUnitRow> unit_rows;
  // Spatial: the first conv's filters, images ordered [out][in][kt], each kh x kw.
  std::string filter_title;
  int filter_first = -1, c_out = 0, c_in = 0, kt = 1, c_out_total = 0, c_in_total = 0;
  float filter_absmax = 0;
  // Spatial: the sample, its label, and the chosen layer's maps; images ordered [t][c], each h x w.
  int sample = 0, num_samples = 0, label = -1;
  std::string label_name;
  int input_first = -1, input_c = 0, input_t = 1;  // the input sample, same ordering
  std::vector<std::pair<int, std::string>> map_layers;  // layers with C x H x W or C x T x H x W outputs
  int map_layer = -1;
  std::string map_title;
  int map_first = -1, map_c = 0, map_t = 1, map_c_total = 0;
  // Every fully connected layer.
  std::vector<InsideWeightView> weights;
};

// What to look at: the training sample and layer whose feature maps are shown (map_layer -1: the first conv's
// output after its ReLU), the plane grid's points per side (clamped to 4..128), and whether the feature maps
// share one colour range (else each map has its own).
struct InsideProbeDesc {
  int sample = 0;
  int map_layer = -1;
  int grid_n = 32;
  bool shared_scale = true;
};
InsideSnapshot probe_inside(const TrainLab& lab, const InsideProbeDesc& desc);

}  // namespace gl
