// App: applies intents, advances the models within a frame budget and draws the fixed layout. The link
// (URL hash, Save/Load) is in app_link.cpp, the browser tests' JSON in app_json.cpp.
#include "web/app/app.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "engine/session/session_io.h"
#include "engine/session/spec_data.h"
#include "web/app/widgets/plane_view.h"
#include "web/app/widgets/a11y_items.h"
#include "web/app/widgets/clip_check.h"
#include "web/app/widgets/theme.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
constexpr float kLabelEms = 7.5f;  // room for the left column's field labels, in font heights
}  // namespace

const std::string& App::panel_message() const {
  static const std::string none;
  if (tab_ == MainTab::Inside) return inside_.snap.message;
  if (tab_ == MainTab::BatchNorm) return batchnorm_.snap.message;
  return none;
}

App::App(Gfx& gfx, const SessionDesc& desc) : gfx_(gfx), desc_(desc), session_(desc) {}

void App::begin_frame(float dpr, float dt_seconds) {
  dpr_ = dpr;
  dt_last_ms_ = dt_seconds * 1000.0f;
  stats_.dt_ms += 0.1f * (dt_last_ms_ - stats_.dt_ms);
}

void App::end_frame(float cpu_ms, float gl_ms) {
  stats_.cpu_ms += 0.1f * (cpu_ms - stats_.cpu_ms);
  stats_.gl_ms += 0.1f * (gl_ms - stats_.gl_ms);
  // Worst frame: the largest raw frame time of the last full second and of the second under way, never below
  // the smoothed current value shown beside it (the old figure, last second's worst alone, could be).
  cpu_window_max_ = std::max(cpu_window_max_, cpu_ms);
  cpu_window_t_ += dt_last_ms_;
  if (cpu_window_t_ >= 1000.0f) {
    cpu_prev_max_ = cpu_window_max_;
    cpu_window_max_ = 0.0f;
    cpu_window_t_ = 0.0f;
  }
  stats_.cpu_ms_max = std::max({cpu_prev_max_, cpu_window_max_, stats_.cpu_ms});
  // Adaptive training budget: keep the frame's engine + UI work near 12 ms so the page holds 60 fps.
  const float other_ms = std::max(cpu_ms - stats_.train_ms, 0.0f);
  train_budget_ms_ = std::clamp(0.8f * train_budget_ms_ + 0.2f * (12.0f - other_ms), 1.0f, 10.0f);
  ++stats_.frames;
  gfx_.end_frame();
}

void App::apply_intents() {
  SessionEdits in = std::move(intents_);
  intents_ = Intents{};
  if (std::exchange(view_prefs().pause_race, false) && !in.playground_play) in.playground_play = false;  // prefers-reduced-motion
  if (in.data) train_panel_.data_note.clear();  // the student chose the data: no note on what the INPUT chose
  const bool spec_edited = in.spec_text.has_value();
  session_.apply(in);
  if (spec_edited) follow_spec_input();
  course_apply();  // exercise Check / Previous / Next, lab picks, Create exercise
}

// A typed INPUT picks the sizes of the data set in use: INPUT SEQ 50 x 2 on the adding problem makes T = 50, a
// 3 x 8 x 64 x 64 clip on the clip set makes clips of that size (and the batch what the page affords for them).
// Another data set is only offered (the button under the data's error), never switched to; 2D sets keep the
// class count the student chose. Links are applied as they are (they carry the data's parameters).
void App::follow_spec_input() {
  const TrainLab& tl = session_.train();
  if (tl.error().empty() || session_.spec_error() || is_2d_kind(tl.data_desc().kind)) return;
  if (session_.exercise().locks("data")) return;  // the exercise fixes the data: its error stays visible
  const DataFit fit = fit_data_to_spec(session_.spec(), tl);
  if (!fit.data || !fit.same_kind || !fit.changes_data) return;
  if (fit.changes_batch && session_.exercise().locks("training")) return;
  SessionEdits e;
  e.data = *fit.data;
  if (fit.changes_batch) {
    e.train = tl.train_desc();
    e.train->batch_size = fit.batch;
  }
  session_.apply(e);
  train_panel_.data_note = "The network's INPUT set the data: " + fit.label +
                           (fit.changes_batch ? ", batch " + std::to_string(fit.batch) : std::string());
}

void App::advance() {
  // All model work happens here, before any panel draws.
  const TrainLab& tl = session_.train();
  stats_.train_ms = 0;
  if (!tl.playing()) session_.train_for(train_budget_ms_);  // paused: only a due evaluation goes on
  else if (tl.trainer() && tl.error().empty() && !tl.trainer()->diverged()) {
    const double t0 = ImGui::GetTime();
    const int64_t n = session_.train_for(train_budget_ms_);
    stats_.train_ms = static_cast<float>((ImGui::GetTime() - t0) * 1000.0);
    sps_steps_ += n;
  }
  sps_time_ += stats_.dt_ms;
  if (sps_time_ >= 500.0f) {
    train_panel_.steps_per_second = static_cast<float>(sps_steps_) * 1000.0f / sps_time_;
    sps_steps_ = 0;
    sps_time_ = 0;
  }
  if (tab_ == MainTab::Boundary && tl.is_2d() && tl.trainer()) session_.decision_grid(boundary_.grid);
  if (tab_ == MainTab::Inspector && inspector_.check_requested) {
    const std::vector<ParamInfo>& ps = tl.param_list();
    if (!ps.empty()) {
      const ParamInfo& c = ps[static_cast<size_t>(std::clamp(inspector_.choice, 0, static_cast<int>(ps.size()) - 1))];
      inspector_.check = session_.grad_check(c.layer, c.param, std::min<int64_t>(inspector_.element, c.size - 1));
    }
    inspector_.check_requested = false;
  }
  if (tab_ == MainTab::Optimizers) session_.advance_playground(stats_.dt_ms / 1000.0);
  // The classifiers and the compare runs take a few ms of a frame while their tab is shown.
  const double lab_ms = std::min(3.0, std::max(stats_.dt_ms * 0.2, 0.5));
  if (tab_ == MainTab::Classifiers) session_.advance_classifiers(lab_ms, classifiers_.grid);
  if (tab_ == MainTab::Compare) session_.advance_compare(lab_ms);
  // Views that probe the model (they change nothing in the session).
  inside_.visible = tab_ == MainTab::Inside;
  update_inside_panel(inside_, session_, stats_.dt_ms);
  batchnorm_.visible = tab_ == MainTab::BatchNorm;
  update_batchnorm_panel(batchnorm_, session_, stats_.dt_ms);
  course_advance();  // exercise goals against the run
}

void App::handle_keys() {
  ImGuiIO& io = ImGui::GetIO();
  handle_view_keys();
  if (io.WantTextInput || io.KeyCtrl || io.KeySuper) return;
  // ImGui 1.86 indexes keys by the backend's codes; GLFW's letter codes are their upper-case ASCII.
  // While the keyboard-focus ring is on a control, Space activates that control instead.
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false) && a11y::nav_focus_id() == 0)
    intents_.play = !session_.train().playing();
  if (ImGui::IsKeyPressed('S', false)) intents_.step = true;
  if (ImGui::IsKeyPressed('R', false)) intents_.reset = true;
}

// The page's fixed windows (controls column, tabs, status bar) tile the canvas. They paint no background of
// their own: the platform clears the canvas in the window colour, and a second full-screen pass cost a
// software rasteriser about 7 ms a frame at 1280 x 800.
constexpr ImGuiWindowFlags kPageWindow = ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoDecoration |
                                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

void App::frame() {
  apply_intents();
  // The page fetches the 5.6 MB image pack only once an image set is picked (a control, a link or a lab).
  if (hooks_.need_images && session_.train().waiting_for_images()) hooks_.need_images();
  advance();
  handle_keys();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y;
  const ImVec2 pos = vp->WorkPos, size(vp->WorkSize.x, vp->WorkSize.y - status_h);
  const ImGuiWindowFlags fixed = kPageWindow | ImGuiWindowFlags_NoResize;
  // Controls column: about a third of the width, at least 280 px (scaled), at most 460.
  const float left_w = std::clamp(size.x * 0.32f, 280.0f * dpr_, 460.0f * dpr_);
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(std::min(left_w, size.x), size.y));
  // The controls column scrolls when it is taller than the window (800x600 iframes).
  if (ImGui::Begin("##left", nullptr, fixed & ~ImGuiWindowFlags_NoScrollbar)) draw_left_column();
  ImGui::End();
  ImGui::SetNextWindowPos(ImVec2(pos.x + left_w, pos.y));
  ImGui::SetNextWindowSize(ImVec2(std::max(size.x - left_w, 1.0f), size.y));
  // A tab whose content is wider than a small frame scrolls sideways (a visible scrollbar), never cuts it off.
  if (ImGui::Begin("##main", nullptr, (fixed & ~ImGuiWindowFlags_NoScrollbar) | ImGuiWindowFlags_HorizontalScrollbar)) draw_tabs();
  ImGui::End();
  draw_status_bar(status_h);
  course_draw_windows();  // Labs / start screen, Create exercise
  clip::end_frame();      // text cut this frame (the state hook's "clipped")

  // Keep the page's URL in step with the state, so a reload or a copied address restores it (checked a few
  // times a second, not every frame: building the hash reads every setting). A framing course page hears
  // of the same changes (ready / state messages).
  hash_check_ms_ += stats_.dt_ms;
  if ((hooks_.set_url_hash || hooks_.post_message) && hash_check_ms_ >= 250.0f) {
    hash_check_ms_ = 0;
    std::string h = url_hash();
    if (hooks_.set_url_hash && h != last_hash_) {
      hooks_.set_url_hash(h);
      last_hash_ = h;
    }
    course_post(h);
  }
  copied_t_ = std::max(0.0f, copied_t_ - stats_.dt_ms / 1000.0f);
}

void App::draw_left_column() {
  // The column is narrow in an 800x600 or 640x480 frame: its text wraps at the edge, and fields leave room
  // for labels as long as "Clip grad norm" on their right.
  ImGui::PushTextWrapPos(0.0f);
  ImGui::PushItemWidth(-ImGui::GetFontSize() * kLabelEms);
  draw_left_column_groups();
  ImGui::PopItemWidth();
  ImGui::PopTextWrapPos();
}

void App::draw_left_column_groups() {
  ImGui::TextColored(ui::kAccentColor, "GradLab");
  ImGui::SameLine();
  ImGui::TextColored(ui::kDimColor, "build and train networks in the browser");
  course_draw_menu();  // Labs, Create exercise
  if (!url_note_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kErrorColor, "%s", url_note_.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("dismiss")) url_note_.clear();
  }
  course_draw_card();  // the exercise, when a link or a lab gives one
  // An embed shows the groups its link names (`controls=`), the page all of them.
  controls_drawn_ = 0;
  const unsigned groups = embed_ ? embed_controls_ : kAllControls;
  for (int i = 0; i < static_cast<int>(ControlGroup::Count); ++i)
    if (groups & bit_of(static_cast<ControlGroup>(i))) draw_control_group(static_cast<ControlGroup>(i));
}

// One group of the left column, greyed when the exercise fixes it.
void App::draw_control_group(ControlGroup g) {
  controls_drawn_ |= bit_of(g);
  const char* name = control_group_name(g);
  const bool locked = course_lock_begin(name);
  switch (g) {
    case ControlGroup::Network:
      network_.inspector_parallel = inspector_.parallel;
      draw_network_panel(network_, session_, intents_);
      break;
    case ControlGroup::Data:
      if (ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen)) draw_data_controls(train_panel_, session_, intents_);
      break;
    case ControlGroup::Training:
      if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) draw_train_controls(train_panel_, session_, intents_);
      break;
    case ControlGroup::View:
      if (ImGui::CollapsingHeader("View")) draw_view_controls();
      break;
    case ControlGroup::Share:
      if (ImGui::CollapsingHeader("Share and save")) draw_share_controls();
      break;
    case ControlGroup::Count: break;
  }
  course_lock_end(locked, name);
}

void App::draw_share_controls() {
  if (ImGui::Button("Copy link")) {
    std::string url = (hooks_.page_url ? hooks_.page_url() : std::string()) + url_hash();
    if (hooks_.copy_text) hooks_.copy_text(url);
    copied_note_ = "Link copied";
    copied_t_ = 2.5f;
  }
  ui::tooltip("Copy a link that opens GradLab in exactly this state (network, data, settings, seed, tab).");
  ImGui::SameLine();
  if (ImGui::Button("Copy embed code")) {
    std::string url = (hooks_.page_url ? hooks_.page_url() : std::string()) + url_hash() + (embed_ ? "" : "&embed=1");
    if (hooks_.copy_text)
      hooks_.copy_text("<iframe src=\"" + url + "\" width=\"800\" height=\"600\" style=\"border:0\" title=\"GradLab exercise\"></iframe>");
    copied_note_ = "Embed code copied";
    copied_t_ = 2.5f;
  }
  ui::tooltip("Copy an <iframe> snippet for a course page: a minimal 800x600 layout of this exact state.");
  if (ImGui::Button("Save model (JSON)") && hooks_.save_file) hooks_.save_file("gradlab-model.json", save_json());
  ui::tooltip("Download the network and its settings as a JSON file.");
  ImGui::SameLine();
  if (ImGui::Button("Load model") && hooks_.open_file) hooks_.open_file("gradlab-model.json");
  ui::tooltip("Open a model file saved earlier (network and settings).");
  draw_run_buttons();
  if (copied_t_ > 0) ImGui::TextColored(ui::kOkColor, "%s", copied_note_.c_str());
}

// Save run / Load run / Download for PyTorch: the whole run (weights, optimizer state, position) as a file, and
// as a PyTorch script that continues it (README: "Take it further").
void App::draw_run_buttons() {
  const auto save = [&](const char* name, std::string (*make)(const Session&, std::string&)) {
    std::string error;
    const std::string text = make(session_, error);
    if (!error.empty()) url_note_ = "Could not save " + std::string(name) + ": " + error;
    else if (hooks_.save_file) hooks_.save_file(name, text);
  };
  if (ImGui::Button("Save run")) save("gradlab-run.json", save_run_file);
  ui::tooltip("Download the whole run: network, weights, optimizer state and position, so it continues exactly\n"
              "where it stopped (Load run, gradlab-cli train --resume, or the PyTorch script).");
  ImGui::SameLine();
  if (ImGui::Button("Load run") && hooks_.open_file) hooks_.open_file("gradlab-run.json");
  ui::tooltip("Open a run file saved earlier, by GradLab or by the PyTorch script (--save-run).");
  ImGui::SameLine();
  if (ImGui::Button("Download for PyTorch")) save("train.py", export_pytorch_script);
  ui::tooltip("A PyTorch script (torch and the standard library only) that continues this run step for step:\n"
              "python3 train.py --steps 1000, or torchrun --nproc_per_node=K train.py.");
}

namespace {
struct TabDef {
  const char* label;
  MainTab tab;
  const char* tip;
};
const TabDef kTabs[] = {
    {"Boundary", MainTab::Boundary, "The classifier's prediction over the plane, for 2D data."},
    {"Curves", MainTab::Curves, "Loss and accuracy over training, gradient norms per layer, histograms."},
    {"Data", MainTab::Data, "The data set: points, image samples, clips played as frames, sequences."},
    {"Inspector", MainTab::Inspector, "Every layer's output shape, parameters, multiplications, memory and receptive field."},
    {"Graph", MainTab::Graph, "Backprop on a computation graph: a formula's values and gradients on every edge."},
    {"Inside", MainTab::Inside, "What the hidden units, conv filters and feature maps compute, and the weights' magnitudes."},
    {"Batch norm", MainTab::BatchNorm, "Batch vs running statistics, gamma and beta, train vs eval mode."},
    {"Optimizers", MainTab::Optimizers, "SGD, momentum, AdaGrad, RMSProp and Adam racing on a 2D loss surface."},
    {"Compare", MainTab::Compare, "The same network trained several times with one setting changed: learning rates, optimizers, batch sizes or L2."},
    {"Classifiers", MainTab::Classifiers, "kNN, a linear SVM and a softmax classifier beside your MLP on the same 2D data."},
};
}  // namespace

void App::draw_tabs() {
  tabs_drawn_ = 0;
  if (!ImGui::BeginTabBar("##tabs", ImGuiTabBarFlags_FittingPolicyScroll)) return;
  // An embed offers the tabs its link names (`tabs=`), else just its tab; the page offers every tab.
  const unsigned offered = !embed_ ? ~0u : embed_tabs_ ? embed_tabs_ | bit_of(tab_) : bit_of(tab_);
  for (const TabDef& def : kTabs) {
    if (!(offered & bit_of(def.tab))) continue;
    tabs_drawn_ |= bit_of(def.tab);
    // A tab chosen by a link is selected once; afterwards the student's clicks rule. Until ImGui shows it, the
    // previously shown tab is neither drawn nor made current (its work would leak into the link's state).
    const bool forced = select_tab_ == def.tab;
    const bool locked = course_tab_locked(static_cast<int>(def.tab));  // an exercise that fixes the tab
    ImGui::BeginDisabled(locked);
    const bool open = ImGui::BeginTabItem(def.label, nullptr, forced ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::EndDisabled();
    if (locked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("This exercise fixes the tabs");
    else ui::tooltip(def.tip);
    if (!open) continue;
    clip::tab_bar_scrolls();
    if (!select_tab_ || forced) {
      tab_ = def.tab;
      select_tab_.reset();
      draw_tab(def.tab);
    }
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void App::draw_tab(MainTab t) {
  switch (t) {
    case MainTab::Boundary: draw_boundary_panel(boundary_, session_, gfx_, intents_); break;
    case MainTab::Curves: draw_curves_panel(curves_, session_, intents_); break;
    case MainTab::Data: draw_data_tab(); break;
    case MainTab::Inspector: draw_inspector_panel(inspector_, session_, intents_); break;
    case MainTab::Graph: draw_graph_panel(graph_panel_, session_, intents_); break;
    case MainTab::Inside: draw_inside_panel(inside_, gfx_); break;
    case MainTab::BatchNorm: draw_batchnorm_panel(batchnorm_, session_, gfx_, intents_); break;
    case MainTab::Optimizers: draw_playground_panel(playground_panel_, session_, gfx_, intents_); break;
    case MainTab::Compare: draw_compare_panel(compare_, update_compare_panel(compare_, session_), gfx_, intents_); break;
    case MainTab::Classifiers:
      draw_classifiers_panel(classifiers_, update_classifiers_panel(classifiers_, session_), gfx_, intents_);
      break;
    case MainTab::Count: break;
  }
}

void App::draw_data_tab() {
  const TrainLab& tl = session_.train();
  if (tl.is_2d() && tl.data()) {
    ImGui::TextColored(ui::kDimColor, "Filled: training points; hollow: test points. Add or remove points in the Boundary tab.");
    PlaneView v{};
    tl.plane_bounds(v.x0, v.x1, v.y0, v.y1);
    float hx = 0, hy = 0;
    const float side = std::max(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y), 120.0f);
    if (draw_plane(*tl.data(), v, {}, side, true, gfx_, &hx, &hy)) ImGui::SetTooltip("x1 = %.3f, x2 = %.3f", hx, hy);
  }
  draw_data_view_panel(data_view_, session_, gfx_);
}

void App::draw_status_bar(float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, height));
  if (ImGui::Begin("##status", nullptr, kPageWindow)) {
    char fps[32], work[96], steps[32];
    std::snprintf(fps, sizeof fps, "%.0f fps", stats_.dt_ms > 0 ? 1000.0f / stats_.dt_ms : 0.0f);
    std::snprintf(work, sizeof work, "frame work %.1f ms (worst %.1f), GL %.1f ms", stats_.cpu_ms, stats_.cpu_ms_max, stats_.gl_ms);
    std::snprintf(steps, sizeof steps, " %.0f steps/s", train_panel_.steps_per_second);
    const std::string train = run_status() + (has_current_run(session_.train()) ? steps : "");
    // Left to right; in a narrow frame the least useful parts go first (SIMD, frame times, version, fps).
    const std::string version = std::string("GradLab ") + GRADLAB_VERSION, simd = simd_description();
    const std::pair<const char*, int> parts[] = {{version.c_str(), 2}, {simd.c_str(), 4}, {fps, 1}, {work, 3}, {train.c_str(), 0}};
    const float sep = ImGui::CalcTextSize("  |  ").x, room = ImGui::GetContentRegionAvail().x;
    int keep = 4;  // parts with a rank up to this are shown
    for (; keep > 0; --keep) {
      float w = -sep;
      for (const auto& [text, rank] : parts) w += rank <= keep ? ImGui::CalcTextSize(text).x + sep : 0.0f;
      if (w <= room) break;
    }
    bool first = true;
    for (const auto& [text, rank] : parts) {
      if (rank > keep) continue;
      if (!first) ImGui::SameLine(0, 0);
      ImGui::TextColored(ui::kDimColor, first ? "%s" : "  |  %s", text);
      first = false;
    }
  }
  ImGui::End();
}

std::string App::run_status() const {
  // While the network and the data (or the budget) disagree, the kept trainer is the previous model's: no run.
  const TrainLab& tl = session_.train();
  if (!has_current_run(tl)) return "no current run";  // why: the error under Data / Training
  if (tl.step_too_slow()) return "training off (a step is too slow for the page)";  // the work note says how slow
  return tl.playing() ? "training" : "paused";
}

}  // namespace gl
