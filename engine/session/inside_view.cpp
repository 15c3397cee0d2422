// probe_inside and its helpers (see inside_view.h): the plane's unit maps, the spatial view (input sample,
// feature maps, first conv's filters) and |W| of every fully connected layer.
#include "engine/session/inside_view.h"

#include <algorithm>
#include <cmath>

#include "engine/session/probe.h"

namespace gl {

namespace {
constexpr int kMaxUnitsPerRow = 64, kMaxUnitImages = 256;  // plane
constexpr int kMaxFilterImages = 160, kMaxMapImages = 256, kMaxInputChannels = 3;  // spatial
constexpr int kMaxWeightCols = 1024, kMaxWeightRows = 1024;

// Appends a grid to the snapshot; returns its index, or -1 (nothing added) once kInsideMaxImages are held.
int add_image(InsideSnapshot& s, int rows, int cols, ValueScale scale, float lo, float hi, std::vector<float> v) {
  if (static_cast<int>(s.images.size()) >= kInsideMaxImages) return -1;
  InsideImage im;
  im.rows = rows;
  im.cols = cols;
  im.scale = scale;
  im.lo = lo;
  im.hi = hi;
  im.values = std::move(v);
  s.images.push_back(std::move(im));
  return static_cast<int>(s.images.size()) - 1;
}

// Kind::Plane: every hidden unit's output over an n x n grid of the plane (the decision boundary's cells).
void build_plane(InsideSnapshot& s, const TrainLab& lab, Model& m, int n) {
  s.kind = InsideSnapshot::Kind::Plane;
  s.n = n;
  lab.plane_bounds(s.x0, s.x1, s.y0, s.y1);
  Tensor gx;
  plane_cell_centres(n, s.x0, s.x1, s.y0, s.y1, gx);
  std::vector<Tensor> acts;
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
      value_range(v.data(), static_cast<int64_t>(v.size()), ValueScale::Signed, lo, hi);
      if (add_image(s, n, n, ValueScale::Signed, lo, hi, std::move(v)) < 0) {
        row.units = u;
        break;
      }
    }
    budget -= row.units;
    s.unit_rows.push_back(std::move(row));
  }
}

// Spatial maps of one sample (per-sample C x H x W or C x T x H x W, batch of 1) into images [t][c]; returns
// the first image's index. Non-negative maps (after a ReLU) are magnitudes, others signed.
int add_maps(InsideSnapshot& s, const Tensor& a, int max_c, bool shared, int& c_shown, int& t_len) {
  const Shape sh = a.shape().drop_batch();
  const int C = sh[0], T = sh.rank() == 4 ? sh[1] : 1, H = sh[sh.rank() - 2], W = sh[sh.rank() - 1];
  c_shown = std::max(1, std::min(C, max_c));
  t_len = T;
  float lo = 0, hi = 0;
  bool nonneg = true;
  for (int64_t i = 0; i < a.size(); ++i) nonneg = nonneg && a[i] >= 0.0f;
  const ValueScale scale = nonneg ? ValueScale::Magnitude : ValueScale::Signed;
  if (shared) value_range(a.data(), a.size(), scale, lo, hi);
  int first = -1;
  for (int t = 0; t < T; ++t)
    for (int c = 0; c < c_shown; ++c) {
      const float* src = a.data() + (static_cast<int64_t>(c) * T + t) * H * W;
      std::vector<float> v(src, src + static_cast<int64_t>(H) * W);
      float l = lo, h = hi;
      if (!shared) value_range(v.data(), static_cast<int64_t>(v.size()), scale, l, h);
      const int id = add_image(s, H, W, scale, l, h, std::move(v));
      if (first < 0) first = id;
    }
  return first;
}

// The first conv layer's filters (whole filters only, up to 4 input channels), one shared signed range.
void add_filters(InsideSnapshot& s, const TrainLab& lab, Model& m, int first_conv) {
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
    s.c_out = std::min(O, room / std::max(1, s.c_in * KT));
    float lo, hi;
    value_range(prm->value.data(), prm->value.size(), ValueScale::Signed, lo, hi);
    s.filter_absmax = hi;
    s.filter_first = static_cast<int>(s.images.size());
    for (int o = 0; o < s.c_out; ++o)
      for (int i = 0; i < s.c_in; ++i)
        for (int t = 0; t < KT; ++t) {
          const float* src = prm->value.data() + ((static_cast<int64_t>(o) * I + i) * KT + t) * KH * KW;
          add_image(s, KH, KW, ValueScale::Signed, lo, hi, std::vector<float>(src, src + KH * KW));
        }
  }
}

// The layer whose maps are shown: the one asked for if it has spatial outputs, else the first conv's output
// after its ReLU (or the conv itself), else the first spatial layer; -1 when there is none.
int chosen_map_layer(const InsideSnapshot& s, const Model& m, int asked, int first_conv) {
  for (const auto& [i, title] : s.map_layers)
    if (i == asked) return i;
  if (first_conv >= 0) {
    const int next = first_conv + 1;
    if (next < m.num_layers() && m.layer(next).kind() == LayerKind::Activation && m.layer_row(next) == m.layer_row(first_conv))
      return next;
    return first_conv;
  }
  return s.map_layers.empty() ? -1 : s.map_layers.front().first;
}

// The sample pushed through the model (grey: intensities); returns the probe's activations.
std::vector<Tensor> add_sample(InsideSnapshot& s, const Dataset& d, Model& m) {
  const Shape shape = d.sample_shape();
  const int64_t per = shape.numel();
  Tensor x(shape.with_batch(1));
  std::copy(d.x_train.data() + s.sample * per, d.x_train.data() + (s.sample + 1) * per, x.data());
  if (d.is_classification()) {
    s.label = static_cast<int>(d.y_train[s.sample]);
    if (s.label >= 0 && s.label < static_cast<int>(d.class_names.size())) s.label_name = d.class_names[static_cast<size_t>(s.label)];
  }
  std::vector<Tensor> acts;
  probe_forward(m, x, false, acts);
  int c = 0, t = 1;
  s.input_first = add_maps(s, acts[0], kMaxInputChannels, true, c, t);
  s.input_c = c;
  s.input_t = t;
  // Pixels are intensities (grey), on the one range add_maps gave the whole sample.
  for (int i = s.input_first; i >= 0 && i < static_cast<int>(s.images.size()); ++i) s.images[static_cast<size_t>(i)].scale = ValueScale::Intensity;
  return acts;
}

// Kind::Spatial: the input sample, the chosen layer's feature maps and the first conv's filters.
void build_spatial(InsideSnapshot& s, const InsideProbeDesc& desc, const TrainLab& lab, Model& m) {
  s.kind = InsideSnapshot::Kind::Spatial;
  const Dataset& d = *lab.data();
  s.num_samples = d.num_train();
  if (s.num_samples == 0) {
    s.message = "The training split is empty.";
    return;
  }
  s.sample = std::clamp(desc.sample, 0, s.num_samples - 1);
  const std::vector<Tensor> acts = add_sample(s, d, m);
  int first_conv = -1;
  for (int i = 0; i < m.num_layers(); ++i) {
    const int r = acts[static_cast<size_t>(i) + 1].rank();
    if (r == 4 || r == 5) s.map_layers.emplace_back(i, engine_layer_title(lab.spec(), m, i));
    if (first_conv < 0 && m.layer(i).kind() == LayerKind::Conv) first_conv = i;
  }
  const int chosen = chosen_map_layer(s, m, desc.map_layer, first_conv);
  if (chosen >= 0) {
    const Tensor& a = acts[static_cast<size_t>(chosen) + 1];
    s.map_layer = chosen;
    s.map_title = engine_layer_title(lab.spec(), m, chosen);
    s.map_c_total = a.dim(1);
    const int T = a.rank() == 5 ? a.dim(2) : 1;
    int c = 0, t = 1;
    s.map_first = add_maps(s, a, std::max(1, kMaxMapImages / T), desc.shared_scale, c, t);
    s.map_c = c;
    s.map_t = t;
  }
  if (first_conv >= 0) add_filters(s, lab, m, first_conv);
}

// |W| of one fully connected layer's weight (d_out x d_in): wide layers average blocks of inputs per column.
void add_weight_view(InsideSnapshot& s, const std::string& title, int layer, const Tensor& W) {
  InsideWeightView wv;
  wv.title = title;
  wv.layer = layer;
  wv.d_out = W.dim(0);
  wv.d_in = W.dim(1);
  wv.block = (wv.d_in + kMaxWeightCols - 1) / kMaxWeightCols;
  const int rows = std::min(wv.d_out, kMaxWeightRows), cols = (wv.d_in + wv.block - 1) / wv.block;
  std::vector<float> v(static_cast<size_t>(rows) * cols, 0.0f);
  float hi = 0;
  for (int o = 0; o < rows; ++o)
    for (int c = 0; c < cols; ++c) {
      const int i0 = c * wv.block, i1 = std::min(wv.d_in, i0 + wv.block);
      double sum = 0;
      for (int i = i0; i < i1; ++i) sum += std::fabs(W[static_cast<int64_t>(o) * wv.d_in + i]);
      const float mean = static_cast<float>(sum / (i1 - i0));
      v[static_cast<size_t>(o) * cols + c] = mean;
      hi = std::max(hi, mean);
    }
  if (wv.block == 1) wv.w.assign(W.data(), W.data() + static_cast<int64_t>(rows) * wv.d_in);
  wv.image = add_image(s, rows, cols, ValueScale::Magnitude, 0.0f, hi > 0 ? hi : 1.0f, std::move(v));
  if (wv.image >= 0) s.weights.push_back(std::move(wv));
}

void build_weights(InsideSnapshot& s, const TrainLab& lab, Model& m) {
  for (int l = 0; l < m.num_layers(); ++l) {
    if (m.layer(l).kind() != LayerKind::Dense) continue;
    for (Param* prm : m.layer(l).params())
      if (prm->name == "weight" && prm->value.rank() == 2) add_weight_view(s, engine_layer_title(lab.spec(), m, l), l, prm->value);
  }
}

}  // namespace

InsideSnapshot probe_inside(const TrainLab& lab, const InsideProbeDesc& desc) {
  InsideSnapshot s;
  s.version = next_revision();  // process-wide, so a fresh view never matches a texture cached for another
  const Trainer* tr = lab.trainer();
  // After a failed rebuild the lab keeps the previous trainer, built for other data: show the error instead.
  if (!tr || !lab.error().empty() || !lab.data()) {
    s.message = lab.error().empty() ? "No model yet: enter a network that fits the data." : lab.error();
    return s;
  }
  s.step = tr->steps();
  try {
    Model& m = *lab.probe_model();  // looked at, not trained: probes restore what they touch
    const int rank = lab.data()->sample_shape().rank();
    if (lab.is_2d()) {
      build_plane(s, lab, m, std::clamp(desc.grid_n, 4, 128));
    } else if (rank == 3 || rank == 4) {
      build_spatial(s, desc, lab, m);
    } else {
      s.kind = InsideSnapshot::Kind::Other;
    }
    build_weights(s, lab, m);
  } catch (const std::exception& e) {
    s.message = e.what();
  }
  return s;
}

}  // namespace gl
