// Draws the data views. Images and video frames are packed into one atlas texture per view (one upload per
// frame) and shown cell by cell with ImGui::Image's uv rectangle; sequences use ui::line_plot and
// ui::heatmap.
#include "web/app/panels/data_view_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "web/app/widgets/heatmap.h"
#include "web/app/widgets/image_pages.h"
#include "web/app/widgets/plot.h"
#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
constexpr int kMaxSequencesShown = 6, kMaxHeatmapsShown = 3, kMaxTextWindows = 12;

std::string class_name(const Dataset& d, int k) {
  if (k >= 0 && k < static_cast<int>(d.class_names.size())) return d.class_names[static_cast<size_t>(k)];
  return std::to_string(k);
}

// Writes image `i` of X (N x C x H x W, or frame t of N x C x T x H x W) into the atlas at (ox, oy):
// grey from channel 0, or RGB when C == 3; [lo, hi] maps to black..white.
void blit(const Tensor& X, int i, int t, float lo, float hi, std::vector<uint8_t>& atlas, int atlas_w, int ox, int oy) {
  const Shape s = X.shape().drop_batch();
  const int C = s[0], T = s.rank() == 4 ? s[1] : 1, H = s[s.rank() - 2], W = s[s.rank() - 1];
  const int64_t plane = static_cast<int64_t>(H) * W;
  const float* base = X.data() + static_cast<int64_t>(i) * s.numel();
  auto px = [&](int c, int y, int x) {
    const float v = base[(static_cast<int64_t>(c) * T + t) * plane + static_cast<int64_t>(y) * W + x];
    return static_cast<uint8_t>(std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f) * 255.0f + 0.5f);
  };
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      uint8_t* o = &atlas[(static_cast<size_t>(oy + y) * atlas_w + ox + x) * 4];
      o[0] = px(0, y, x);
      o[1] = C == 3 ? px(1, y, x) : o[0];
      o[2] = C == 3 ? px(2, y, x) : o[0];
      o[3] = 255;
    }
}

// Pixel range of some samples: [min(0, min), max], never empty.
void pixel_range(const Tensor& X, const std::vector<int>& idx, float& lo, float& hi) {
  const int64_t per = X.shape().tail(1);
  lo = 0.0f;
  hi = 0.0f;
  for (int i : idx)
    for (int64_t k = 0; k < per; ++k) {
      const float v = X[static_cast<int64_t>(i) * per + k];
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!(hi > lo)) hi = lo + 1.0f;
}

// Value of pixel under the mouse for an image item of `size` showing an H x W image; false if not hovered.
bool hovered_pixel(ImVec2 p0, ImVec2 size, int H, int W, int& y, int& x) {
  if (!ImGui::IsItemHovered()) return false;
  const ImVec2 m = ImGui::GetIO().MousePos;
  x = std::clamp(static_cast<int>((m.x - p0.x) / size.x * static_cast<float>(W)), 0, W - 1);
  y = std::clamp(static_cast<int>((m.y - p0.y) / size.y * static_cast<float>(H)), 0, H - 1);
  return true;
}

// The atlas's cells as a grid of images (side per row), each with its class name; hover reads a pixel.
void draw_image_grid(const Dataset& d, Split split, const std::vector<int>& shown, int side, void* tex) {
  const Tensor& X = d.x(split);
  const Tensor& Y = d.y(split);
  const Shape s = d.sample_shape();
  const int C = s[0], H = s[1], W = s[2];
  const float fs = ImGui::GetFontSize();
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  const float cell = std::clamp((ImGui::GetContentRegionAvail().x - sp * static_cast<float>(side - 1)) / static_cast<float>(side),
                                fs * 2.0f, fs * 7.0f);
  const float label_h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t k = 0; k < shown.size(); ++k) {
    const int i = shown[k], label = static_cast<int>(Y[i]);
    const int cx = static_cast<int>(k % side), cy = static_cast<int>(k / side);
    if (cx) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(k));
    ImGui::BeginGroup();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 uv0(static_cast<float>(cx) / side, static_cast<float>(cy) / side);
    const ImVec2 uv1(static_cast<float>(cx + 1) / side, static_cast<float>(cy + 1) / side);
    ImGui::Image(tex, ImVec2(cell, cell), uv0, uv1);
    int py = 0, px = 0;
    if (hovered_pixel(p0, ImVec2(cell, cell), H, W, py, px)) {
      const float v = X[static_cast<int64_t>(i) * s.numel() + static_cast<int64_t>(py) * W + px];
      ImGui::SetTooltip("example %d of the %s split\nlabel %d: %s\npixel (y %d, x %d)%s: %.4g", i,
                        split == Split::Train ? "training" : "test", label, class_name(d, label).c_str(), py, px,
                        C > 1 ? ", channel 0" : "", v);
    }
    // Class name under the image, in the class colour, clipped to the cell.
    const std::string name = class_name(d, label);
    const ImVec2 tp(p0.x, p0.y + cell);
    const ImVec4 clip(tp.x, tp.y, tp.x + cell, tp.y + label_h);
    dl->AddText(nullptr, 0.0f, tp, ImGui::ColorConvertFloat4ToU32(ui::class_color(label)), name.c_str(), nullptr, 0.0f, &clip);
    ImGui::Dummy(ImVec2(cell, label_h));
    ImGui::EndGroup();
    ImGui::PopID();
  }
}

void draw_images(DataViewPanel& p, const Dataset& d, Split split, uint64_t data_rev, Gfx& gfx) {
  const Tensor& X = d.x(split);
  const Tensor& Y = d.y(split);
  const Shape s = d.sample_shape();
  const int H = s[1], W = s[2];
  const int N = X.rank() ? X.dim(0) : 0;
  const float fs = ImGui::GetFontSize();
  // Class filter, with the count of each class.
  const std::vector<int> counts = class_counts(d, split);
  std::string cur = p.class_filter < 0 ? "every class" : class_name(d, p.class_filter);
  ImGui::SetNextItemWidth(fs * 10);
  if (ImGui::BeginCombo("##class_filter", cur.c_str())) {
    if (ImGui::Selectable("every class", p.class_filter < 0)) p.class_filter = -1, p.page = 0;
    for (int k = 0; k < d.num_classes; ++k) {
      ImGui::PushID(k);
      std::string lab = std::to_string(k) + ": " + class_name(d, k) + " (" +
                        std::to_string(k < static_cast<int>(counts.size()) ? counts[static_cast<size_t>(k)] : 0) + ")";
      if (ImGui::Selectable(lab.c_str(), p.class_filter == k)) p.class_filter = k, p.page = 0;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ui::tooltip("Show only the examples of one class (the number of examples of each class is in brackets).");
  std::vector<int> idx;
  for (int i = 0; i < N; ++i)
    if (p.class_filter < 0 || static_cast<int>(Y[i]) == p.class_filter) idx.push_back(i);
  const ui::ImagePages pg = ui::image_pages(static_cast<int>(idx.size()), p.grid_side, p.page);
  const int side = pg.side, pages = pg.pages;
  p.page = pg.page;
  ImGui::SameLine();
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) p.page = (p.page + pages - 1) % pages;
  ui::tooltip("Previous page of examples.");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) p.page = (p.page + 1) % pages;
  ui::tooltip("Next page of examples.");
  char page[64];
  std::snprintf(page, sizeof page, "page %d / %d (%d examples)", p.page + 1, pages, static_cast<int>(idx.size()));
  ImGui::SameLine();
  ImGui::TextUnformatted(page);
  ui::same_line_if_fits(fs * 6);
  ImGui::SetNextItemWidth(fs * 6);
  ui::slider_int("##grid_side", &p.grid_side, 4, 12, "%d per row");
  ui::tooltip("How many examples per row (and column) of the grid.");
  if (idx.empty()) return;

  // This page's samples packed into an atlas, side x side cells of H x W.
  std::vector<int> shown(idx.begin() + pg.first, idx.begin() + pg.last);
  const int aw = side * W, ah = side * H;
  const int slot = slot_of(TexSlot::DataView);
  const uint64_t key = gfx_key({data_rev, static_cast<uint64_t>(split), static_cast<uint64_t>(p.class_filter + 1),
                                static_cast<uint64_t>(p.page), static_cast<uint64_t>(side), 1});
  void* tex = gfx.cached(slot, key, aw, ah);
  if (!tex) {  // the page changed: pack its samples again
    float lo, hi;
    pixel_range(X, shown, lo, hi);
    std::vector<uint8_t> atlas(static_cast<size_t>(aw) * ah * 4, 0);
    for (size_t k = 0; k < shown.size(); ++k)
      blit(X, shown[k], 0, lo, hi, atlas, aw, static_cast<int>(k % side) * W, static_cast<int>(k / side) * H);
    tex = gfx.texture_rgba(slot, key, aw, ah, atlas.data());
  }

  draw_image_grid(d, split, shown, side, tex);
}

void draw_video(DataViewPanel& p, const Dataset& d, Split split, uint64_t data_rev, Gfx& gfx) {
  const Tensor& X = d.x(split);
  const Tensor& Y = d.y(split);
  const Shape s = d.sample_shape();  // C x T x H x W
  const int T = s[1], H = s[2], W = s[3];
  const int N = X.rank() ? X.dim(0) : 0;
  if (N == 0) return;
  const float fs = ImGui::GetFontSize();
  p.clip = std::clamp(p.clip, 0, N - 1);
  p.frame = std::clamp(p.frame, 0, T - 1);
  if (p.auto_play) {
    p.frame_clock += ImGui::GetIO().DeltaTime;
    if (p.frame_clock >= 1.0f / std::max(p.fps, 0.5f)) {
      p.frame_clock = 0.0f;
      p.frame = (p.frame + 1) % T;
    }
  }
  ImGui::SetNextItemWidth(fs * 10);
  ui::slider_int("##clip", &p.clip, 0, N - 1, "clip %d");
  ui::tooltip("Which clip of the split to play.");
  const int label = d.is_classification() ? static_cast<int>(Y[p.clip]) : -1;
  if (label >= 0) {
    const std::string lab = "label " + std::to_string(label) + ": moving " + class_name(d, label);
    ui::same_line_if_fits(ImGui::CalcTextSize(lab.c_str()).x);
    ImGui::TextColored(ui::class_color(label), "%s", lab.c_str());
  }
  ImGui::SetNextItemWidth(fs * 10);
  if (ui::slider_int("##frame", &p.frame, 0, T - 1, "frame %d")) p.auto_play = false;
  ui::tooltip("Which frame (time step t) of the clip to show. Moving it stops auto-play.");
  ImGui::SameLine();
  ImGui::Checkbox("Auto-play", &p.auto_play);
  ui::tooltip("Play the clip in a loop. One frame alone cannot tell the direction: only time does.");
  ui::same_line_if_fits(fs * 6);
  ImGui::SetNextItemWidth(fs * 6);
  ui::slider_float("##fps", &p.fps, 1.0f, 20.0f, "%.0f fps");
  ui::tooltip("Playback speed in frames per second.");

  // All frames of the clip side by side in one atlas.
  const int aw = T * W;
  const int slot = slot_of(TexSlot::DataView);
  const uint64_t key = gfx_key({data_rev, static_cast<uint64_t>(split), static_cast<uint64_t>(p.clip), 2});
  void* tex = gfx.cached(slot, key, aw, H);
  if (!tex) {  // another clip: pack its frames again
    float lo, hi;
    pixel_range(X, {p.clip}, lo, hi);
    std::vector<uint8_t> atlas(static_cast<size_t>(aw) * H * 4, 0);
    for (int t = 0; t < T; ++t) blit(X, p.clip, t, lo, hi, atlas, aw, t * W, 0);
    tex = gfx.texture_rgba(slot, key, aw, H, atlas.data());
  }
  auto uv = [&](int t, ImVec2& a, ImVec2& b) {
    a = ImVec2(static_cast<float>(t) / T, 0.0f);
    b = ImVec2(static_cast<float>(t + 1) / T, 1.0f);
  };
  const float big = std::clamp(ImGui::GetContentRegionAvail().x * 0.4f, fs * 6.0f, fs * 14.0f);
  ImVec2 a, b;
  uv(p.frame, a, b);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Image(tex, ImVec2(big, big * static_cast<float>(H) / W), a, b);
  int py = 0, px = 0;
  if (hovered_pixel(p0, ImVec2(big, big * static_cast<float>(H) / W), H, W, py, px)) {
    const float v = X[static_cast<int64_t>(p.clip) * s.numel() + (static_cast<int64_t>(p.frame) * H + py) * W + px];
    ImGui::SetTooltip("clip %d, frame %d, pixel (y %d, x %d): %.4g", p.clip, p.frame, py, px, v);
  }
  // Film strip: every frame, the current one outlined; click to show it.
  const float small = std::clamp((ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * (T - 1)) / T, fs * 1.5f, fs * 4.0f);
  const int pl = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + ImGui::GetStyle().ItemSpacing.x) /
                                              (small + ImGui::GetStyle().ItemSpacing.x)));
  for (int t = 0; t < T; ++t) {
    if (t % pl) ImGui::SameLine();
    ImGui::PushID(t);
    uv(t, a, b);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    ImGui::Image(tex, ImVec2(small, small * static_cast<float>(H) / W), a, b);
    if (t == p.frame)
      ImGui::GetWindowDrawList()->AddRect(q, ImVec2(q.x + small, q.y + small * static_cast<float>(H) / W), IM_COL32(255, 255, 255, 255), 0, 0, 2.0f);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("frame %d (click to show it)", t);
    if (ImGui::IsItemClicked()) p.frame = t, p.auto_play = false;
    ImGui::PopID();
  }
}

// The sequences shown: samples first .. first + count - 1 of one split, each T x D, targets of P values.
struct SeqRange {
  const Dataset& d;
  const Tensor& X;
  const Tensor& Y;
  int T, D, P, first, count;
  int64_t per;  // T * D
  float x(int i, int t, int c) const { return X[static_cast<int64_t>(i) * per + static_cast<int64_t>(t) * D + c]; }
};

// One-hot character windows back to text: the window, then the character the net must predict.
void draw_text_windows(const SeqRange& r) {
  if (ImFont* mono = ui::mono_font()) ImGui::PushFont(mono);
  for (int k = 0; k < r.count; ++k) {
    const int i = r.first + k;
    std::string w;
    for (int t = 0; t < r.T; ++t) {
      const float* row = r.X.data() + static_cast<int64_t>(i) * r.per + static_cast<int64_t>(t) * r.D;
      const int c = static_cast<int>(std::max_element(row, row + r.D) - row);
      const std::string ch = class_name(r.d, c);
      w += ch == "\\n" ? std::string(" ") : ch;
    }
    const int target = static_cast<int>(r.Y[i]);
    ImGui::Text("%5d  \"%s\"", i, w.c_str());
    ImGui::SameLine();
    ImGui::TextColored(ui::kOkColor, "-> '%s'", class_name(r.d, target).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the next character after the window: '%s' (class %d of %d)",
                                                  class_name(r.d, target).c_str(), target, r.d.num_classes);
  }
  if (ui::mono_font()) ImGui::PopFont();
  ImGui::TextColored(ui::kDimColor, "%d characters in the vocabulary; each step's input is a one-hot vector of %d.", r.D, r.D);
}

// One-hot (or any) inputs of a classification as heatmaps: rows = input channels, columns = time steps.
void draw_sequence_heatmaps(const SeqRange& r, Split split, uint64_t data_rev, Gfx& gfx) {
  const float fs = ImGui::GetFontSize();
  for (int k = 0; k < r.count; ++k) {
    const int i = r.first + k;
    std::vector<float> g(static_cast<size_t>(r.D) * r.T);
    for (int t = 0; t < r.T; ++t)
      for (int c = 0; c < r.D; ++c) g[static_cast<size_t>(c) * r.T + t] = r.x(i, t, c);
    const int target = static_cast<int>(r.Y[i]);
    ImGui::PushID(k);
    ImGui::Text("sequence %d:", i);
    ImGui::SameLine();
    ImGui::TextColored(ui::class_color(target), "target %s", class_name(r.d, target).c_str());
    ui::HeatmapDesc hd;
    hd.id = "##seq";
    hd.slot = slot_of(TexSlot::DataView, 1 + k);
    hd.key = gfx_key({data_rev, static_cast<uint64_t>(split), static_cast<uint64_t>(i), 3});
    hd.map = ui::ColorMap::Gray;
    const float cell = std::clamp(ImGui::GetContentRegionAvail().x / static_cast<float>(r.T), 2.0f, fs * 1.2f);
    hd.size = ImVec2(cell * static_cast<float>(r.T), std::min(cell * static_cast<float>(r.D), fs * 8.0f));
    hd.tooltip = false;
    ui::HeatmapHover h = ui::heatmap(gfx, hd, g.data(), r.D, r.T);
    if (h.hovered) ImGui::SetTooltip("t %d, input channel %d: %.4g", h.col, h.row, h.value);
    ImGui::PopID();
  }
  ImGui::TextColored(ui::kDimColor, "Rows: input channels; columns: time steps (white = 1).");
}

// Adding problem: one small plot per sequence (the values and the two markers), the target as the sum.
void draw_adding_sequences(const SeqRange& r) {
  const float fs = ImGui::GetFontSize();
  const size_t T = static_cast<size_t>(r.T);
  for (int k = 0; k < r.count; ++k) {
    const int i = r.first + k;
    std::vector<float> ts(T), val(T), mark(T);
    std::string sum;
    for (size_t t = 0; t < T; ++t) {
      ts[t] = static_cast<float>(t);
      val[t] = r.x(i, static_cast<int>(t), 0);
      mark[t] = r.x(i, static_cast<int>(t), 1);
      if (mark[t] > 0.5f) {
        char b[48];
        std::snprintf(b, sizeof b, "%s%.3f (t %d)", sum.empty() ? "" : " + ", val[t], static_cast<int>(t));
        sum += b;
      }
    }
    ImGui::PushID(k);
    ImGui::Text("sequence %d:", i);
    ImGui::SameLine();
    ImGui::TextColored(ui::kOkColor, "target = %s = %.4g", sum.c_str(), r.P > 0 ? r.Y[static_cast<int64_t>(i) * r.P] : 0.0f);
    ui::PlotDesc pd;
    pd.id = "##adding";
    pd.size = ImVec2(-1, fs * 6.5f);
    pd.y_min_fixed = 0.0f;  // values are U(0, 1), markers 0 or 1
    pd.y_max_fixed = 1.0f;
    pd.x_label = "t";
    ui::line_plot(pd, {{"value", ts.data(), val.data(), r.T, ui::class_color(0), false},
                       {"marker", ts.data(), mark.data(), r.T, ui::class_color(1), false}});
    ImGui::PopID();
  }
}

// Other regressions (sine): inputs over time (solid) and the targets after them (dashed, or a dot).
void draw_regression_sequences(const SeqRange& r) {
  const float fs = ImGui::GetFontSize();
  std::vector<std::vector<float>> xs, ys;
  std::vector<ui::Series> series;
  for (int k = 0; k < r.count; ++k) {
    const int i = r.first + k;
    std::vector<float> x(static_cast<size_t>(r.T)), y(static_cast<size_t>(r.T));
    for (int t = 0; t < r.T; ++t) {
      x[static_cast<size_t>(t)] = static_cast<float>(t);
      y[static_cast<size_t>(t)] = r.x(i, t, 0);  // channel 0
    }
    xs.push_back(std::move(x));
    ys.push_back(std::move(y));
    std::vector<float> tx(static_cast<size_t>(r.P)), ty(static_cast<size_t>(r.P));
    for (int q = 0; q < r.P; ++q) {
      tx[static_cast<size_t>(q)] = static_cast<float>(r.T + q);
      ty[static_cast<size_t>(q)] = r.Y[static_cast<int64_t>(i) * r.P + q];
    }
    xs.push_back(std::move(tx));
    ys.push_back(std::move(ty));
  }
  for (int k = 0; k < r.count; ++k) {
    const int i = r.first + k;
    const size_t j = static_cast<size_t>(k) * 2;
    series.push_back({"input #" + std::to_string(i), xs[j].data(), ys[j].data(), r.T, ui::class_color(k), false});
    series.push_back({"target #" + std::to_string(i), xs[j + 1].data(), ys[j + 1].data(), r.P, ui::class_color(k), true});
  }
  ui::PlotDesc pd;
  pd.id = "##seq_plot";
  pd.size = ImVec2(-1, std::clamp(ImGui::GetContentRegionAvail().y - fs * (2.5f + static_cast<float>(r.count)), fs * 8.0f, fs * 16.0f));
  pd.x_label = "t";
  ui::line_plot(pd, series);
  // The targets as numbers (the plot's last dots sit on its right edge).
  for (int k = 0; k < r.count; ++k) {
    const int i = r.first + k;
    std::string v;
    for (int q = 0; q < std::min(r.P, 8); ++q) {
      char b[24];
      std::snprintf(b, sizeof b, "%s%.3f", q ? ", " : "", r.Y[static_cast<int64_t>(i) * r.P + q]);
      v += b;
    }
    if (r.P > 8) v += ", ...";
    ImGui::TextColored(ui::class_color(k), "#%d predict next: %s", i, v.c_str());
  }
  ImGui::TextColored(ui::kDimColor, "Solid: the input sequence (channel 0); dashed / dot: the value(s) the net must predict next.");
}

void draw_sequences(DataViewPanel& p, const Dataset& d, Split split, uint64_t data_rev, Gfx& gfx) {
  const Tensor& X = d.x(split);
  const Shape s = d.sample_shape();  // T x D
  const int N = X.rank() ? X.dim(0) : 0;
  if (N == 0) return;
  const float fs = ImGui::GetFontSize();
  const bool text = d.kind == DataKind::CharText;
  const bool adding = d.kind == DataKind::Adding;
  const int max_count = text ? kMaxTextWindows : (d.is_classification() || adding ? kMaxHeatmapsShown : kMaxSequencesShown);
  int& shown = text ? p.text_windows : p.sequences;
  shown = std::clamp(shown, 1, max_count);
  p.first_sequence = std::clamp(p.first_sequence, 0, N - 1);
  ImGui::SetNextItemWidth(fs * 10);
  ui::slider_int("##first_seq", &p.first_sequence, 0, N - 1, "from sequence %d");
  ui::tooltip("The first example shown; the next ones follow.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 6);
  ui::slider_int("##seq_count", &shown, 1, max_count, "%d shown");
  ui::tooltip("How many examples to show.");
  const int P = d.is_classification() ? 0 : static_cast<int>(d.target_shape().numel());
  const SeqRange r{d, X, d.y(split), s[0], s[1], P, p.first_sequence, std::min(shown, N - p.first_sequence),
                   static_cast<int64_t>(s[0]) * s[1]};
  if (text) draw_text_windows(r);
  else if (d.is_classification()) draw_sequence_heatmaps(r, split, data_rev, gfx);
  else if (adding && r.D == 2) draw_adding_sequences(r);
  else draw_regression_sequences(r);
}
}  // namespace

void draw_data_view_panel(DataViewPanel& p, const Session& session, Gfx& gfx) {
  const TrainLab& lab = session.train();
  const Dataset* d = lab.data();
  if (!d) {
    ImGui::TextColored(ui::kDimColor, "%s", lab.error().empty() ? "No data set loaded yet." : lab.error().c_str());
    return;
  }
  const Shape s = d->sample_shape();
  if (s.rank() < 2) return;  // 2D points: the App's scatter shows them
  ImGui::Checkbox("Test split", &p.test_split);
  ui::tooltip("Show the held-out test examples instead of the training examples.");
  char info[160];
  std::snprintf(info, sizeof info, "%s: %d training and %d test examples of %s", d->name.c_str(), d->num_train(), d->num_test(),
                s.str().c_str());
  ui::same_line_if_fits(ImGui::CalcTextSize(info).x);
  ImGui::TextColored(ui::kDimColor, "%s", info);
  const Split split = p.test_split ? Split::Test : Split::Train;
  const uint64_t rev = lab.data_revision();
  if (s.rank() == 3) draw_images(p, *d, split, rev, gfx);
  else if (s.rank() == 4) draw_video(p, *d, split, rev, gfx);
  else if (s.rank() == 2) draw_sequences(p, *d, split, rev, gfx);
}

}  // namespace gl
