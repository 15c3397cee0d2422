// App: applies intents, advances the models within a frame budget and draws the fixed layout. The link
// (URL hash, Save/Load) is in app_link.cpp, the browser tests' JSON in app_json.cpp.
#include "web/app/app.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/session/session_io.h"
#include "web/app/widgets/plane_view.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

const std::string& App::panel_message() const {
  static const std::string none;
  if (tab_ == MainTab::Inside) return inside_.snap.message;
  if (tab_ == MainTab::BatchNorm) return batchnorm_.snap.message;
  return none;
}

App::App(Gfx& gfx, const SessionDesc& desc) : gfx_(gfx), desc_(desc), session_(desc) {}

void App::begin_frame(float dpr, float dt_seconds) {
  dpr_ = dpr;
  stats_.dt_ms += 0.1f * (dt_seconds * 1000.0f - stats_.dt_ms);
}

void App::end_frame(float cpu_ms, float gl_ms) {
  stats_.cpu_ms += 0.1f * (cpu_ms - stats_.cpu_ms);
  stats_.gl_ms += 0.1f * (gl_ms - stats_.gl_ms);
  cpu_window_max_ = std::max(cpu_window_max_, cpu_ms);
  cpu_window_t_ += stats_.dt_ms;
  if (cpu_window_t_ >= 1000.0f) {
    stats_.cpu_ms_max = cpu_window_max_;
    cpu_window_max_ = 0.0f;
    cpu_window_t_ = 0.0f;
  }
  // Adaptive training budget: keep the frame's engine + UI work near 12 ms so the page holds 60 fps.
  const float other_ms = std::max(cpu_ms - stats_.train_ms, 0.0f);
  train_budget_ms_ = std::clamp(0.8f * train_budget_ms_ + 0.2f * (12.0f - other_ms), 1.0f, 10.0f);
  ++stats_.frames;
  gfx_.end_frame();
}

void App::apply_intents() {
  Intents in = std::move(intents_);
  intents_ = Intents{};
  TrainLab& tl = session_.train();
  if (in.spec_text) session_.set_spec(*in.spec_text);
  if (in.summary_batch) session_.set_summary_batch(*in.summary_batch);
  if (in.data) {
    tl.set_data(*in.data);
    point_edits_.clear();  // a new set: the hand-placed points went with the old one
  }
  if (in.train) tl.set_train(*in.train);
  if (in.play) tl.set_playing(*in.play);
  if (in.reset) tl.reset();
  if (in.step) {
    tl.set_playing(false);
    tl.step_once();
  }
  if (in.add_point) {
    const PointEdit e{false, round_point_coord(in.add_point->x1), round_point_coord(in.add_point->x2),
                      in.add_point->cls, in.add_point->test};
    tl.add_point(e.x1, e.x2, e.cls, e.test ? Split::Test : Split::Train);
    point_edits_.push_back(e);
  }
  if (in.remove_point) {
    const PointEdit e{true, round_point_coord(in.remove_point->first), round_point_coord(in.remove_point->second)};
    if (tl.remove_point_at(e.x1, e.x2)) point_edits_.push_back(e);
  }
  if (point_edits_.size() > static_cast<size_t>(kMaxPointEdits))
    point_edits_.erase(point_edits_.begin(), point_edits_.end() - kMaxPointEdits);
  if (in.formula) session_.graph_lab().set_formula(*in.formula);
  for (auto [var, v] : in.formula_values) session_.graph_lab().set_value(var, v);
  apply_playground_intents(in);
}

void App::apply_playground_intents(const Intents& in) {
  PlaygroundLab& pg = session_.playground();
  if (in.surface) session_.set_surface(*in.surface);
  if (in.playground_play) pg.set_playing(*in.playground_play);
  bool restart = in.playground_restart;
  for (auto [i, en] : in.racer_enabled) pg.racers()[static_cast<size_t>(i)].enabled = en, restart = true;
  for (auto [i, lr] : in.racer_lr) pg.racers()[static_cast<size_t>(i)].optim.lr = lr, restart = true;
  if (in.playground_start) {
    pg.set_start(in.playground_start->first, in.playground_start->second);
    race_start_set_ = true;
  } else if (restart) {
    pg.restart();
  }
}

void App::advance() {
  // All model work happens here, before any panel draws.
  TrainLab& tl = session_.train();
  stats_.train_ms = 0;
  if (tl.playing() && tl.trainer() && tl.error().empty() && !tl.trainer()->diverged()) {
    const double t0 = ImGui::GetTime();
    const int64_t n = tl.train_for(train_budget_ms_);
    stats_.train_ms = static_cast<float>((ImGui::GetTime() - t0) * 1000.0);
    sps_steps_ += n;
  }
  sps_time_ += stats_.dt_ms;
  if (sps_time_ >= 500.0f) {
    train_panel_.steps_per_second = static_cast<float>(sps_steps_) * 1000.0f / sps_time_;
    sps_steps_ = 0;
    sps_time_ = 0;
  }
  if (tab_ == MainTab::Boundary && tl.is_2d() && tl.trainer()) tl.decision_grid(boundary_.grid);
  if (tab_ == MainTab::Inspector && inspector_.check_requested) {
    const std::vector<ParamInfo>& ps = tl.param_list();
    if (!ps.empty()) {
      const ParamInfo& c = ps[static_cast<size_t>(std::clamp(inspector_.choice, 0, static_cast<int>(ps.size()) - 1))];
      inspector_.check = tl.grad_check(c.layer, c.param, std::min<int64_t>(inspector_.element, c.size - 1));
    }
    inspector_.check_requested = false;
  }
  if (tab_ == MainTab::Optimizers) session_.playground().advance(stats_.dt_ms / 1000.0);
  inside_.visible = tab_ == MainTab::Inside;
  apply_inside_panel(inside_, session_, stats_.dt_ms);
  batchnorm_.visible = tab_ == MainTab::BatchNorm;
  apply_batchnorm_panel(batchnorm_, session_, stats_.dt_ms);
  classifiers_.visible = tab_ == MainTab::Classifiers;
  apply_classifiers_panel(classifiers_, session_, stats_.dt_ms);
  compare_.visible = tab_ == MainTab::Compare;
  apply_compare_panel(compare_, session_, stats_.dt_ms);
}

void App::handle_keys() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeySuper) return;
  // ImGui 1.86 indexes keys by the backend's codes; GLFW's letter codes are their upper-case ASCII.
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) intents_.play = !session_.train().playing();
  if (ImGui::IsKeyPressed('S', false)) intents_.step = true;
  if (ImGui::IsKeyPressed('R', false)) intents_.reset = true;
}

void App::frame() {
  apply_intents();
  advance();
  handle_keys();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y;
  const ImVec2 pos = vp->WorkPos, size(vp->WorkSize.x, vp->WorkSize.y - status_h);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  // Controls column: about a third of the width, at least 280 px (scaled), at most 460.
  const float left_w = std::clamp(size.x * 0.32f, 280.0f * dpr_, 460.0f * dpr_);
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(std::min(left_w, size.x), size.y));
  // The controls column scrolls when it is taller than the window (800x600 iframes).
  if (ImGui::Begin("##left", nullptr, fixed & ~ImGuiWindowFlags_NoScrollbar)) draw_left_column();
  ImGui::End();
  ImGui::SetNextWindowPos(ImVec2(pos.x + left_w, pos.y));
  ImGui::SetNextWindowSize(ImVec2(std::max(size.x - left_w, 1.0f), size.y));
  if (ImGui::Begin("##main", nullptr, fixed)) draw_tabs();
  ImGui::End();
  draw_status_bar(status_h);

  // Keep the page's URL in step with the state, so a reload or a copied address restores it (checked a few
  // times a second, not every frame: building the hash reads every setting).
  hash_check_ms_ += stats_.dt_ms;
  if (hooks_.set_url_hash && hash_check_ms_ >= 250.0f) {
    hash_check_ms_ = 0;
    std::string h = url_hash();
    if (h != last_hash_) {
      hooks_.set_url_hash(h);
      last_hash_ = h;
    }
  }
  copied_t_ = std::max(0.0f, copied_t_ - stats_.dt_ms / 1000.0f);
}

void App::draw_left_column() {
  ImGui::TextColored(ImVec4(0.55f, 0.78f, 1.0f, 1.0f), "GradLab");
  ImGui::SameLine();
  ImGui::TextColored(ui::kDimColor, "build and train networks in the browser");
  if (!url_note_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kErrorColor, "%s", url_note_.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("dismiss")) url_note_.clear();
  }
  draw_network_panel(network_, session_, intents_);
  if (embed_) {
    draw_train_controls(train_panel_, session_, intents_);
    return;
  }
  if (ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen)) draw_data_controls(train_panel_, session_, intents_);
  if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) draw_train_controls(train_panel_, session_, intents_);
  if (ImGui::CollapsingHeader("Share and save")) {
    if (ImGui::Button("Copy link")) {
      std::string url = (hooks_.page_url ? hooks_.page_url() : std::string()) + url_hash();
      if (hooks_.copy_text) hooks_.copy_text(url);
      copied_note_ = "Link copied";
      copied_t_ = 2.5f;
    }
    ui::tooltip("Copy a link that opens GradLab in exactly this state (network, data, settings, seed, tab).");
    ImGui::SameLine();
    if (ImGui::Button("Copy embed code")) {
      std::string url = (hooks_.page_url ? hooks_.page_url() : std::string()) + url_hash() + "&embed=1";
      if (hooks_.copy_text)
        hooks_.copy_text("<iframe src=\"" + url + "\" width=\"800\" height=\"600\" style=\"border:0\" title=\"GradLab exercise\"></iframe>");
      copied_note_ = "Embed code copied";
      copied_t_ = 2.5f;
    }
    ui::tooltip("Copy an <iframe> snippet for a course page: a minimal 800x600 layout of this exact state.");
    if (ImGui::Button("Save model (JSON)") && hooks_.save_file) hooks_.save_file("gradlab-model.json", save_json());
    ui::tooltip("Download the network and its settings as a JSON file.");
    ImGui::SameLine();
    if (ImGui::Button("Load model") && hooks_.open_file) hooks_.open_file();
    ui::tooltip("Open a model file saved earlier (network and settings).");
    if (copied_t_ > 0) ImGui::TextColored(ui::kOkColor, "%s", copied_note_.c_str());
  }
}

void App::draw_tabs() {
  // A tab chosen by the URL is selected once; afterwards the student's clicks rule.
  auto tab = [&](const char* label, MainTab t, const char* tip) {
    bool open = ImGui::BeginTabItem(label, nullptr, select_tab_ == t ? ImGuiTabItemFlags_SetSelected : 0);
    ui::tooltip(tip);
    if (open) tab_ = t;
    return open;
  };
  if (!ImGui::BeginTabBar("##tabs", ImGuiTabBarFlags_FittingPolicyScroll)) return;
  const TrainLab& tl = session_.train();
  if (tab("Boundary", MainTab::Boundary, "The classifier's prediction over the plane, for 2D data.")) {
    draw_boundary_panel(boundary_, session_, gfx_, intents_);
    ImGui::EndTabItem();
  }
  if (tab("Curves", MainTab::Curves, "Loss and accuracy over training, gradient norms per layer, histograms.")) {
    draw_curves_panel(curves_, session_, intents_);
    ImGui::EndTabItem();
  }
  if (!embed_ || tab_ == MainTab::Data) {
    if (tab("Data", MainTab::Data, "The data set: points, image samples, clips played as frames, sequences.")) {
      if (tl.is_2d() && tl.data()) {
        ImGui::TextColored(ui::kDimColor, "Filled: training points; hollow: test points. Add or remove points in the Boundary tab.");
        PlaneView v{};
        tl.plane_bounds(v.x0, v.x1, v.y0, v.y1);
        float hx = 0, hy = 0;
        const float side = std::max(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y), 120.0f);
        if (draw_plane(*tl.data(), v, nullptr, side, true, &hx, &hy)) ImGui::SetTooltip("x1 = %.3f, x2 = %.3f", hx, hy);
      }
      draw_data_view_panel(data_view_, session_, gfx_);
      ImGui::EndTabItem();
    }
  }
  if (tab("Inspector", MainTab::Inspector, "Every layer's output shape, parameters, multiplications, memory and receptive field.")) {
    draw_inspector_panel(inspector_, session_, intents_);
    ImGui::EndTabItem();
  }
  if (!embed_ || tab_ == MainTab::Graph) {
    if (tab("Graph", MainTab::Graph, "Backprop on a computation graph: a formula's values and gradients on every edge.")) {
      draw_graph_panel(graph_panel_, session_, intents_);
      ImGui::EndTabItem();
    }
  }
  if (!embed_ || tab_ == MainTab::Inside) {
    if (tab("Inside", MainTab::Inside, "What the hidden units, conv filters and feature maps compute, and the weights' magnitudes.")) {
      draw_inside_panel(inside_, session_, gfx_);
      ImGui::EndTabItem();
    }
  }
  if (!embed_ || tab_ == MainTab::BatchNorm) {
    if (tab("Batch norm", MainTab::BatchNorm, "Batch vs running statistics, gamma and beta, train vs eval mode.")) {
      draw_batchnorm_panel(batchnorm_, session_, gfx_);
      ImGui::EndTabItem();
    }
  }
  if (!embed_ || tab_ == MainTab::Optimizers) {
    if (tab("Optimizers", MainTab::Optimizers, "SGD, momentum, AdaGrad, RMSProp and Adam racing on a 2D loss surface.")) {
      draw_playground_panel(playground_panel_, session_, gfx_, intents_);
      ImGui::EndTabItem();
    }
  }
  if (!embed_ || tab_ == MainTab::Compare) {
    if (tab("Compare", MainTab::Compare, "The same network trained several times with one setting changed: learning rates, optimizers, batch sizes or L2.")) {
      draw_compare_panel(compare_, session_, gfx_);
      ImGui::EndTabItem();
    }
  }
  if (!embed_ || tab_ == MainTab::Classifiers) {
    if (tab("Classifiers", MainTab::Classifiers, "kNN, a linear SVM and a softmax classifier beside your MLP on the same 2D data.")) {
      draw_classifiers_panel(classifiers_, session_, gfx_);
      ImGui::EndTabItem();
    }
  }
  (void)tl;
  ImGui::EndTabBar();
  if (select_tab_ && tab_ == *select_tab_) select_tab_.reset();
}

void App::draw_status_bar(float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, height));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##status", nullptr, flags)) {
    const TrainLab& tl = session_.train();
    ImGui::TextColored(ui::kDimColor, "GradLab %s  |  %s  |  %.0f fps  |  frame work %.1f ms (worst %.1f), GL %.1f ms  |  %s %.0f steps/s",
                       GRADLAB_VERSION, simd_description().c_str(), stats_.dt_ms > 0 ? 1000.0f / stats_.dt_ms : 0.0f,
                       stats_.cpu_ms, stats_.cpu_ms_max, stats_.gl_ms, tl.playing() ? "training" : "paused",
                       train_panel_.steps_per_second);
  }
  ImGui::End();
}

}  // namespace gl
