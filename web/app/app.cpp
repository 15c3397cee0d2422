// App: applies intents, advances the models within a frame budget, draws the fixed layout, and maps the
// state to and from the URL hash and the Save/Load JSON.
#include "web/app/app.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/json.h"
#include "engine/data/image_pack.h"
#include "engine/ops/gemm.h"
#include "web/app/app_state.h"
#include "web/app/url_state.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

std::string simd_description() {
#if defined(__wasm_simd128__)
  return std::string("WASM SIMD on (") + gemm_simd_name() + ")";
#elif defined(__EMSCRIPTEN__)
  return "WASM SIMD off";
#else
  std::string s = gemm_simd_name();
  return "native " + s.substr(0, s.find(','));
#endif
}

const char* main_tab_name(MainTab t) {
  static const char* names[] = {"boundary", "curves", "data", "inspector", "inside", "graph", "optimizers",
                                "compare", "batchnorm", "classifiers"};
  static_assert(IM_ARRAYSIZE(names) == static_cast<int>(MainTab::Count));
  return names[static_cast<int>(t)];
}

struct App::Extra {
  ClassifiersPanel classifiers;
  ComparePanel compare;
  InsidePanel inside;
  BatchNormPanel batchnorm;
  DataViewPanel data_view;
};

const std::string& App::panel_message() const {
  static const std::string none;
  if (tab_ == MainTab::Inside) return extra_->inside.snap.message;
  if (tab_ == MainTab::BatchNorm) return extra_->batchnorm.snap.message;
  return none;
}

App::App(Gfx& gfx, const SessionDesc& desc) : gfx_(gfx), session_(desc), extra_(new Extra) {}
App::~App() { delete extra_; }

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
}

void App::apply_intents() {
  Intents in = std::move(intents_);
  intents_ = Intents{};
  TrainLab& tl = session_.train();
  if (in.spec_text) session_.set_spec(*in.spec_text);
  if (in.summary_batch) session_.set_summary_batch(*in.summary_batch);
  if (in.data) tl.set_data(*in.data);
  if (in.train) tl.set_train(*in.train);
  if (in.play) tl.playing = *in.play;
  if (in.reset) tl.reset();
  if (in.step) {
    tl.playing = false;
    tl.step_once();
  }
  if (in.add_point) tl.add_point(in.add_point->x1, in.add_point->x2, in.add_point->cls, in.add_point->test ? Split::Test : Split::Train);
  if (in.remove_point) {
    float x0, x1, y0, y1;
    tl.plane_bounds(x0, x1, y0, y1);
    tl.remove_point_near(in.remove_point->first, in.remove_point->second, 0.03f * (x1 - x0));
  }
  if (in.formula) session_.graph_lab().set_formula(*in.formula);
  for (auto [var, v] : in.formula_values) session_.graph_lab().set_value(var, v);
  PlaygroundLab& pg = session_.playground();
  if (in.surface) session_.set_surface(*in.surface);
  if (in.playground_play) pg.playing = *in.playground_play;
  bool restart = in.playground_restart;
  for (auto [i, en] : in.racer_enabled) pg.racers()[static_cast<size_t>(i)].enabled = en, restart = true;
  for (auto [i, lr] : in.racer_lr) pg.racers()[static_cast<size_t>(i)].optim.lr = lr, restart = true;
  if (in.playground_start) pg.set_start(in.playground_start->first, in.playground_start->second);
  else if (restart) pg.restart();
  course_apply();  // exercise Check / Previous / Next, lab picks, Create exercise
}

void App::advance() {
  // All model work happens here, before any panel draws.
  TrainLab& tl = session_.train();
  stats_.train_ms = 0;
  if (tl.playing && tl.trainer() && tl.error().empty() && !tl.trainer()->diverged()) {
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
  if (tab_ == MainTab::Inspector) {
    inspector_.choices.clear();
    // Only a trainer built from the current spec and data: after a failed rebuild the lab keeps the previous
    // one, whose layers would not match the table above the check.
    if (Trainer* tr = tl.error().empty() ? tl.trainer() : nullptr) {
      Model& m = tr->model();
      for (int i = 0; i < m.num_layers(); ++i) {
        std::vector<Param*> ps = m.layer(i).params();
        for (size_t k = 0; k < ps.size(); ++k)
          inspector_.choices.push_back({i, static_cast<int>(k), ps[k]->value.size(),
                                        "layer " + std::to_string(i) + " " + layer_kind_name(m.layer(i).kind()) + ": " +
                                            ps[k]->name + " (" + ps[k]->value.shape().str() + ")"});
      }
    }
    if (inspector_.check_requested && !inspector_.choices.empty()) {
      const auto& c = inspector_.choices[static_cast<size_t>(std::clamp(inspector_.choice, 0, static_cast<int>(inspector_.choices.size()) - 1))];
      inspector_.check = tl.grad_check(c.layer, c.param, std::min<int64_t>(inspector_.element, c.size - 1));
    }
    inspector_.check_requested = false;
  }
  if (tab_ == MainTab::Optimizers) session_.playground().advance(stats_.dt_ms / 1000.0);
  extra_->inside.visible = tab_ == MainTab::Inside;
  apply_inside_panel(extra_->inside, session_, stats_.dt_ms);
  extra_->batchnorm.visible = tab_ == MainTab::BatchNorm;
  apply_batchnorm_panel(extra_->batchnorm, session_, stats_.dt_ms);
  extra_->classifiers.visible = tab_ == MainTab::Classifiers;
  apply_classifiers_panel(extra_->classifiers, session_, stats_.dt_ms);
  extra_->compare.visible = tab_ == MainTab::Compare;
  apply_compare_panel(extra_->compare, session_, stats_.dt_ms);
  course_advance();  // exercise goals against the run
}

void App::handle_keys() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeySuper) return;
  // ImGui 1.86 indexes keys by the backend's codes; GLFW's letter codes are their upper-case ASCII.
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) intents_.play = !session_.train().playing;
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
  course_draw_windows();  // Labs / start screen, Create exercise

  // Keep the page's URL in step with the state, so a reload or a copied address restores it.
  if (hooks_.set_url_hash) {
    std::string h = url_hash();
    if (h != last_hash_) {
      hooks_.set_url_hash(h);
      last_hash_ = h;
    }
  }
  course_post(url_hash());  // ready / state messages to a framing course page
  copied_t_ = std::max(0.0f, copied_t_ - stats_.dt_ms / 1000.0f);
}

void App::draw_left_column() {
  ImGui::TextColored(ImVec4(0.55f, 0.78f, 1.0f, 1.0f), "GradLab");
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
  const bool net_locked = course_lock_begin("network");
  draw_network_panel(network_, session_, intents_);
  course_lock_end(net_locked, "network");
  if (embed_) {
    const bool train_locked = course_lock_begin("training");
    draw_train_controls(train_panel_, session_, intents_);
    course_lock_end(train_locked, "training");
    return;
  }
  const bool data_locked = course_lock_begin("data");
  if (ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen)) draw_data_controls(train_panel_, session_, intents_);
  course_lock_end(data_locked, "data");
  const bool train_locked = course_lock_begin("training");
  if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) draw_train_controls(train_panel_, session_, intents_);
  course_lock_end(train_locked, "training");
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
    const bool locked = course_tab_locked(static_cast<int>(t));  // an exercise that fixes the tab
    ImGui::BeginDisabled(locked);
    bool open = ImGui::BeginTabItem(label, nullptr, select_tab_ == t ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::EndDisabled();
    if (locked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("This exercise fixes the tabs");
    else ui::tooltip(tip);
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
      draw_data_view_panel(extra_->data_view, session_, gfx_);
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
      draw_inside_panel(extra_->inside, session_, gfx_);
      ImGui::EndTabItem();
    }
  }
  if (!embed_ || tab_ == MainTab::BatchNorm) {
    if (tab("Batch norm", MainTab::BatchNorm, "Batch vs running statistics, gamma and beta, train vs eval mode.")) {
      draw_batchnorm_panel(extra_->batchnorm, session_, gfx_);
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
      draw_compare_panel(extra_->compare, session_, gfx_);
      ImGui::EndTabItem();
    }
  }
  if (!embed_ || tab_ == MainTab::Classifiers) {
    if (tab("Classifiers", MainTab::Classifiers, "kNN, a linear SVM and a softmax classifier beside your MLP on the same 2D data.")) {
      draw_classifiers_panel(extra_->classifiers, session_, gfx_);
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
                       stats_.cpu_ms, stats_.cpu_ms_max, stats_.gl_ms, tl.playing ? "training" : "paused",
                       train_panel_.steps_per_second);
  }
  ImGui::End();
}

void App::load_image_pack(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return;  // not built or not fetched yet: picking an image set says so
  std::fclose(f);
  try {
    session_.train().set_image_pack(std::make_shared<const ImagePack>(read_image_pack(path)));
  } catch (const EngineError& e) {
    url_note_ = std::string("The image data could not be loaded: ") + e.what();
  }
}

}  // namespace gl
