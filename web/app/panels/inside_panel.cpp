// The "Inside" tab: apply_inside_panel builds a snapshot (unit maps over the plane, conv filters, feature
// maps of one sample, |W| of every FC layer) from a probe forward pass; draw_inside_panel uploads its grids
// as textures when the snapshot changes and lays them out with hover readouts.
#include "web/app/panels/inside_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/layers/batch_norm.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
constexpr double kRefreshMs = 150.0;       // recompute at most this often while training runs
constexpr double kIdleRefreshMs = 1000.0;  // and at least this often while the tab is shown
constexpr int kMaxUnitsPerRow = 64, kMaxUnitImages = 256;
constexpr int kMaxFilterImages = 160, kMaxMapImages = 256, kMaxInputChannels = 3;
constexpr int kMaxWeightCols = 1024, kMaxWeightRows = 1024;

int add_image(InsideSnapshot& s, int rows, int cols, ui::ColorMap map, float lo, float hi, std::vector<float> v) {
  if (static_cast<int>(s.images.size()) >= kInsideMaxImages) return -1;
  InsideImage im;
  im.rows = rows;
  im.cols = cols;
  im.map = map;
  im.lo = lo;
  im.hi = hi;
  im.values = std::move(v);
  s.images.push_back(std::move(im));
  return static_cast<int>(s.images.size()) - 1;
}

// SameLine() when an item `w` pixels wide still fits to the right of the last one; else a new line.
void same_line_if_fits(float w) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// Items of the same width laid out left to right, wrapping after per_line(item_w) of them: call before item k.
void flow(int k, int per_line) {
  if (k % per_line != 0) ImGui::SameLine();
}
int per_line(float item_w) {
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  return std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + sp) / (item_w + sp)));
}

// Spatial maps of one sample (per-sample C x H x W or C x T x H x W, batch of 1) into images [t][c].
int add_maps(InsideSnapshot& s, const Tensor& a, int max_c, bool shared, int& c_shown, int& t_len) {
  const Shape sh = a.shape().drop_batch();
  const int C = sh[0], T = sh.rank() == 4 ? sh[1] : 1, H = sh[sh.rank() - 2], W = sh[sh.rank() - 1];
  c_shown = std::max(1, std::min(C, max_c));
  t_len = T;
  float lo = 0, hi = 0;
  bool nonneg = true;
  for (int64_t i = 0; i < a.size(); ++i) nonneg = nonneg && a[i] >= 0.0f;
  const ui::ColorMap map = nonneg ? ui::ColorMap::Magnitude : ui::ColorMap::Diverging;
  if (shared) ui::color_range(a.data(), a.size(), map, lo, hi);
  int first = -1;
  for (int t = 0; t < T; ++t)
    for (int c = 0; c < c_shown; ++c) {
      const float* src = a.data() + (static_cast<int64_t>(c) * T + t) * H * W;
      std::vector<float> v(src, src + static_cast<int64_t>(H) * W);
      float l = lo, h = hi;
      if (!shared) ui::color_range(v.data(), static_cast<int64_t>(v.size()), map, l, h);
      const int id = add_image(s, H, W, map, l, h, std::move(v));
      if (first < 0) first = id;
    }
  return first;
}

void build_plane(InsideSnapshot& s, TrainLab& lab, Model& m, int n, std::vector<Tensor>& acts) {
  s.kind = InsideSnapshot::Kind::Plane;
  s.n = n;
  lab.plane_bounds(s.x0, s.x1, s.y0, s.y1);
  // The same grid as TrainLab::decision_grid: row 0 on top (largest x2), cell centres.
  Tensor gx(Shape{n * n, 2});
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      gx[(r * n + c) * 2 + 0] = s.x0 + (static_cast<float>(c) + 0.5f) / static_cast<float>(n) * (s.x1 - s.x0);
      gx[(r * n + c) * 2 + 1] = s.y1 - (static_cast<float>(r) + 0.5f) / static_cast<float>(n) * (s.y1 - s.y0);
    }
  probe_forward(m, gx, false, acts);
  const int L = m.num_layers();
  const int out_row = m.layer_row(L - 1);
  int budget = kMaxUnitImages;
  for (int i = 0; i + 1 < L && budget > 0; ++i) {
    const bool last_of_row = m.layer_row(i + 1) != m.layer_row(i);
    const Tensor& a = acts[static_cast<size_t>(i) + 1];  // N x units
    if (!last_of_row || m.layer_row(i) == out_row || a.rank() != 2) continue;
    InsideUnitRow row;
    row.title = engine_layer_title(lab.spec(), m, i);
    row.layer = i;
    row.units_total = a.dim(1);
    row.units = std::min({row.units_total, kMaxUnitsPerRow, budget});
    row.first_image = static_cast<int>(s.images.size());
    for (int u = 0; u < row.units; ++u) {
      std::vector<float> v(static_cast<size_t>(n) * n);
      for (int p = 0; p < n * n; ++p) v[static_cast<size_t>(p)] = a[static_cast<int64_t>(p) * row.units_total + u];
      float lo, hi;
      ui::color_range(v.data(), static_cast<int64_t>(v.size()), ui::ColorMap::Diverging, lo, hi);
      if (add_image(s, n, n, ui::ColorMap::Diverging, lo, hi, std::move(v)) < 0) {
        row.units = u;
        break;
      }
    }
    budget -= row.units;
    s.unit_rows.push_back(std::move(row));
  }
}

void build_spatial(InsideSnapshot& s, InsidePanel& p, const TrainLab& lab, Model& m, std::vector<Tensor>& acts) {
  s.kind = InsideSnapshot::Kind::Spatial;
  const Dataset& d = *lab.data();
  s.num_samples = d.num_train();
  if (s.num_samples == 0) {
    s.message = "The training split is empty.";
    return;
  }
  s.sample = std::clamp(p.sample, 0, s.num_samples - 1);
  const Shape shape = d.sample_shape();
  const int64_t per = shape.numel();
  Tensor x(shape.with_batch(1));
  std::copy(d.x_train.data() + s.sample * per, d.x_train.data() + (s.sample + 1) * per, x.data());
  if (d.is_classification()) {
    s.label = static_cast<int>(d.y_train[s.sample]);
    if (s.label >= 0 && s.label < static_cast<int>(d.class_names.size())) s.label_name = d.class_names[static_cast<size_t>(s.label)];
  }
  probe_forward(m, x, false, acts);
  {
    int c = 0, t = 1;
    s.input_first = add_maps(s, acts[0], kMaxInputChannels, true, c, t);
    s.input_c = c;
    s.input_t = t;
    // Pixels are intensities: grey, not a signed colour map.
    for (int i = s.input_first; i >= 0 && i < static_cast<int>(s.images.size()); ++i) s.images[static_cast<size_t>(i)].map = ui::ColorMap::Gray;
  }
  const int L = m.num_layers();
  // Layers with spatial outputs; the default is the first conv's output after its ReLU.
  int first_conv = -1;
  for (int i = 0; i < L; ++i) {
    const int r = acts[static_cast<size_t>(i) + 1].rank();
    if (r == 4 || r == 5) s.map_layers.emplace_back(i, engine_layer_title(lab.spec(), m, i));
    if (first_conv < 0 && m.layer(i).kind() == LayerKind::Conv) first_conv = i;
  }
  int chosen = -1;
  for (const auto& [i, title] : s.map_layers)
    if (i == p.map_layer) chosen = i;
  if (chosen < 0 && first_conv >= 0) {
    chosen = first_conv;
    if (first_conv + 1 < L && m.layer(first_conv + 1).kind() == LayerKind::Activation &&
        m.layer_row(first_conv + 1) == m.layer_row(first_conv))
      chosen = first_conv + 1;
  }
  if (chosen < 0 && !s.map_layers.empty()) chosen = s.map_layers.front().first;
  if (chosen >= 0) {
    const Tensor& a = acts[static_cast<size_t>(chosen) + 1];
    s.map_layer = chosen;
    s.map_title = engine_layer_title(lab.spec(), m, chosen);
    s.map_c_total = a.dim(1);
    const int T = a.rank() == 5 ? a.dim(2) : 1;
    int c = 0, t = 1;
    s.map_first = add_maps(s, a, std::max(1, kMaxMapImages / T), p.shared_scale, c, t);
    s.map_c = c;
    s.map_t = t;
  }
  // The first conv layer's filters, one shared symmetric scale.
  if (first_conv >= 0) {
    for (Param* prm : m.layer(first_conv).params()) {
      if (prm->name != "weight") continue;
      const Shape& ws = prm->value.shape();  // C_out x C_in x (kT x) kH x kW
      const int O = ws[0], I = ws[1], KT = ws.rank() == 5 ? ws[2] : 1, KH = ws[ws.rank() - 2], KW = ws[ws.rank() - 1];
      s.filter_title = engine_layer_title(lab.spec(), m, first_conv);
      s.c_out_total = O;
      s.c_in_total = I;
      s.c_in = std::min(I, 4);
      s.kt = KT;
      const int room = std::min(kMaxFilterImages, kInsideMaxImages - static_cast<int>(s.images.size()));
      s.c_out = std::min(O, room / std::max(1, s.c_in * KT));  // whole filters only
      float lo, hi;
      ui::color_range(prm->value.data(), prm->value.size(), ui::ColorMap::Diverging, lo, hi);
      s.filter_absmax = hi;
      s.filter_first = static_cast<int>(s.images.size());
      for (int o = 0; o < s.c_out; ++o)
        for (int i = 0; i < s.c_in; ++i)
          for (int t = 0; t < KT; ++t) {
            const float* src = prm->value.data() + ((static_cast<int64_t>(o) * I + i) * KT + t) * KH * KW;
            add_image(s, KH, KW, ui::ColorMap::Diverging, lo, hi, std::vector<float>(src, src + KH * KW));
          }
    }
  }
}

void build_weights(InsideSnapshot& s, const TrainLab& lab, Model& m) {
  for (int l = 0; l < m.num_layers(); ++l) {
    if (m.layer(l).kind() != LayerKind::Dense) continue;
    for (Param* prm : m.layer(l).params()) {
      if (prm->name != "weight" || prm->value.rank() != 2) continue;
      InsideWeightView wv;
      wv.title = engine_layer_title(lab.spec(), m, l);
      wv.layer = l;
      wv.d_out = prm->value.dim(0);
      wv.d_in = prm->value.dim(1);
      wv.block = (wv.d_in + kMaxWeightCols - 1) / kMaxWeightCols;
      const int rows = std::min(wv.d_out, kMaxWeightRows), cols = (wv.d_in + wv.block - 1) / wv.block;
      std::vector<float> v(static_cast<size_t>(rows) * cols, 0.0f);
      float hi = 0;
      for (int o = 0; o < rows; ++o)
        for (int c = 0; c < cols; ++c) {
          const int i0 = c * wv.block, i1 = std::min(wv.d_in, i0 + wv.block);
          double sum = 0;
          for (int i = i0; i < i1; ++i) sum += std::fabs(prm->value[static_cast<int64_t>(o) * wv.d_in + i]);
          const float mean = static_cast<float>(sum / (i1 - i0));
          v[static_cast<size_t>(o) * cols + c] = mean;
          hi = std::max(hi, mean);
        }
      if (wv.block == 1) wv.w.assign(prm->value.data(), prm->value.data() + static_cast<int64_t>(rows) * wv.d_in);
      wv.image = add_image(s, rows, cols, ui::ColorMap::Magnitude, 0.0f, hi > 0 ? hi : 1.0f, std::move(v));
      if (wv.image >= 0) s.weights.push_back(std::move(wv));
    }
  }
}

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

void draw_plane(InsidePanel& p) {
  const InsideSnapshot& s = p.snap;
  const float fs = ImGui::GetFontSize();
  ImGui::TextColored(ui::kDimColor, "Each square: one hidden unit's output at every point (x1, x2) of the plane.");
  ui::help_marker("The same plane as the decision boundary. A unit of the first hidden layer can only draw one "
                  "straight line (its weighted sum is a plane; ReLU cuts it at 0); later layers combine those "
                  "lines into curved regions. Blue = negative, white = 0, red = positive; each square has its "
                  "own scale (hover for exact values).");
  ImGui::SetNextItemWidth(fs * 9);
  ImGui::SliderInt("##grid_n", &p.grid_n, 12, 64, "resolution %d");
  ui::tooltip("How many points per side of the plane each unit's output is computed at (n x n forward passes).");
  same_line_if_fits(fs * 7);
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

void draw_spatial(InsidePanel& p) {
  const InsideSnapshot& s = p.snap;
  const float fs = ImGui::GetFontSize();
  // Sample and layer choice.
  ImGui::SetNextItemWidth(fs * 10);
  ImGui::SliderInt("##sample", &p.sample, 0, std::max(0, s.num_samples - 1), "sample %d");
  ui::tooltip("Which training example to push through the network; its feature maps are shown below.");
  if (s.label >= 0) {
    char lab[96];
    std::snprintf(lab, sizeof lab, "label %d: %s", s.label, s.label_name.c_str());
    same_line_if_fits(ImGui::CalcTextSize(lab).x);
    ImGui::TextColored(ui::class_color(s.label), "%s", lab);
  }
  if (!s.map_layers.empty()) {
    same_line_if_fits(fs * 14);
    ImGui::SetNextItemWidth(fs * 14);
    if (ImGui::BeginCombo("##map_layer", s.map_title.c_str())) {
      for (const auto& [i, title] : s.map_layers) {
        ImGui::PushID(i);
        if (ImGui::Selectable(title.c_str(), i == s.map_layer)) p.map_layer = i;
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
    ui::tooltip("Which layer's output (feature maps) to show: one map per channel.");
  }
  same_line_if_fits(ImGui::CalcTextSize("Same scale").x + ImGui::GetFrameHeight() * 1.5f);
  ImGui::Checkbox("Same scale", &p.shared_scale);
  ui::tooltip("On: every feature map uses one colour scale, so weak or dead channels look dark. Off: each map is "
              "scaled to its own range, to see the pattern it responds to.");
  const bool video = s.map_t > 1 || s.input_t > 1;
  if (video) {
    const int t_max = std::max(s.map_t, s.input_t) - 1;
    p.t = std::clamp(p.t, 0, t_max);
    ImGui::SetNextItemWidth(fs * 10);
    ImGui::SliderInt("##t", &p.t, 0, t_max, "time step %d");
    ui::tooltip("Which time slice (frame) of the clip and of the 3D feature maps to show.");
  }
  // Input sample.
  const float in_side = std::clamp(ImGui::GetContentRegionAvail().x * 0.22f, fs * 5.0f, fs * 9.0f);
  const int t_in = std::min(p.t, s.input_t - 1);
  ImGui::BeginGroup();
  ImGui::TextColored(ui::kDimColor, video ? "input, frame %d" : "input", t_in);
  for (int c = 0; c < s.input_c; ++c) {
    ImGui::PushID(c);
    if (c) ImGui::SameLine();
    ui::HeatmapHover h = show_image(p, s.input_first + t_in * s.input_c + c, "##input", ImVec2(in_side, in_side));
    if (h.hovered) ImGui::SetTooltip("input channel %d, pixel (y %d, x %d): %.4g", c, h.row, h.col, h.value);
    ImGui::PopID();
  }
  ImGui::EndGroup();
  // Feature maps.
  if (s.map_first >= 0) {
    ImGui::SameLine();
    ImGui::BeginGroup();
    const int t_map = std::min(p.t, s.map_t - 1);
    ImGui::TextColored(ui::kDimColor, "%s: %d maps%s", s.map_title.c_str(), s.map_c_total,
                       s.map_c < s.map_c_total ? " (first ones shown)" : "");
    const float side = std::clamp(ImGui::GetContentRegionAvail().x / 8.0f - ImGui::GetStyle().ItemSpacing.x, fs * 3.0f, fs * 5.0f);
    const int pl = per_line(side);
    for (int c = 0; c < s.map_c; ++c) {
      flow(c, pl);
      ImGui::PushID(c);
      ui::HeatmapHover h = show_image(p, s.map_first + t_map * s.map_c + c, "##map", ImVec2(side, side));
      if (h.hovered) {
        if (s.map_t > 1)
          ImGui::SetTooltip("channel %d, t %d, (y %d, x %d): %.5g", c, t_map, h.row, h.col, h.value);
        else
          ImGui::SetTooltip("channel %d, (y %d, x %d): %.5g", c, h.row, h.col, h.value);
      }
      ImGui::PopID();
    }
    ImGui::EndGroup();
  }
  // Filters of the first conv layer.
  if (s.filter_first >= 0 && ImGui::CollapsingHeader("Filters of the first conv layer", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::TextColored(ui::kDimColor, "%s: %d filters, each %d input channel(s)%s", s.filter_title.c_str(), s.c_out_total,
                       s.c_in_total, s.kt > 1 ? " x time slices" : "");
    ui::help_marker("Each filter is slid over the input; its output is large where the input looks like the "
                    "filter (red weights where the input is bright, blue where it is dark). For 3D convolution "
                    "every filter has one 2D slice per time step, shown side by side.");
    same_line_if_fits(fs * 8);
    ui::color_bar("##filter_bar", ui::ColorMap::Diverging, -s.filter_absmax, s.filter_absmax, fs * 8);
    const ImVec2 fsz(fs * 2.4f, fs * 2.4f);
    const float block_w = static_cast<float>(s.c_in * s.kt) * (fsz.x + ImGui::GetStyle().ItemSpacing.x) + fs;
    const int pl = per_line(block_w);
    for (int o = 0; o < s.c_out; ++o) {
      flow(o, pl);
      ImGui::PushID(o);
      ImGui::BeginGroup();
      for (int i = 0; i < s.c_in; ++i)
        for (int t = 0; t < s.kt; ++t) {
          const int k = i * s.kt + t;
          if (k) ImGui::SameLine(0, t ? 1.0f : -1.0f);
          ImGui::PushID(k);
          ui::HeatmapHover h = show_image(p, s.filter_first + o * s.c_in * s.kt + k, "##filter", fsz);
          if (h.hovered) {
            if (s.kt > 1)
              ImGui::SetTooltip("filter %d, input channel %d, t %d, (y %d, x %d): weight %.5g", o, i, t, h.row, h.col, h.value);
            else
              ImGui::SetTooltip("filter %d, input channel %d, (y %d, x %d): weight %.5g", o, i, h.row, h.col, h.value);
          }
          ImGui::PopID();
        }
      ImGui::EndGroup();
      ImGui::PopID();
    }
    if (s.c_out < s.c_out_total || s.c_in < s.c_in_total)
      ImGui::TextColored(ui::kDimColor, "showing %d of %d filters, %d of %d input channels", s.c_out, s.c_out_total, s.c_in,
                         s.c_in_total);
  }
}

void draw_weights(InsidePanel& p) {
  const InsideSnapshot& s = p.snap;
  if (s.weights.empty()) return;
  if (!ImGui::CollapsingHeader("Weight magnitudes |W| of the fully connected layers", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const float fs = ImGui::GetFontSize();
  ImGui::TextColored(ui::kDimColor, "Rows: output units; columns: inputs. Bright = large |weight|.");
  ui::help_marker("W is D_out x D_in (as in PyTorch's nn.Linear): row o holds the weights unit o gives each input. "
                  "A dark column is an input the layer ignores; a dark row is a unit with tiny weights. L2 "
                  "regularisation shrinks everything towards dark.");
  // Small matrices side by side, wrapping; wide ones get the whole row.
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float x_left = ImGui::GetCursorScreenPos().x;
  float row_right = -1.0f;  // right edge of the last block on the current line (< 0: line empty)
  for (const InsideWeightView& wv : s.weights) {
    const InsideImage* im = image_at(s, wv.image);
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
    ui::color_bar("##wbar", ui::ColorMap::Magnitude, im->lo, im->hi, std::min(block_w, fs * 8.0f));
    if (wv.block > 1) ImGui::TextColored(ui::kDimColor, "each column averages |W| over %d consecutive inputs", wv.block);
    ui::HeatmapHover h = show_image(p, wv.image, "##w", size);
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

void probe_forward(Model& model, const Tensor& x, bool bn_train, std::vector<Tensor>& acts) {
  const int L = model.num_layers();
  acts.resize(static_cast<size_t>(L) + 1);
  acts[0] = x;
  // BN in training mode updates its running statistics: keep them to put back.
  struct Saved {
    BatchNorm* bn;
    std::vector<float> mean, var;
  };
  std::vector<Saved> saved;
  if (bn_train)
    for (int i = 0; i < L; ++i)
      if (auto* bn = dynamic_cast<BatchNorm*>(&model.layer(i))) saved.push_back({bn, bn->running_mean().vec(), bn->running_var().vec()});
  auto restore = [&] {
    for (Saved& s : saved) {
      s.bn->running_mean().vec() = s.mean;
      s.bn->running_var().vec() = s.var;
    }
  };
  try {
    for (int i = 0; i < L; ++i) {
      Layer& l = model.layer(i);
      l.forward(acts[static_cast<size_t>(i)], acts[static_cast<size_t>(i) + 1], bn_train && l.kind() == LayerKind::BatchNorm);
    }
  } catch (...) {
    restore();
    throw;
  }
  restore();
}

std::string engine_layer_title(const ModelSpec& spec, const Model& model, int layer) {
  const int row = model.layer_row(layer);
  const bool valid = row >= 0 && row < static_cast<int>(spec.rows.size());
  std::string text = valid ? spec.rows[static_cast<size_t>(row)].text : "layer " + std::to_string(layer);
  int k = 0;  // position of this engine layer within its row's expansion
  for (int j = layer - 1; j >= 0 && model.layer_row(j) == row; --j) ++k;
  const Layer& l = model.layer(layer);
  std::string kind = layer_kind_name(l.kind());
  if (l.kind() == LayerKind::Activation && valid && k < static_cast<int>(spec.rows[static_cast<size_t>(row)].layers.size()))
    kind = act_kind_name(spec.rows[static_cast<size_t>(row)].layers[static_cast<size_t>(k)].act);
  return text + " (" + kind + ")";
}

void apply_inside_panel(InsidePanel& p, Session& session, double dt_ms) {
  p.since_refresh_ms += dt_ms;
  if (!p.visible) return;
  TrainLab& lab = session.train();
  Trainer* tr = lab.trainer();
  const bool choice_changed = tr != p.key_trainer || lab.data() != p.key_data || p.sample != p.key_sample ||
                              p.map_layer != p.key_layer || p.grid_n != p.key_grid || p.shared_scale != p.key_shared;
  const bool stepped = tr && tr->steps() != p.key_step;
  if (!choice_changed && !(stepped && p.since_refresh_ms >= kRefreshMs) && p.since_refresh_ms < kIdleRefreshMs) return;
  p.key_trainer = tr;
  p.key_data = lab.data();
  p.key_step = tr ? tr->steps() : -1;
  p.key_sample = p.sample;
  p.key_layer = p.map_layer;
  p.key_grid = p.grid_n;
  p.key_shared = p.shared_scale;
  p.since_refresh_ms = 0;

  InsideSnapshot s;
  s.version = p.snap.version + 1;
  if (!tr || !lab.data()) {
    s.message = lab.error().empty() ? "No model yet: enter a network that fits the data." : lab.error();
    p.snap = std::move(s);
    return;
  }
  s.step = tr->steps();
  std::vector<Tensor> acts;
  try {
    Model& m = tr->model();
    const int rank = lab.data()->sample_shape().rank();
    if (lab.is_2d()) {
      build_plane(s, lab, m, std::clamp(p.grid_n, 4, 128), acts);
    } else if (rank == 3 || rank == 4) {
      build_spatial(s, p, lab, m, acts);
    } else {
      s.kind = InsideSnapshot::Kind::Other;
    }
    build_weights(s, lab, m);
  } catch (const std::exception& e) {
    s.message = e.what();
  }
  p.snap = std::move(s);
}

void draw_inside_panel(InsidePanel& p, const Session& session, Gfx& gfx) {
  (void)session;  // everything shown comes from the snapshot apply_inside_panel took
  const InsideSnapshot& s = p.snap;
  if (p.uploaded_version != s.version) {
    p.textures.assign(s.images.size(), nullptr);
    for (size_t i = 0; i < s.images.size(); ++i) {
      const InsideImage& im = s.images[i];
      p.textures[i] = ui::upload_grid(gfx, kInsideSlotBase + static_cast<int>(i), im.values.data(), im.rows, im.cols,
                                      im.map, im.lo, im.hi);
    }
    p.uploaded_version = s.version;
  }
  if (s.version == 0) {
    ImGui::TextColored(ui::kDimColor, "Looking inside the network...");
    return;
  }
  ImGui::TextColored(ui::kDimColor, "after step %lld", static_cast<long long>(s.step));
  ui::help_marker("What the network computes inside, from the current weights (refreshed a few times a second "
                  "while it trains). Looking never changes training.");
  if (!s.message.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kErrorColor, "%s", s.message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::BeginChild("##inside_scroll", ImVec2(0, 0), false);
  if (s.kind == InsideSnapshot::Kind::Plane) {
    if (ImGui::CollapsingHeader("Hidden units over the plane", ImGuiTreeNodeFlags_DefaultOpen)) draw_plane(p);
  } else if (s.kind == InsideSnapshot::Kind::Spatial) {
    if (ImGui::CollapsingHeader("Feature maps", ImGuiTreeNodeFlags_DefaultOpen)) draw_spatial(p);
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
