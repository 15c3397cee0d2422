// Data and training controls. Every change builds a new DataDesc / TrainDesc from the session's current one.
#include "web/app/panels/train_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "engine/session/spec_data.h"
#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
const char* kDataLabels[] = {"Two spirals", "Circles", "XOR", "Gaussian blobs", "Moons", "Linearly separable",
                             "Your own points", "Digits 8x8", "Fashion-MNIST", "Moving squares (video)",
                             "Sine continuation", "Adding problem", "Copy / recall", "Character text"};
static_assert(IM_ARRAYSIZE(kDataLabels) == static_cast<int>(DataKind::Count));

const char* kOptimLabels[] = {"SGD", "SGD + momentum", "Nesterov momentum", "AdaGrad", "RMSProp", "Adam", "AdamW"};
static_assert(IM_ARRAYSIZE(kOptimLabels) == static_cast<int>(OptimKind::Count));

// The spec that suits a data set, offered when the current one does not fit.
const char* suggested_spec(DataKind k) {
  switch (k) {
    case DataKind::Digits: return "INPUT 1 x 8 x 8\nCONV3-16-p1-s1\nPOOL2\nCONV3-32-p1-s1\nPOOL2\nFC-10\nSOFTMAX";
    case DataKind::FashionMnist: return "INPUT 1 x 28 x 28\nCONV5-8-p2-s1\nPOOL2\nCONV5-16-p2-s1\nPOOL2\nFC-10\nSOFTMAX";
    case DataKind::VideoMotion: return "INPUT 1 x 8 x 32 x 32\nCONV3-8-p1-s1\nPOOL2\nCONV3-16-p1-s1\nPOOL2\nFC-4\nSOFTMAX";
    case DataKind::Sine: return "INPUT SEQ 20 x 1\nLSTM-16\nFC-1\nMSE";
    case DataKind::Adding: return "INPUT SEQ 20 x 2\nLSTM-32\nFC-1\nMSE";
    case DataKind::Copy: return "INPUT SEQ 7 x 9\nLSTM-32\nFC-8\nSOFTMAX";
    case DataKind::CharText: return "INPUT SEQ 20 x 40\nLSTM-64\nFC-40\nSOFTMAX";
    default: return "INPUT 2\nFC-16\nFC-16\nFC-2\nSOFTMAX";
  }
}

bool log_slider(const char* label, float* v, float lo, float hi, const char* fmt) {
  return ui::slider_float(label, v, lo, hi, fmt, ImGuiSliderFlags_Logarithmic);
}

// A seed typed as a non-negative integer; true when it changed.
bool seed_input(const char* label, uint64_t& seed, float w) {
  int v = static_cast<int>(seed);
  ImGui::SetNextItemWidth(w);
  if (!ImGui::InputInt(label, &v) || v < 0) return false;
  seed = static_cast<uint64_t>(v);
  return true;
}

bool slider_int(const char* label, int* v, int lo, int hi, const char* tip) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  const bool changed = ui::slider_int(label, v, lo, hi);
  ui::tooltip(tip);
  return changed;
}

bool point_controls(DataDesc& d, float w) {
  bool changed = slider_int("Points", &d.num_points, 20, 2000, "Number of points (train + test).");
  ImGui::SetNextItemWidth(w);
  changed |= ui::slider_float("Noise", &d.noise, 0.0f, 0.5f, "%.2f");
  ui::tooltip("How far points scatter from the clean shape: more noise makes the classes overlap.");
  if (d.kind == DataKind::Spirals || d.kind == DataKind::Blobs || d.kind == DataKind::Circles || d.kind == DataKind::Hand2D)
    changed |= slider_int("Classes", &d.num_classes, 2, 6, "Number of classes (the last FC layer must have this many outputs).");
  return changed;
}

// The clip set C x T x H x W (square frames); the clip count shrinks to keep the set within its memory limit.
bool clip_controls(DataDesc& d, float w) {
  bool changed = slider_int("Motions", &d.num_classes, 2, kVideoMaxClasses,
                            "Classes: the first k of 8 directions; 9..16 add the same directions at 2 pixels per frame.");
  changed |= slider_int("Channels", &d.channels, 1, 4, "C: 1 is grey; more channels give the square a random colour.");
  changed |= slider_int("Frames", &d.frames, 2, 64, "T: frames per clip.");
  int side = d.height;
  if (slider_int("Size", &side, 8, 128, "H = W: pixels per side of each frame.")) {
    d.height = d.width = side;
    changed = true;
  }
  changed |= slider_int("Clips", &d.num_samples, 2 * d.num_classes, 1000, "Clips, train + test.");
  ImGui::SetNextItemWidth(w);
  changed |= ui::slider_float("Noise", &d.noise, 0.0f, 0.5f, "%.2f");
  ui::tooltip("Gaussian noise added to every pixel.");
  if (changed) d.num_samples = clip_count_within_limit(d);
  ImGui::TextColored(ui::kDimColor, "clips %d x %d x %d x %d: %s", d.channels, d.frames, d.height, d.width,
                     format_bytes(int64_t{d.num_samples} * d.channels * d.frames * d.height * d.width * 4).c_str());
  return changed;
}

// Sequence tasks: length, and each task's own settings.
bool sequence_controls(DataDesc& d, float w) {
  bool changed = false;
  if (d.kind == DataKind::Copy) {
    changed |= slider_int("Symbols", &d.num_classes, 2, 32, "k symbols to remember: D = k + 1 inputs per step (the last is the recall cue).");
    changed |= slider_int("Lag", &d.lag, 0, 100, "Distractor steps between the symbol and the cue: T = lag + 2.");
  } else {
    changed |= slider_int("Length T", &d.seq_len, d.kind == DataKind::Adding ? 4 : 2, 200,
                          "Steps per sequence: the spec's INPUT SEQ T x D must match.");
  }
  if (d.kind == DataKind::Sine) {
    changed |= slider_int("Predict", &d.predict_steps, 1, 32, "How many next values the network predicts (its last FC width).");
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_float("Noise", &d.noise, 0.0f, 0.5f, "%.2f");
    ui::tooltip("Noise added to the observed values (the targets are clean).");
  }
  if (d.kind != DataKind::CharText) changed |= slider_int("Samples", &d.num_samples, 20, 5000, "Sequences, train + test.");
  return changed;
}

// Edits apply when the mouse is released, so a slider drag does not rebuild the model every frame.
template <class Desc>
void apply_when_released(std::optional<Desc>& pending, bool changed, const Desc& edited, std::optional<Desc>& intent) {
  if (changed) pending = edited;
  if (pending && !ImGui::IsMouseDown(0)) {
    intent = *pending;
    pending.reset();
  }
}
}  // namespace

namespace {
// Under the data's error: the data set that fits the network (its INPUT and its end), at a batch the page
// affords (the memory budget and a step's time), or why no data set fits.
void offer_data_for_spec(TrainPanel& panel, const Session& session, Intents& intents) {
  const TrainLab& lab = session.train();
  const DataFit fit = fit_data_to_spec(session.spec(), lab);
  ImGui::PushTextWrapPos(0.0f);
  if (fit.data && fit.batch > 0 && (fit.changes_data || fit.changes_batch)) {
    if (ImGui::Button(fit.changes_data ? "Use data that fits this network" : "Use a batch that fits")) {
      if (fit.changes_data) intents.data = *fit.data;
      if (fit.changes_batch) {
        intents.train = lab.train_desc();
        intents.train->batch_size = fit.batch;
      }
    }
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    panel.fit_button = {a.x, a.y, b.x - a.x, b.y - a.y};
    ui::tooltip(fit.message.c_str());
    ImGui::TextColored(ui::kDimColor, "%s%s%s", fit.changes_data ? fit.label.c_str() : "",
                       fit.changes_data && fit.changes_batch ? ", " : "",
                       fit.changes_batch ? ("batch " + std::to_string(fit.batch) + " (memory budget and step time)").c_str() : "");
  } else if (!fit.data) {
    ImGui::TextColored(ui::kDimColor, "No data set fits this network: %s", fit.message.c_str());
  }
  ImGui::PopTextWrapPos();
}
}  // namespace

void draw_data_controls(TrainPanel& panel, const Session& session, Intents& intents) {
  const TrainLab& lab = session.train();
  panel.fit_button = {};
  DataDesc d = panel.pending_data ? *panel.pending_data : lab.data_desc();
  bool changed = false;
  const float w = std::min(ImGui::GetFontSize() * 10, ImGui::CalcItemWidth());  // labels keep their room
  int kind = static_cast<int>(d.kind);
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("Data set", &kind, kDataLabels, IM_ARRAYSIZE(kDataLabels))) {
    d.kind = static_cast<DataKind>(kind);
    changed = true;
  }
  ui::tooltip("What the network learns from. 2D sets show a decision boundary; images, clips and sequences need "
              "a matching INPUT (the suggestion below fills it in).");
  if (is_2d_kind(d.kind)) changed |= point_controls(d, w);
  else if (d.kind == DataKind::VideoMotion) changed |= clip_controls(d, w);
  else if (d.kind != DataKind::Digits && d.kind != DataKind::FashionMnist) changed |= sequence_controls(d, w);
  float train_pct = d.train_frac * 100.0f;
  ImGui::SetNextItemWidth(w);
  if (ui::slider_float("Train %", &train_pct, 10.0f, 95.0f, "%.0f%%")) {
    d.train_frac = train_pct / 100.0f;
    changed = true;
  }
  ui::tooltip("Share of the samples used for training; the rest is the test set (hollow points).");
  changed |= seed_input("Data seed", d.seed, w);
  ui::tooltip("Same seed, same points: change it for a fresh draw of the same data set.");
  apply_when_released(panel.pending_data, changed, d, intents.data);

  if (const Dataset* ds = lab.data()) {
    ImGui::TextColored(ui::kDimColor, "%s: %d train, %d test, sample %s%s", ds->name.c_str(), ds->num_train(),
                       ds->num_test(), ds->sample_shape().str().c_str(),
                       ds->is_classification() ? (", " + std::to_string(ds->num_classes) + " classes").c_str() : ", regression");
  }
  if (!lab.error().empty()) {
    panel.data_error_shown = true;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kErrorColor, "%s", lab.error().c_str());
    ImGui::PopTextWrapPos();
    offer_data_for_spec(panel, session, intents);
    if (ImGui::Button("Use a network that fits this data")) intents.spec_text = suggested_spec(d.kind);
    ui::tooltip("Replace the network with a small one whose INPUT and output size match the data set.");
  } else if (!panel.data_note.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kDimColor, "%s", panel.data_note.c_str());
    ImGui::PopTextWrapPos();
  }
}

namespace {

// Optimizer and its settings, batch size, L2, clipping. Returns whether t changed.
bool optimizer_controls(TrainDesc& t, float w) {
  bool changed = false;
  int ok = static_cast<int>(t.optim.kind);
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("Optimizer", &ok, kOptimLabels, IM_ARRAYSIZE(kOptimLabels))) {
    float lr = t.optim.lr;
    t.optim = optim_defaults(static_cast<OptimKind>(ok));
    t.optim.lr = lr;
    changed = true;
  }
  ui::tooltip("The update rule. SGD: w -= lr * dw. Momentum keeps a velocity; AdaGrad / RMSProp scale each "
              "weight's step by its gradient history; Adam combines both (PyTorch's update rules).");
  ImGui::SetNextItemWidth(w);
  changed |= log_slider("Learning rate", &t.optim.lr, 1e-5f, 3.0f, "%.5f");
  ui::tooltip("Step size (log scale). Too small: slow progress. Too large: the loss jumps around or diverges.");
  if (t.optim.kind == OptimKind::SGD || t.optim.kind == OptimKind::Momentum || t.optim.kind == OptimKind::Nesterov) {
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_float("Momentum", &t.optim.momentum, 0.0f, 0.99f, "%.2f");
    ui::tooltip("mu: how much of the previous velocity is kept (0.9 is typical).");
  }
  if (t.optim.kind == OptimKind::Adam || t.optim.kind == OptimKind::AdamW) {
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_float("beta1", &t.optim.beta1, 0.0f, 0.999f, "%.3f");
    ui::tooltip("Decay rate of Adam's first moment (the momentum-like average of gradients).");
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_float("beta2", &t.optim.beta2, 0.9f, 0.9999f, "%.4f");
    ui::tooltip("Decay rate of Adam's second moment (the average of squared gradients).");
  }
  ImGui::SetNextItemWidth(w);
  changed |= ui::slider_int("Batch size", &t.batch_size, 1, 256);
  ui::tooltip("Samples per gradient step. Small batches give noisy gradients; large ones smooth but fewer steps per epoch.");
  ImGui::SetNextItemWidth(w);
  changed |= log_slider("L2 strength", &t.l2, 0.0f, 1.0f, t.l2 > 0 ? "%.5f" : "off");
  ui::tooltip("lambda in the penalty 0.5 * lambda * sum(w^2), shown apart from the data loss. Larger lambda keeps weights small.");
  ImGui::SetNextItemWidth(w);
  changed |= log_slider("Clip grad norm", &t.clip_norm, 0.0f, 100.0f, t.clip_norm > 0 ? "%.2f" : "off");
  ui::tooltip("Rescale the whole gradient when its norm exceeds this value (tames exploding gradients in RNNs).");
  return changed;
}

// Learning-rate schedule, warm-up and initializer. Returns whether t changed.
bool schedule_and_init_controls(TrainDesc& t, float w) {
  bool changed = false;
  const char* sched[] = {"Constant", "Step decay", "Exponential", "Cosine"};
  int sk = static_cast<int>(t.schedule.kind);
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("LR schedule", &sk, sched, IM_ARRAYSIZE(sched))) {
    t.schedule.kind = static_cast<ScheduleKind>(sk);
    changed = true;
  }
  ui::tooltip("How the learning rate changes over steps: step decay (x0.1 every 10 steps by default), "
              "exponential, or cosine annealing to 0.");
  if (t.schedule.kind == ScheduleKind::Step) {
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_int("Step size", &t.schedule.step_size, 10, 5000);
    ui::tooltip("Steps between decays.");
  } else if (t.schedule.kind == ScheduleKind::Cosine) {
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_int("T_max", &t.schedule.t_max, 10, 20000);
    ui::tooltip("Steps for the learning rate to anneal to zero.");
  } else if (t.schedule.kind == ScheduleKind::Exponential) {
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_float("gamma", &t.schedule.gamma, 0.9f, 1.0f, "%.4f");
    ui::tooltip("Multiplier of the learning rate at every step.");
  }
  ImGui::SetNextItemWidth(w);
  changed |= ui::slider_int("Warm-up steps", &t.schedule.warmup_steps, 0, 1000);
  ui::tooltip("Ramp the learning rate up linearly over the first steps.");
  const char* inits[] = {"Gaussian", "Xavier / Glorot", "Kaiming / He", "Zeros"};
  int ik = static_cast<int>(t.init.kind);
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("Initializer", &ik, inits, IM_ARRAYSIZE(inits))) {
    t.init.kind = static_cast<InitKind>(ik);
    changed = true;
  }
  ui::tooltip("Initial weights: small Gaussian (sigma below), Xavier std sqrt(2/(fan_in+fan_out)), Kaiming std "
              "sqrt(2/fan_in), or all zeros (watch the symmetry never break).");
  if (t.init.kind == InitKind::Gaussian) {
    ImGui::SetNextItemWidth(w);
    changed |= log_slider("sigma", &t.init.sigma, 1e-4f, 10.0f, "%.4f");
    ui::tooltip("Standard deviation of the initial weights. Too small: activations and gradients vanish; too large: they saturate or explode.");
  }
  return changed;
}

// Train / step / reset, progress (or that there is no current run), and the divergence banner.
void transport_and_progress(const TrainPanel& panel, const TrainLab& lab, Intents& intents) {
  const bool playing = lab.playing();
  // One id for both labels ("###"), so keyboard focus stays on the button when its label changes.
  if (ImGui::Button(playing ? "Pause (space)###play" : "Train (space)###play")) intents.play = !playing;
  ui::tooltip("Start or pause training. Training runs a few milliseconds every frame, so the page stays responsive.");
  ui::same_line_if_button_fits("Step (S)");
  if (ImGui::Button("Step (S)")) intents.step = true;
  ui::tooltip("One gradient step on the next mini-batch.");
  ui::same_line_if_button_fits("Reset (R)");
  if (ImGui::Button("Reset (R)")) intents.reset = true;
  ui::tooltip("New initial weights from the seed; the history is cleared.");

  if (const std::string note = lab.work_note(); !note.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(lab.step_too_slow() ? ui::kErrorColor : ui::kDimColor, "%s", note.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!lab.error().empty()) {  // the trainer kept is the previous model's: its step and accuracy are not this run's
    ImGui::PushTextWrapPos(0.0f);
    if (panel.data_error_shown) ImGui::TextColored(ui::kDimColor, "No current run: see the message under Data.");
    else ImGui::TextColored(ui::kErrorColor, "No current run: %s", lab.error().c_str());
    ImGui::PopTextWrapPos();
  } else if (const Trainer* tr = lab.trainer()) {
    ImGui::Text("step %lld  epoch %d  %.0f steps/s", static_cast<long long>(tr->steps()), tr->epoch(), panel.steps_per_second);
    if (tr->steps() > 0) {
      const StepRecord& r = tr->last_step();
      ImGui::Text("loss %.4f (data) + %.4f (L2)", r.loss_data, r.loss_reg);
      ui::tooltip("Data loss of the last mini-batch, and the L2 penalty 0.5 * lambda * sum(w^2), reported apart.");
    }
    if (!tr->evals().empty()) {
      const EvalRecord& e = tr->evals().back();
      if (std::isfinite(e.acc_train))
        ImGui::Text("accuracy: train %.1f%%  test %.1f%%", 100 * e.acc_train, 100 * e.acc_test);
      else
        ImGui::Text("loss: train %.4f  test %.4f", e.loss_train, e.loss_test);
    }
    if (tr->diverged()) {
      ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.35f, 0.12f, 0.12f, 1));
      ImGui::BeginChild("##diverged", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 4.2f), true);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ui::kErrorColor, "Training stopped: %s", tr->message().c_str());
      ImGui::TextUnformatted("Everything up to that step is still here to inspect. Lower the learning rate "
                             "(or add gradient clipping), then press Reset.");
      ImGui::PopTextWrapPos();
      ImGui::EndChild();
      ImGui::PopStyleColor();
    } else if (!lab.stall_message().empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ui::kErrorColor, "%s", lab.stall_message().c_str());
      ImGui::PopTextWrapPos();
    }
  }
}

}  // namespace

void draw_train_controls(TrainPanel& panel, const Session& session, Intents& intents) {
  const TrainLab& lab = session.train();
  TrainDesc t = panel.pending_train ? *panel.pending_train : lab.train_desc();
  bool changed = false;
  const float w = std::min(ImGui::GetFontSize() * 10, ImGui::CalcItemWidth());  // labels keep their room

  changed |= optimizer_controls(t, w);
  changed |= schedule_and_init_controls(t, w);
  changed |= seed_input("Seed", t.seed, w);
  ui::tooltip("Seed of the initial weights, dropout and batch order: the same seed repeats a run exactly.");
  apply_when_released(panel.pending_train, changed, t, intents.train);

  transport_and_progress(panel, lab, intents);
  panel.data_error_shown = false;  // set again by the next frame's data controls, when they are drawn
}

}  // namespace gl
