// Draws the four boundary images in a row (two rows when narrow) with the points, accuracies and per-
// classifier controls; edits become intents (Session::apply), the fitting is Session::advance_classifiers'.
#include "web/app/panels/classifiers_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "web/app/widgets/field_image.h"
#include "web/app/widgets/plane_view.h"
#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {

const char* kTitles[] = {"k-nearest neighbours", "Linear SVM", "Softmax classifier", "Your MLP"};
const char* kTips[] = {
    "kNN memorises the training set and labels a point by a vote of its k nearest training points. Nothing "
    "is learned; the colour shows the fraction of the k votes each class gets.",
    "Linear SVM: scores s = W x + b, trained by SGD on the multiclass hinge loss sum_j max(0, s_j - s_y + 1) "
    "plus 0.5 reg |W|^2. Shown as the softmax of its scores. Its boundaries are straight lines.",
    "Softmax classifier: scores s = W x + b, trained by SGD on the cross-entropy loss -log softmax(s)_y plus "
    "0.5 reg |W|^2. Shown as its class probabilities. Its boundaries are straight lines.",
    "The network of the spec on the left, as it trains now (same data, same split). Hidden layers let it bend "
    "the boundary where the linear classifiers cannot."};

void accuracy_line(float acc_train, float acc_test) {
  if (std::isnan(acc_train)) ImGui::TextColored(ui::kTrainColor, "train -");  // not scored yet
  else ImGui::TextColored(ui::kTrainColor, "train %.1f%%", 100.0f * acc_train);
  ui::tooltip("Accuracy on the training points (filled dots): the fraction this classifier labels correctly.");
  ImGui::SameLine();
  if (std::isnan(acc_test)) ImGui::TextColored(ui::kTestColor, "test -");
  else ImGui::TextColored(ui::kTestColor, "test %.1f%%", 100.0f * acc_test);
  ui::tooltip("Accuracy on the held-out test points (hollow rings), never used for fitting: how well it "
              "generalises.");
}

// One image with the points; hover shows the exact probabilities of the cell under the mouse.
void plane_cell(int slot, const PlaneGrid& g, FieldImage& image, const Dataset& data, const PlaneView& view, float side,
                bool show_test, Gfx& gfx) {
  update_field_image(image, g);
  float hx = 0, hy = 0;
  if (!draw_plane(data, view, {field_texture(gfx, slot, image), &image.lines}, side, show_test, gfx, &hx, &hy)) return;
  ImGui::BeginTooltip();
  ImGui::Text("x1 = %.3f, x2 = %.3f", hx, hy);
  if (g.n > 0) {
    const int c = std::clamp(static_cast<int>((hx - g.x0) / (g.x1 - g.x0) * g.n), 0, g.n - 1);
    const int r = std::clamp(static_cast<int>((g.y1 - hy) / (g.y1 - g.y0) * g.n), 0, g.n - 1);
    for (int k = 0; k < g.classes; ++k)
      ImGui::TextColored(ui::class_color(k), "P(class %d) = %.4f", k,
                         g.probs[static_cast<size_t>((r * g.n + c) * g.classes + k)]);
  } else {
    ImGui::TextColored(ui::kDimColor, "not computed yet");
  }
  ImGui::EndTooltip();
}

void knn_controls(Intents& intents, const ClassicDesc& d, float width) {
  ClassicDesc e = d;
  ImGui::SetNextItemWidth(width);
  if (ui::slider_int("##k", &e.k, 1, 25, "k = %d")) intents.classic_desc[0] = e;
  ui::tooltip("k: how many nearest training points vote. k = 1 copies the nearest point's label (100% train "
              "accuracy, ragged boundary, overfits); larger k smooths the boundary.");
  int dist = static_cast<int>(e.distance);
  if (ImGui::RadioButton("L1", &dist, static_cast<int>(Distance::L1))) {
    e.distance = Distance::L1;
    intents.classic_desc[0] = e;
  }
  ui::tooltip("L1 (Manhattan) distance |dx1| + |dx2|: boundaries made of axis-aligned and diagonal pieces.");
  ImGui::SameLine();
  if (ImGui::RadioButton("L2", &dist, static_cast<int>(Distance::L2))) {
    e.distance = Distance::L2;
    intents.classic_desc[0] = e;
  }
  ui::tooltip("L2 (Euclidean) distance sqrt(dx1^2 + dx2^2): boundaries are pieces of perpendicular bisectors.");
}

void linear_controls(Intents& intents, ClassicKind kind, const ClassicDesc& d, const ClassicView& v,
                     const ClassicLab& lab, float width) {
  const size_t k = static_cast<size_t>(kind);
  ClassicDesc e = d;
  ImGui::SetNextItemWidth(width);
  if (ui::slider_float("##reg", &e.reg, 1e-5f, 10.0f, "reg %.1e", ImGuiSliderFlags_Logarithmic)) intents.classic_desc[k] = e;
  ui::tooltip("Regularisation strength lambda in 0.5 * lambda * |W|^2 (log scale). Larger values keep the "
              "weights small: softer scores, and eventually underfitting.");
  ImGui::SetNextItemWidth(width);
  if (ui::slider_float("##lr", &e.optim.lr, 1e-4f, 1.0f, "lr %.4g", ImGuiSliderFlags_Logarithmic)) intents.classic_desc[k] = e;
  ui::tooltip("Learning rate of the SGD steps on W and b (log scale). Training continues from the current "
              "weights.");
  const bool done = v.steps >= lab.max_steps;
  ImGui::Text("step %d%s", v.steps, done ? " (done)" : "");
  ui::tooltip("SGD steps taken so far on minibatches of the training points; training stops at the step limit.");
  ImGui::SameLine();
  ImGui::TextColored(ui::kDimColor, "loss %.4g", v.loss);
  ui::tooltip("Loss (data + regularisation) of the last minibatch.");
  if (ImGui::SmallButton("restart")) intents.classic_restart = kind;
  ui::tooltip("Start again from small random weights (W ~ 0.001 N(0, 1), b = 0) and watch it learn.");
}

bool image_classes(const Dataset* d) { return d && d->is_classification() && d->sample_shape().rank() == 3; }

// The feature choice for image data, with what each one is.
void feature_choice(const ClassicLab& lab, Intents& intents) {
  static const char* kNames[] = {"raw pixels", "colour / intensity histogram", "HOG (gradient orientations)",
                                 "HOG + histogram"};
  static_assert(IM_ARRAYSIZE(kNames) == static_cast<int>(FeatureKind::Count));
  FeatureDesc f = lab.features();
  int k = static_cast<int>(f.kind);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  if (ImGui::Combo("features##cl", &k, kNames, IM_ARRAYSIZE(kNames))) {
    f.kind = static_cast<FeatureKind>(k);
    intents.classic_features = f;
  }
  ui::tooltip("What the kNN, SVM and softmax classifiers see. Raw pixels: every pixel is a feature. Histogram: "
              "per channel, the fraction of pixels in each of 16 brightness bins (where things are is lost). HOG: "
              "in every 4 x 4 cell, how much edge there is in each of 9 directions (shapes, robust to contrast). "
              "Every feature is standardised with the training split's mean and deviation.");
  ImGui::SameLine();
  ImGui::TextColored(ui::kDimColor, "%d features per image", lab.feature_count());
}

// One row of the image table: a classifier's accuracies (and how many samples they are over) and controls.
void image_row(const ClassicLab& lab, ClassicKind kind, float width, Intents& intents) {
  const ClassicView& v = lab.view(kind);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(kTitles[static_cast<int>(kind)]);
  ui::tooltip(kTips[static_cast<int>(kind)]);
  ImGui::TableNextColumn();
  if (lab.fitted()) accuracy_line(v.acc_train, v.acc_test);
  else ImGui::TextColored(ui::kDimColor, "not fitted yet");
  if (lab.fitted() && kind == ClassicKind::KNN && v.scoring_train + v.scoring_test > 0)
    ImGui::TextColored(ui::kDimColor, "scoring: %d of %d train, %d of %d test images", v.scored_train, v.scoring_train,
                       v.scored_test, v.scoring_test);
  else if (lab.fitted() && kind == ClassicKind::KNN)
    ImGui::TextColored(ui::kDimColor, "over the first %d train / %d test images", v.scored_train, v.scored_test);
  ImGui::TableNextColumn();
  ImGui::PushID(static_cast<int>(kind));
  ImGui::PushItemWidth(width);
  if (kind == ClassicKind::KNN) knn_controls(intents, lab.desc(kind), width);
  else linear_controls(intents, kind, lab.desc(kind), v, lab, width);
  ImGui::PopItemWidth();
  ImGui::PopID();
}

// Image data: the feature choice, then one row per classifier and the MLP's accuracies for comparison.
void draw_classifiers_on_images(const ClassifiersView& view, Intents& intents) {
  const ClassicLab& lab = *view.lab;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ui::kDimColor, "Linear classifiers on hand-made features of the images, against raw pixels: "
                                    "pick the features and compare the test accuracies.");
  ImGui::PopTextWrapPos();
  feature_choice(lab, intents);
  if (ImGui::Button(lab.playing() ? "Pause##cl" : "Play##cl")) intents.classic_play = !lab.playing();
  ImGui::SameLine();
  if (ImGui::Button("Restart##cl")) intents.classic_restart_linear = true;
  ui::tooltip("Both linear classifiers start again from small random weights.");
  if (!lab.error().empty()) ImGui::TextColored(ui::kErrorColor, "%s", lab.error().c_str());
  const ImGuiTableFlags tf = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##classic_images", 3, tf)) {
    ImGui::TableSetupColumn("classifier");
    ImGui::TableSetupColumn("accuracy");
    ImGui::TableSetupColumn("settings");
    ImGui::TableHeadersRow();
    for (int k = 0; k < 3; ++k) image_row(lab, static_cast<ClassicKind>(k), ImGui::GetFontSize() * 10, intents);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(kTitles[3]);
    ui::tooltip("The network of the spec on the left, trained on the raw images (it learns its own features).");
    ImGui::TableNextColumn();
    if (view.mlp_step < 0) {  // the spec does not fit the images: the left column says why and offers a fix
      ImGui::TextColored(ui::kErrorColor, "no model");
      ui::tooltip(view.mlp_error.c_str());
    } else if (view.mlp_eval_step >= 0) {
      accuracy_line(view.mlp_acc_train, view.mlp_acc_test);
    } else {
      ImGui::TextColored(ui::kDimColor, "not evaluated yet");
    }
    ImGui::TableNextColumn();
    if (view.mlp_step >= 0) ImGui::Text("step %lld", static_cast<long long>(view.mlp_step));
    ImGui::EndTable();
  }
}

}  // namespace

ClassifiersView update_classifiers_panel(const ClassifiersPanel& panel, const Session& session) {
  (void)panel;
  ClassifiersView v;
  const TrainLab& tl = session.train();
  v.data = tl.data();
  v.is_2d = tl.is_2d();
  tl.plane_bounds(v.plane.x0, v.plane.x1, v.plane.y0, v.plane.y1);
  v.lab = &session.classic();
  if (const Trainer* tr = tl.trainer(); tr && tl.error().empty()) {
    v.mlp_grid = &tl.last_grid();
    v.mlp_step = tr->steps();
    if (!tr->evals().empty()) {
      const EvalRecord& e = tr->evals().back();
      v.mlp_eval_step = e.step;
      v.mlp_acc_train = e.acc_train;
      v.mlp_acc_test = e.acc_test;
    }
  } else {
    v.mlp_error = tl.error().empty() ? "The spec did not build a model." : tl.error();
  }
  return v;
}

void draw_classifiers_panel(ClassifiersPanel& panel, const ClassifiersView& v, Gfx& gfx, Intents& intents) {
  if (image_classes(v.data)) return draw_classifiers_on_images(v, intents);
  if (!v.data || !v.is_2d) {
    ImGui::TextWrapped("The classifiers are compared on 2D data sets (decision boundaries) and on image sets "
                       "(features). Pick Two spirals, Circles, XOR, Gaussian blobs, Moons, Linearly separable, "
                       "Digits or Fashion-MNIST under Data set on the left.");
    return;
  }
  const ClassicLab& lab = *v.lab;
  if (ImGui::Button(lab.playing() ? "Pause##cl" : "Play##cl")) intents.classic_play = !lab.playing();
  ui::tooltip("Run or pause the SGD of the linear SVM and the softmax classifier (kNN has nothing to train; the "
              "MLP is trained from the left column).");
  ImGui::SameLine();
  if (ImGui::Button("Restart##cl")) intents.classic_restart_linear = true;
  ui::tooltip("Both linear classifiers start again from small random weights.");
  ImGui::SameLine();
  ImGui::Checkbox("show test points##cl", &panel.show_test);
  ui::tooltip("Filled dots are training points (used for fitting), hollow rings are test points (held out).");
  ui::help_marker("All four see the same training points and are scored on the same test points. Hover an "
                  "image for the exact class probabilities at that point.");
  if (!lab.error().empty()) ImGui::TextColored(ui::kErrorColor, "%s", lab.error().c_str());

  const PlaneView& view = v.plane;
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float sp = style.ItemSpacing.x;
  const int cols = avail.x >= 4 * 170.0f + 3 * sp ? 4 : 2;
  const int rows = 4 / cols;
  const float ctl_h = ImGui::GetTextLineHeightWithSpacing() * 3 + ImGui::GetFrameHeightWithSpacing() * 3;
  const float side = std::max(
      std::min((avail.x - (cols - 1) * sp) / cols - 1.0f, (avail.y - rows * ctl_h) / rows - style.ItemSpacing.y),
      80.0f);

  for (int i = 0; i < 4; ++i) {
    ImGui::PushID(i);
    if (i % cols) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(kTitles[i]);
    ui::tooltip(kTips[i]);
    if (i < 3) {
      const ClassicKind kind = static_cast<ClassicKind>(i);
      const ClassicView& cv = lab.view(kind);
      plane_cell(slot_of(TexSlot::Classifiers, i), cv.grid, panel.fields[static_cast<size_t>(i)], *v.data, view, side, panel.show_test, gfx);
      if (lab.fitted() && cv.grid.n > 0) accuracy_line(cv.acc_train, cv.acc_test);
      else ImGui::TextColored(ui::kDimColor, "not fitted yet");
      ImGui::PushItemWidth(side);
      if (kind == ClassicKind::KNN) knn_controls(intents, lab.desc(kind), side);
      else linear_controls(intents, kind, lab.desc(kind), cv, lab, side);
      ImGui::PopItemWidth();
    } else {
      static const PlaneGrid none;
      plane_cell(slot_of(TexSlot::Classifiers, i), v.mlp_grid ? *v.mlp_grid : none, panel.fields[3], *v.data, view, side,
                 panel.show_test, gfx);
      if (!v.mlp_grid) {
        ImGui::TextColored(ui::kErrorColor, "no model");
        ui::tooltip(v.mlp_error.c_str());
      } else if (v.mlp_eval_step >= 0) {
        accuracy_line(v.mlp_acc_train, v.mlp_acc_test);
        ImGui::TextColored(ui::kDimColor, "evaluated at step %lld", static_cast<long long>(v.mlp_eval_step));
        ui::tooltip("The network's accuracies come from its last full-set evaluation (at the end of every epoch).");
      } else {
        ImGui::TextColored(ui::kDimColor, "not evaluated yet");
      }
      ImGui::Text("step %lld", static_cast<long long>(v.mlp_step));
      ui::tooltip("Training steps the MLP has taken. Play, pause and its settings are in the left column.");
    }
    ImGui::EndGroup();
    ImGui::PopID();
  }
}

}  // namespace gl
