// "Inside the network" panel: for 2D data every hidden unit's output painted over the plane; for image and
// video data the first conv layer's filters and the feature maps of a chosen sample (one slice per time
// step for 3D); for every fully connected layer a heatmap of |W|. The numbers are computed in
// update_inside_panel (a probe of the model, which leaves training untouched) and kept here as a snapshot;
// draw_inside_panel only reads it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/session/probe.h"
#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/panel_settings.h"
#include "web/app/widgets/heatmap.h"

namespace gl {

// Texture slots this panel uses: slot_of(TexSlot::Inside, 0 .. kInsideMaxImages - 1).
inline constexpr int kInsideMaxImages = kInsideSlots;

// One grid to show, row 0 on top.
struct InsideImage {
  int rows = 0, cols = 0;
  ui::ColorMap map = ui::ColorMap::Diverging;
  float lo = 0, hi = 0;        // colour range
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
  uint64_t version = 0;        // bumped on every recompute (the draw re-uploads textures then)
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

struct InsidePanel : InsideSettings {  // the settings a link carries, and:
  bool visible = false;        // set by App: whether the tab was shown last frame
  // Computed by update_inside_panel.
  InsideSnapshot snap;
  // Bookkeeping for recomputing and uploading.
  double since_refresh_ms = 1e9;
  Revision key_model = 0, key_data = 0;  // TrainLab's model and data revisions
  int64_t key_step = -1;
  int key_sample = -1, key_layer = -2, key_grid = -1;
  bool key_shared = true;
  std::vector<void*> textures;  // one per snap.images entry (Gfx caches them by snap.version)
};

// While visible: recomputes the snapshot (the panel's view) when the model, its step or the choices changed
// (at most every ~150 ms while training runs; dt_ms is the frame time). Changes nothing in the session.
void update_inside_panel(InsidePanel& panel, const Session& session, double dt_ms);
void draw_inside_panel(InsidePanel& panel, Gfx& gfx);

}  // namespace gl

// The panel's parts, split by view: inside_panel.cpp (snapshot refresh, drawing entry point, |W| of the FC
// layers, the helpers below), inside_plane.cpp (hidden units over the 2D plane) and inside_spatial.cpp (conv
// filters and feature maps of one sample). Not for other panels.
namespace gl::inside {

// Appends a grid to the snapshot; returns its index, or -1 (nothing added) once kInsideMaxImages are held.
int add_image(InsideSnapshot& s, int rows, int cols, ui::ColorMap map, float lo, float hi, std::vector<float> v);
const InsideImage* image_at(const InsideSnapshot& s, int i);  // nullptr when i is out of range
// Image i with the texture draw_inside_panel uploaded for it; the caller writes the hover tooltip.
ui::HeatmapHover show_image(const InsidePanel& p, int i, const char* id, ImVec2 size);

// The colour range image i is shown with: its own, or [0, weight_scale] for the |W| maps when that is fixed.
void image_range(const InsidePanel& p, int i, float& lo, float& hi);

// Items of the same width laid out left to right, wrapping after per_line(item_w) of them: call before item k.
void flow(int k, int per_line);
int per_line(float item_w);

// inside_plane.cpp: Kind::Plane, every hidden unit's output over an n x n grid of the plane.
void build_plane(InsideSnapshot& s, const TrainLab& lab, Model& m, int n, std::vector<Tensor>& acts);
void draw_plane(InsidePanel& p);

// inside_spatial.cpp: Kind::Spatial, the input sample, the chosen layer's feature maps and the first conv's
// filters.
void build_spatial(InsideSnapshot& s, InsidePanel& p, const TrainLab& lab, Model& m, std::vector<Tensor>& acts);
void draw_spatial(InsidePanel& p);

}  // namespace gl::inside
