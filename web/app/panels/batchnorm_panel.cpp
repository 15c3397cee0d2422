// The "Batch norm" tab: update_batchnorm_panel runs a probe batch (probe_forward, train or eval mode) and
// collects per-channel statistics of every BN layer's input and output plus its running statistics and
// gamma / beta; draw_batchnorm_panel shows them as paired bar charts, a table and two histograms.
#include "web/app/panels/batchnorm_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/session/probe.h"
#include "web/app/widgets/plot.h"
#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
constexpr double kRefreshMs = 200.0;  // at most this often while training runs
constexpr int kMaxBatch = 512;
const ImVec4 kBatchColor{0.45f, 0.85f, 0.45f, 1}, kRunningColor{0.85f, 0.50f, 1.00f, 1};
const ImVec4 kGammaColor{1.00f, 0.75f, 0.20f, 1}, kBetaColor{0.35f, 0.75f, 1.00f, 1};
const ImVec4 kBeforeColor{0.62f, 0.64f, 0.68f, 1}, kAfterColor{0.45f, 0.85f, 0.45f, 1};

// The probe batch size: the panel's, or the training batch size; at most the training set and kMaxBatch.
int batch_size(const BatchNormPanel& p, const TrainLab& lab) {
  const int n = lab.data() ? lab.data()->num_train() : 0;
  int b = p.batch > 0 ? p.batch : (lab.trainer() ? lab.trainer()->desc().batch_size : 32);
  return std::clamp(b, 2, std::max(2, std::min(kMaxBatch, n)));
}

// Two bars per channel (a left, b right) from a zero line; hover shows both values.
void paired_bars(const char* id, const std::vector<float>& a, const std::vector<float>& b, const char* name_a,
                 const char* name_b, ImVec4 ca, ImVec4 cb, ImVec2 size) {
  ImGui::PushID(id);
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##bars", size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  const ImVec2 lo_corner(p0.x, p0.y + fs * 1.2f), hi_corner(p0.x + size.x, p0.y + size.y);
  dl->AddRectFilled(lo_corner, hi_corner, IM_COL32(24, 26, 30, 255));
  const int C = static_cast<int>(std::min(a.size(), b.size()));
  float vlo = 0, vhi = 0;
  for (int c = 0; c < C; ++c) {
    vlo = std::min({vlo, a[static_cast<size_t>(c)], b[static_cast<size_t>(c)]});
    vhi = std::max({vhi, a[static_cast<size_t>(c)], b[static_cast<size_t>(c)]});
  }
  if (!(vhi > vlo)) vhi = vlo + 1;
  const float top = lo_corner.y + 2, bottom = hi_corner.y - 2;
  auto y_of = [&](float v) { return bottom - (v - vlo) / (vhi - vlo) * (bottom - top); };
  const float y0 = y_of(0.0f), slot = (hi_corner.x - lo_corner.x) / static_cast<float>(std::max(C, 1));
  const ImU32 col_a = ImGui::ColorConvertFloat4ToU32(ca), col_b = ImGui::ColorConvertFloat4ToU32(cb);
  for (int c = 0; c < C; ++c) {
    const float x = lo_corner.x + slot * static_cast<float>(c), bw = std::max(slot * 0.4f, 1.0f);
    const float ya = y_of(a[static_cast<size_t>(c)]), yb = y_of(b[static_cast<size_t>(c)]);
    dl->AddRectFilled(ImVec2(x + slot * 0.08f, std::min(ya, y0)), ImVec2(x + slot * 0.08f + bw, std::max(ya, y0) + 0.5f), col_a);
    dl->AddRectFilled(ImVec2(x + slot * 0.52f, std::min(yb, y0)), ImVec2(x + slot * 0.52f + bw, std::max(yb, y0) + 0.5f), col_b);
  }
  dl->AddLine(ImVec2(lo_corner.x, y0), ImVec2(hi_corner.x, y0), IM_COL32(255, 255, 255, 60));
  // Legend and range above the plot.
  char range[64];
  std::snprintf(range, sizeof range, "%.3g .. %.3g", vlo, vhi);
  const ImU32 text = IM_COL32(160, 165, 175, 255);
  float lx = p0.x;
  dl->AddRectFilled(ImVec2(lx, p0.y + fs * 0.3f), ImVec2(lx + fs * 0.6f, p0.y + fs * 0.9f), col_a);
  dl->AddText(ImVec2(lx + fs * 0.8f, p0.y), text, name_a);
  lx += fs * 1.4f + ImGui::CalcTextSize(name_a).x;
  dl->AddRectFilled(ImVec2(lx, p0.y + fs * 0.3f), ImVec2(lx + fs * 0.6f, p0.y + fs * 0.9f), col_b);
  dl->AddText(ImVec2(lx + fs * 0.8f, p0.y), text, name_b);
  const float legend_end = lx + fs * 0.8f + ImGui::CalcTextSize(name_b).x + fs * 0.5f;
  if (legend_end + ImGui::CalcTextSize(range).x <= hi_corner.x)  // the range is also in the hover text
    dl->AddText(ImVec2(hi_corner.x - ImGui::CalcTextSize(range).x, p0.y), text, range);
  if (ImGui::IsItemHovered() && C > 0) {
    const float mx = ImGui::GetIO().MousePos.x;
    const int c = std::clamp(static_cast<int>((mx - lo_corner.x) / slot), 0, C - 1);
    dl->AddRect(ImVec2(lo_corner.x + slot * static_cast<float>(c), top), ImVec2(lo_corner.x + slot * static_cast<float>(c + 1), bottom),
                IM_COL32(255, 255, 255, 90));
    ImGui::SetTooltip("channel %d\n%s: %.5g\n%s: %.5g\n(bars from %.3g to %.3g)", c, name_a, a[static_cast<size_t>(c)], name_b,
                      b[static_cast<size_t>(c)], vlo, vhi);
  }
  ImGui::PopID();
}

void draw_layer(BatchNormPanel& p, const BnSnapshot& s, const BnLayerView& v) {
  const float fs = ImGui::GetFontSize();
  ImGui::TextColored(ui::kDimColor, "%d channels, each normalised over %lld values of this batch", v.channels,
                     static_cast<long long>(v.per_channel));
  ui::help_marker("Train mode: each channel is normalised with the mean and variance of the current batch "
                  "(green), then scaled by gamma and shifted by beta, so each output channel has mean beta and std "
                  "gamma (bottom right). The running mean / variance (purple) follow the batches as running = "
                  "0.9 x running + 0.1 x batch (PyTorch's momentum 0.1, unbiased variance). Eval mode uses the "
                  "running statistics instead, so one example's output no longer depends on the rest of the batch.");
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  const ImVec2 bsz(half, fs * 6.5f);
  paired_bars("##mean", v.batch_mean, v.running_mean, "batch mean", "running mean", kBatchColor, kRunningColor, bsz);
  ImGui::SameLine();
  paired_bars("##var", v.batch_var, v.running_var, "batch var", "running var", kBatchColor, kRunningColor, bsz);
  paired_bars("##gb", v.gamma, v.beta, "gamma (scale)", "beta (shift)", kGammaColor, kBetaColor, bsz);
  ImGui::SameLine();
  paired_bars("##out", v.out_mean, v.out_std, "output mean", "output std", kBetaColor, kGammaColor, bsz);

  // Histograms of the selected channel before and after the layer.
  ImGui::SetNextItemWidth(fs * 9);
  char cur[32];
  if (p.channel < 0) std::snprintf(cur, sizeof cur, "all channels");
  else std::snprintf(cur, sizeof cur, "channel %d", p.channel);
  if (ImGui::BeginCombo("##channel", cur)) {
    if (ImGui::Selectable("all channels", p.channel < 0)) p.channel = -1;
    for (int c = 0; c < v.channels; ++c) {
      ImGui::PushID(c);
      char lab[32];
      std::snprintf(lab, sizeof lab, "channel %d", c);
      if (ImGui::Selectable(lab, p.channel == c)) p.channel = c;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ui::tooltip("Which channel's values the histograms below count (all channels pooled, or one).");
  char what[64];
  std::snprintf(what, sizeof what, "activations of this batch (%s mode)", s.train_mode ? "train" : "eval");
  ui::same_line_if_fits(ImGui::CalcTextSize(what).x);
  ImGui::TextColored(ui::kDimColor, "%s", what);
  const ImVec2 hsz(half, fs * 6.0f);
  ImGui::BeginGroup();
  ImGui::TextColored(kBeforeColor, "before BN: mean %.3g, std %.3g", s.before.mean, s.before.std);
  ui::histogram("##before", s.before.counts, s.before.lo, s.before.hi, hsz, kBeforeColor);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextColored(kAfterColor, "after BN: mean %.3g, std %.3g", s.after.mean, s.after.std);
  ui::histogram("##after", s.after.counts, s.after.lo, s.after.hi, hsz, kAfterColor);
  ImGui::EndGroup();

  // Every number as a table.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
  const float table_h = std::max(ImGui::GetContentRegionAvail().y, fs * 8.0f);
  if (ImGui::BeginTable("##bn_table", 9, flags, ImVec2(0, table_h))) {
    ImGui::TableSetupScrollFreeze(1, 1);
    const char* heads[] = {"ch", "batch mean", "running mean", "batch var", "running var", "gamma", "beta", "out mean", "out std"};
    for (const char* h : heads) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    const std::vector<float>* cols[] = {&v.batch_mean, &v.running_mean, &v.batch_var, &v.running_var,
                                        &v.gamma,      &v.beta,         &v.out_mean,  &v.out_std};
    ImGuiListClipper clip;
    clip.Begin(v.channels);
    while (clip.Step())
      for (int c = clip.DisplayStart; c < clip.DisplayEnd; ++c) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", c);
        for (const std::vector<float>* col : cols) {
          ImGui::TableNextColumn();
          if (static_cast<size_t>(c) < col->size()) ImGui::Text("%.5g", (*col)[static_cast<size_t>(c)]);
        }
      }
    ImGui::EndTable();
  }
}
}  // namespace

void update_batchnorm_panel(BatchNormPanel& p, const Session& session, double dt_ms) {
  const TrainLab& lab = session.train();
  const Dataset* d = lab.data();
  if (p.next_batch) {
    p.next_batch = false;
    if (d && d->num_train() > 0) p.offset = (p.offset + batch_size(p, lab)) % d->num_train();
  }
  p.refresh.tick(dt_ms);
  if (!p.visible) return;
  const Trainer* tr = lab.trainer();
  const int B = batch_size(p, lab);
  const uint64_t key = gfx_key({lab.model_revision(), lab.data_revision(), static_cast<uint64_t>(B),
                                static_cast<uint64_t>(p.offset), static_cast<uint64_t>(p.selected),
                                static_cast<uint64_t>(p.channel), p.train_mode});
  if (!p.refresh.due(key, tr ? tr->steps() : -1, kRefreshMs)) return;
  p.snap = probe_batchnorm(lab, BnProbeDesc{p.train_mode, B, p.offset, p.selected, p.channel});
}

void draw_batchnorm_panel(BatchNormPanel& p, const Session& session, Gfx& gfx, Intents& intents) {
  (void)gfx;
  const BnSnapshot& s = p.snap;
  const float fs = ImGui::GetFontSize();
  if (!s.computed) {
    ImGui::TextColored(ui::kDimColor, "Running a batch through the network...");
    return;
  }
  // Mode and batch.
  if (ImGui::RadioButton("train mode", p.train_mode)) p.train_mode = true;
  ui::tooltip("Run the batch as training does: every BN layer normalises with this batch's own mean and variance.");
  ImGui::SameLine();
  if (ImGui::RadioButton("eval mode", !p.train_mode)) p.train_mode = false;
  ui::tooltip("Run the batch as testing does: every BN layer normalises with its running mean and variance.");
  ui::same_line_if_fits(fs * 8);
  const int n_train = session.train().data() ? session.train().data()->num_train() : 0;
  int b = s.batch;
  ImGui::SetNextItemWidth(fs * 8);
  if (ui::slider_int("##batch", &b, 2, std::max(2, std::min(kMaxBatch, n_train)), "batch %d")) p.batch = b;
  ui::tooltip("How many training examples the probe batch holds. Small batches give noisy batch statistics; "
              "that noise is part of why BN regularises. The default is the training batch size.");
  ui::same_line_if_fits(ImGui::CalcTextSize("Next batch").x + fs);
  if (ImGui::Button("Next batch")) p.next_batch = true;
  ui::tooltip("Use the next training examples: the batch mean and variance change, the running ones do not.");
  if (s.batch > 0) {
    char info[96];
    std::snprintf(info, sizeof info, "training examples %d..%d, step %lld", s.offset,
                  (s.offset + s.batch - 1) % std::max(n_train, 1), static_cast<long long>(s.step));
    ui::same_line_if_fits(ImGui::CalcTextSize(info).x);
    ImGui::TextColored(ui::kDimColor, "%s", info);
  }
  if (!s.message.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(s.suggestion.empty() ? ui::kErrorColor : ui::kDimColor, "%s", s.message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!s.suggestion.empty()) {
    ImGui::TextUnformatted("Try a network with batch norm, for example:");
    if (ImFont* mono = ui::mono_font()) ImGui::PushFont(mono);
    ImGui::BeginChild("##suggestion", ImVec2(fs * 18, ImGui::GetTextLineHeightWithSpacing() * 8.5f), true);
    ImGui::TextUnformatted(s.suggestion.c_str());
    ImGui::EndChild();
    if (ui::mono_font()) ImGui::PopFont();
    if (ImGui::Button("Use this network")) intents.spec_text = s.suggestion;
    ui::tooltip("Replace the network in the editor with this one (the model is rebuilt and training restarts).");
    return;
  }
  if (s.layers.empty()) return;
  // Which BN layer.
  if (s.layers.size() > 1) {
    for (size_t i = 0; i < s.layers.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (i) ImGui::SameLine();
      char lab[64];
      std::snprintf(lab, sizeof lab, "BN #%d (line %d)", static_cast<int>(i) + 1, s.layers[i].line);
      if (ImGui::RadioButton(lab, s.selected == static_cast<int>(i))) p.selected = static_cast<int>(i);
      ui::tooltip("Show this batch-norm layer (counted from the input).");
      ImGui::PopID();
    }
  } else {
    ImGui::Text("BN on line %d of the network", s.layers.front().line);
  }
  draw_layer(p, s, s.layers[static_cast<size_t>(s.selected)]);
}

}  // namespace gl
