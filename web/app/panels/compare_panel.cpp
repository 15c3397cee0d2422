// Draws the comparison: the choice of setting, Start / Pause / Rebuild, the overlaid curves and a table per
// run; choices become intents (Session::apply builds the runs, Session::advance_compare trains them).
#include "web/app/panels/compare_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "web/app/widgets/plot.h"
#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {

constexpr float kNiceLrs[] = {1e-4f, 3e-4f, 1e-3f, 3e-3f, 1e-2f, 3e-2f, 0.1f, 0.3f, 1.0f, 3.0f};
constexpr int kNumNiceLrs = IM_ARRAYSIZE(kNiceLrs);
static_assert(kNumNiceLrs == kCompareNiceLrs, "links read cmpfrom against kCompareNiceLrs");

const char* kKindNames[] = {"Learning rates", "Optimizers", "Batch sizes", "L2 strength"};
static_assert(IM_ARRAYSIZE(kKindNames) == static_cast<int>(CompareKind::Count));
const char* kKindTips[] = {
    "The same network trained with several learning rates. Too small: the loss creeps down; too large: it "
    "bounces or blows up (diverges).",
    "Plain SGD vs SGD with momentum (mu = 0.9) vs Adam, each with PyTorch's default learning rate (0.01, "
    "0.01, 0.001).",
    "Minibatches of 8, 32 and 128 samples. Small batches give noisy gradient estimates (a noisy loss curve) "
    "but many more updates per epoch.",
    "L2 regularisation 0.5 * lambda * |W|^2 with lambda = 0, 0.001 and 0.1: a larger lambda keeps weights "
    "small and can close the gap between train and test loss (or underfit)."};
const char* kCurveNames[] = {"batch loss", "train loss (full set)", "test loss", "train accuracy", "test accuracy"};


}  // namespace

CompareDesc compare_desc_of(const ComparePanel& panel) {
  CompareDesc d;
  d.kind = static_cast<CompareKind>(std::clamp(panel.kind, 0, static_cast<int>(CompareKind::Count) - 1));
  d.lrs.clear();
  const int from = std::clamp(panel.lr_from, 0, kNumNiceLrs - 1);
  for (int i = from; i < from + panel.lr_count && i < kNumNiceLrs; ++i) d.lrs.push_back(kNiceLrs[i]);
  return d;
}

namespace {

// The setting compared, the sweep's range, play / rebuild, the step limit.
void draw_compare_choice(ComparePanel& panel, const CompareLab& lab, Intents& intents) {
  const RunGroup* group = lab.group();
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(fs * 9);
  if (ImGui::BeginCombo("##compare_kind", kKindNames[std::clamp(panel.kind, 0, 3)])) {
    for (int k = 0; k < IM_ARRAYSIZE(kKindNames); ++k) {
      if (ImGui::Selectable(kKindNames[k], k == panel.kind)) {
        panel.kind = k;
        intents.compare_build = compare_desc_of(panel);
      }
      ui::tooltip(kKindTips[k]);
    }
    ImGui::EndCombo();
  }
  ui::tooltip("Which single setting differs between the runs. Everything else (spec, data, seed, initial "
              "weights, batch order) is identical, so the curves differ only because of it.");
  if (static_cast<CompareKind>(panel.kind) == CompareKind::LrSweep) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 6);
    char cur[32];
    std::snprintf(cur, sizeof cur, "from %g", kNiceLrs[std::clamp(panel.lr_from, 0, kNumNiceLrs - 1)]);
    if (ImGui::BeginCombo("##lr_from", cur)) {
      for (int i = 0; i < kNumNiceLrs; ++i) {
        char item[32];
        std::snprintf(item, sizeof item, "%g", kNiceLrs[i]);
        if (ImGui::Selectable(item, i == panel.lr_from)) {
          panel.lr_from = i;
          intents.compare_build = compare_desc_of(panel);
        }
      }
      ImGui::EndCombo();
    }
    ui::tooltip("The smallest learning rate of the sweep; each next run uses about 3x the previous one.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 6);
    if (ui::slider_int("##lr_count", &panel.lr_count, 2, 6, "%d runs")) intents.compare_build = compare_desc_of(panel);
    ui::tooltip("How many learning rates to try (the runs train one step each in turn, so more runs train more "
                "slowly).");
  }
  ImGui::SameLine();
  const bool can_play = group && !lab.finished();
  if (!can_play) ImGui::BeginDisabled();
  if (ImGui::Button(lab.playing() ? "Pause##cmp" : "Start##cmp")) intents.compare_play = !lab.playing();
  if (!can_play) ImGui::EndDisabled();
  ui::tooltip("Train all runs in lockstep: one step of each in turn, so every curve has the same number of steps.");
  ImGui::SameLine();
  if (ImGui::Button("Rebuild##cmp")) intents.compare_build = compare_desc_of(panel);
  ui::tooltip("Start the comparison again from fresh weights, with the current spec, data and training settings "
              "from the left column.");
  ImGui::SameLine();
  int max_steps = static_cast<int>(lab.max_steps);
  ImGui::SetNextItemWidth(fs * 8);
  if (ui::slider_int("##max_steps", &max_steps, 100, 20000, "%d steps", ImGuiSliderFlags_Logarithmic))
    intents.compare_max_steps = max_steps;
  ui::tooltip("How many steps each run trains before the comparison stops.");

}

// The curve chosen, one series per run, overlaid.
void draw_compare_plot(ComparePanel& panel, const RunGroup& g) {
  const RunGroup* group = &g;
  const float fs = ImGui::GetFontSize();
  const int n = group->size();
  ImGui::SetNextItemWidth(fs * 10);
  ImGui::Combo("##curve", &panel.curve, kCurveNames, IM_ARRAYSIZE(kCurveNames));
  ui::tooltip("Which curve to overlay: the data loss of every minibatch (noisy), or the full-set losses and "
              "accuracies evaluated at the end of every epoch.");
  const bool is_acc = panel.curve >= 3;
  ImGui::SameLine();
  if (is_acc) ImGui::BeginDisabled();
  ImGui::Checkbox("log scale##cmp", &panel.log_y);
  if (is_acc) ImGui::EndDisabled();
  ui::tooltip("Plot the loss on a log axis: early progress and small late improvements both stay visible.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 8);
  ui::slider_float("##smooth", &panel.smoothing, 0.0f, 0.99f, "smooth %.2f");
  ui::tooltip("Exponential moving average of the batch loss (as TensorBoard does): higher values hide the "
              "minibatch noise. The table shows raw values.");

  // One series per run.
  std::vector<std::vector<float>> xs(static_cast<size_t>(n)), ys(static_cast<size_t>(n));
  std::vector<ui::Series> series;
  for (int i = 0; i < n; ++i) {
    const Trainer& t = group->run(i);
    auto& x = xs[static_cast<size_t>(i)];
    auto& y = ys[static_cast<size_t>(i)];
    if (panel.curve == 0) {
      for (const StepRecord& r : t.history()) {
        x.push_back(static_cast<float>(r.step));
        y.push_back(r.loss_data);
      }
    } else {
      for (const EvalRecord& e : t.evals()) {
        x.push_back(static_cast<float>(e.step));
        y.push_back(panel.curve == 1 ? e.loss_train : panel.curve == 2 ? e.loss_test
                                                    : panel.curve == 3 ? e.acc_train : e.acc_test);
      }
    }
    series.push_back({group->label(i), x.data(), y.data(), static_cast<int>(x.size()), ui::series_color(i), t.diverged()});
  }
  const float row_h = ImGui::GetFrameHeightWithSpacing();
  const float table_h = row_h * static_cast<float>(n + 1) + fs * 0.5f;
  ui::PlotDesc pd{};
  pd.id = "##compare_plot";
  pd.size = ImVec2(-1, std::max(ImGui::GetContentRegionAvail().y - table_h, fs * 8));
  pd.log_y = panel.log_y && !is_acc;
  pd.smoothing = panel.curve == 0 ? panel.smoothing : 0.0f;
  pd.x_label = "step";
  pd.y_label = kCurveNames[panel.curve];
  if (is_acc) {
    pd.y_min_fixed = 0.0f;
    pd.y_max_fixed = 1.0f;
  }
  ui::line_plot(pd, series);

}

// ||W|| of a run's weights now: what L2 shrinks (the L2 sweep's point), shown for every comparison.
void weight_norm_cell(const CompareLab& lab, int run) {
  ImGui::Text("%.4g", lab.weight_norm(run));
  ui::tooltip("Weight norm ||W||: the square root of the sum of squared weights (biases and batch-norm parameters "
              "excluded), the quantity L2 regularisation 0.5 * lambda * ||W||^2 penalises. A larger lambda keeps it "
              "smaller.");
}

// Steps, last losses, test accuracy, weight norm and state of each run.
void draw_compare_table(const CompareLab& lab, const RunGroup& g) {
  const RunGroup* group = &g;
  const int n = group->size();
  if (ui::begin_wide_table("##compare_table", 7, n, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("run");
    ImGui::TableSetupColumn("steps");
    ImGui::TableSetupColumn("last batch loss");
    ImGui::TableSetupColumn("test loss");
    ImGui::TableSetupColumn("test accuracy");
    ImGui::TableSetupColumn("weight norm ||W||");
    ImGui::TableSetupColumn("state");
    ImGui::TableHeadersRow();
    for (int i = 0; i < n; ++i) {
      const Trainer& t = group->run(i);
      ImGui::PushID(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ui::series_color(i), "%s", group->label(i).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(t.steps()));
      ui::tooltip("Optimizer steps taken (epochs completed in the tooltip of the state column).");
      ImGui::TableNextColumn();
      if (t.steps() == 0) ImGui::TextUnformatted("-");
      else ImGui::Text("%.5g", t.last_step().loss_data);
      ui::tooltip("Data loss of the last minibatch (no regularisation term).");
      ImGui::TableNextColumn();
      const EvalRecord* e = t.evals().empty() ? nullptr : &t.evals().back();
      if (e) ImGui::Text("%.5g", e->loss_test);
      else ImGui::TextUnformatted("-");
      ui::tooltip("Data loss on the test set at the last full evaluation (end of the last epoch).");
      ImGui::TableNextColumn();
      if (e && !std::isnan(e->acc_test)) ImGui::Text("%.1f%%", 100.0f * e->acc_test);
      else ImGui::TextUnformatted("-");
      ui::tooltip("Test accuracy at the last full evaluation.");
      ImGui::TableNextColumn();
      weight_norm_cell(lab, i);
      ImGui::TableNextColumn();
      if (t.diverged()) {
        ImGui::TextColored(ui::kErrorColor, "diverged");
        ui::tooltip(t.message().empty() ? "The loss blew up." : t.message().c_str());
      } else if (t.steps() >= lab.max_steps) {
        ImGui::TextColored(ui::kOkColor, "done");
        ui::tooltip("Reached the step limit.");
      } else {
        ImGui::TextUnformatted(lab.playing() ? "training" : "paused");
        char tip[64];
        std::snprintf(tip, sizeof tip, "%d epochs completed", t.epoch());
        ui::tooltip(tip);
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
}

}  // namespace

CompareView update_compare_panel(const ComparePanel& panel, const Session& session) {
  (void)panel;
  CompareView v;
  v.lab = &session.compare();
  const Session::CompareSource& src = session.compare_source();
  v.stale = v.lab->group() && (src.spec != session.valid_spec_text() || src.data != session.train().data_revision());
  v.never_built = !v.lab->group() && v.lab->error().empty() && src.data == 0;
  return v;
}

void draw_compare_panel(ComparePanel& panel, const CompareView& v, Gfx& gfx, Intents& intents) {
  (void)gfx;
  const CompareLab& lab = *v.lab;
  const RunGroup* group = lab.group();
  if (v.never_built) intents.compare_build = compare_desc_of(panel);  // the first time the tab is shown
  draw_compare_choice(panel, lab, intents);
  if (!lab.error().empty()) ImGui::TextColored(ui::kErrorColor, "%s", lab.error().c_str());
  else if (v.stale)
    ImGui::TextColored(ui::kDimColor, "The spec or data changed since these runs were built: press Rebuild to "
                                      "compare the new ones.");
  if (!group) {
    if (lab.error().empty()) ImGui::TextColored(ui::kDimColor, "Building the runs...");
    return;
  }

  draw_compare_plot(panel, *group);
  draw_compare_table(lab, *group);
}

}  // namespace gl
