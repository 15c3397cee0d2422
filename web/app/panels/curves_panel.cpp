// Builds plot series from the trainer's histories (the engine's numbers, nothing recomputed here).
#include "web/app/panels/curves_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "web/app/widgets/plot.h"
#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
std::vector<float> to_float(const std::vector<int>& v) { return std::vector<float>(v.begin(), v.end()); }

// The data loss (batch, train, test) and the accuracies of the full-set evaluations, side by side.
void draw_loss_and_accuracy(const CurvesPanel& panel, const Trainer* tr, float half_w, float plot_h) {
  const auto& h = tr->history();
  const auto& ev = tr->evals();
  std::vector<float> hs(h.size()), hl(h.size()), es(ev.size()), etr(ev.size()), ete(ev.size()), atr(ev.size()),
      ate(ev.size());
  for (size_t i = 0; i < h.size(); ++i) {
    hs[i] = static_cast<float>(h[i].step);
    hl[i] = h[i].loss_data;
  }
  bool has_acc = false;
  for (size_t i = 0; i < ev.size(); ++i) {
    es[i] = static_cast<float>(ev[i].step);
    etr[i] = ev[i].loss_train;
    ete[i] = ev[i].loss_test;
    atr[i] = ev[i].acc_train;
    ate[i] = ev[i].acc_test;
    has_acc |= std::isfinite(ev[i].acc_train);
  }
  ui::PlotDesc loss{};
  loss.id = "##loss";
  loss.size = ImVec2(half_w, plot_h);
  loss.log_y = panel.log_loss;
  loss.y_label = "loss";
  std::vector<ui::Series> ls = {
      {"batch loss (smoothed)", hs.data(), hl.data(), static_cast<int>(hs.size()), ui::kDimColor},
      {"train loss", es.data(), etr.data(), static_cast<int>(es.size()), ui::kTrainColor},
      {"test loss", es.data(), ete.data(), static_cast<int>(es.size()), ui::kTestColor, true}};  // dashed: not by hue alone
  // Smoothing applies to the noisy batch curve only.
  ui::PlotDesc raw = loss;
  raw.smoothing = panel.smoothing;
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Data loss");
  ui::line_plot(raw, ls);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (has_acc) {
    ImGui::TextUnformatted("Accuracy (full sets)");
    ui::help_marker("Loss and accuracy can disagree: accuracy only asks whether the right class has the top score, "
                    "while the loss also rewards how confident (softmax) or how far past the margin (SVM) it is.");
    ui::PlotDesc acc = loss;
    acc.id = "##acc";
    acc.log_y = false;
    acc.y_min_fixed = 0.0f;
    acc.y_max_fixed = 1.0f;
    ui::line_plot(acc, {{"train", es.data(), atr.data(), static_cast<int>(es.size()), ui::kTrainColor},
                        {"test", es.data(), ate.data(), static_cast<int>(es.size()), ui::kTestColor, true}});
  } else if (tr->data().is_classification()) {  // before the first full-set evaluation
    ImGui::TextUnformatted("Accuracy (full sets)");
    const int every = tr->desc().eval_every;
    if (tr->eval_pending()) ImGui::TextColored(ui::kDimColor, "evaluating the full sets ...");
    else if (every > 0) ImGui::TextColored(ui::kDimColor, "first evaluated at step %d", every);
    else ImGui::TextColored(ui::kDimColor, "first evaluated at the end of the first epoch");
  } else {
    ImGui::TextUnformatted("Regression: see the loss");
  }
  ImGui::EndGroup();

}

// Gradient norm of each layer over time, and per time step for recurrent layers.
void draw_grad_norms(CurvesPanel& panel, const TrainLab& lab, const Trainer* tr, float half_w, float plot_h) {
  const float fs = ImGui::GetFontSize();
  const auto& gsteps = lab.grad_norm_steps();
  const auto& ghist = lab.grad_norm_history();
  const auto& stats = tr->layer_stats();
  ImGui::TextUnformatted("Gradient norm per layer");
  ui::help_marker("||dL/dW|| of each layer's weights over time. Norms that shrink toward the input layers mean "
                  "vanishing gradients; norms that blow up mean exploding gradients (try clipping).");
  ImGui::SameLine();
  ImGui::Checkbox("log scale##g", &panel.log_grads);
  std::vector<ui::Series> gs;
  std::vector<std::string> labels;
  labels.reserve(stats.size());
  for (size_t i = 0; i < stats.size() && i < ghist.size(); ++i) {
    if (!stats[i].has_params) continue;
    labels.push_back(std::to_string(i) + " " + stats[i].kind);
    const int k = static_cast<int>(gs.size());  // past eight layers: lighter colours, dashed
    gs.push_back({labels.back(), gsteps.data(), ghist[i].data(), static_cast<int>(ghist[i].size()), ui::many_series_color(k), k >= 8});
  }
  // Recurrent layers add the gradient norm per time step of the last batch, below.
  std::vector<float> ts;
  std::vector<ui::Series> tseries;
  for (size_t i = 0; i < stats.size(); ++i) {
    const auto& hn = stats[i].hidden_grad_norms;
    if (hn.empty()) continue;
    if (ts.size() < hn.size())
      for (size_t t = ts.size(); t < hn.size(); ++t) ts.push_back(static_cast<float>(t + 1));
    tseries.push_back({std::to_string(i) + " " + stats[i].kind, ts.data(), hn.data(), static_cast<int>(hn.size()),
                       ui::many_series_color(static_cast<int>(tseries.size())), tseries.size() >= 8});
  }
  for (auto& ser : tseries) ser.x = ts.data();  // ts may have grown after a series took its pointer
  ui::PlotDesc gd{};
  gd.id = "##gn";
  gd.size = ImVec2(half_w, tseries.empty() ? plot_h : (plot_h - fs * 1.6f) * 0.5f);
  gd.log_y = panel.log_grads;
  ImGui::BeginGroup();
  ui::line_plot(gd, gs);
  if (!tseries.empty()) {
    ImGui::TextUnformatted("Gradient norm per time step (last batch)");
    ui::help_marker("||dL/dh_t||: how much gradient reaches the hidden state at step t, from the loss and from later "
                    "steps. In a vanilla RNN it shrinks quickly going back in time (vanishing gradients), so early "
                    "inputs barely shape learning; LSTM and GRU keep it alive. If it grows toward early steps the "
                    "gradients explode: clip them.");
    ui::PlotDesc td = gd;
    td.id = "##gnt";
    td.x_label = "time step t";
    ui::line_plot(td, tseries);
  }
  ImGui::EndGroup();

}

// Histograms of one layer's activations, weights and gradients.
void draw_layer_histograms(CurvesPanel& panel, const Trainer* tr, float half_w, float plot_h) {
  const float fs = ImGui::GetFontSize();
  const auto& stats = tr->layer_stats();
  ImGui::BeginGroup();
  if (!stats.empty()) {
    panel.layer = std::clamp(panel.layer, 0, static_cast<int>(stats.size()) - 1);
    std::string cur = std::to_string(panel.layer) + " " + stats[static_cast<size_t>(panel.layer)].kind;
    ImGui::SetNextItemWidth(fs * 9);
    if (ImGui::BeginCombo("layer##hist", cur.c_str())) {
      for (size_t i = 0; i < stats.size(); ++i) {
        std::string name = std::to_string(i) + " " + stats[i].kind;
        if (ImGui::Selectable(name.c_str(), static_cast<int>(i) == panel.layer)) panel.layer = static_cast<int>(i);
      }
      ImGui::EndCombo();
    }
    ui::tooltip("Which engine layer's histograms to show (statistics are refreshed every few steps).");
    const LayerStats& s = stats[static_cast<size_t>(panel.layer)];
    if (s.has_params) {
      ImGui::SameLine();
      ImGui::Text("|W| %.3g  |dW| %.3g  update/weight %.1e", s.weight_norm, s.grad_norm, s.update_ratio);
      ui::tooltip("Weight norm, gradient norm, and the size of the last update relative to the weights (about 1e-3 is healthy).");
    }
    const float hh = (plot_h - fs * 1.5f) / (s.has_params ? 3.0f : 1.0f);
    auto hist = [&](const char* label, const Histogram& hg, ImVec4 col) {
      ImGui::TextColored(ui::kDimColor, "%s", label);
      ui::histogram(label, to_float(hg.counts), hg.lo, hg.hi, ImVec2(half_w, std::max(hh - fs, fs * 2)), col);
    };
    hist("activations (layer output)", s.acts, ImVec4(0.5f, 0.8f, 0.5f, 1));
    if (s.has_params) {
      hist("weights", s.weights, ImVec4(0.35f, 0.7f, 1.0f, 1));
      hist("gradients", s.grads, ImVec4(1.0f, 0.55f, 0.4f, 1));
    }
  }
  ImGui::EndGroup();
}

}  // namespace

void draw_curves_panel(CurvesPanel& panel, const Session& session, Intents& intents) {
  (void)intents;
  const Trainer* tr = session.train().trainer();
  if (!tr) {
    ImGui::TextUnformatted("No model is training yet.");
    return;
  }
  if (const std::string& err = session.train().error(); !err.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    // The lab keeps the previous trainer after a failed rebuild: its history is still worth seeing.
    ImGui::TextColored(ui::kErrorColor, "Curves of the last network that trained; the current one cannot: %s",
                       err.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Checkbox("log-scale loss", &panel.log_loss);
  ui::tooltip("Plot the loss on a log axis: slow late progress and the effect of the learning rate are easier to see.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ui::slider_float("smoothing", &panel.smoothing, 0.0f, 0.99f, "%.2f");
  ui::tooltip("Exponential moving average of the per-step mini-batch loss (the raw curve is noisy because each step sees a different batch).");

  const float fs = ImGui::GetFontSize();
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float plot_h = std::max(fs * 8, (avail_h - fs * 5) / 2.0f);  // two rows of plots
  const float half_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;

  draw_loss_and_accuracy(panel, tr, half_w, plot_h);
  draw_grad_norms(panel, session.train(), tr, half_w, plot_h);
  ImGui::SameLine();
  draw_layer_histograms(panel, tr, half_w, plot_h);
}

}  // namespace gl
