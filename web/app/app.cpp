// App: fixed layout (network on the left, visualisations in tabs on the right, status line at the bottom),
// intents applied at the top of each frame, the JSON state hook and URL-hash handling.
#include "web/app/app.h"

#include <imgui.h>

#include <algorithm>

#include "engine/core/json.h"
#include "engine/ops/gemm.h"
#include "web/app/url_state.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

std::string simd_description() {
#if defined(__wasm_simd128__)
  return std::string("WASM SIMD on (") + gemm_simd_name() + ")";
#elif defined(__EMSCRIPTEN__)
  return "WASM SIMD off";
#else
  return std::string("native ") + gemm_simd_name();
#endif
}

App::App(Gfx& gfx, const SessionDesc& desc) : gfx_(gfx), session_(desc) {}

void App::begin_frame(float dpr, float dt_seconds) {
  dpr_ = dpr;
  const float a = 0.1f;
  stats_.dt_ms += a * (dt_seconds * 1000.0f - stats_.dt_ms);
}

void App::end_frame(float cpu_ms) {
  stats_.cpu_ms += 0.1f * (cpu_ms - stats_.cpu_ms);
  cpu_window_max_ = std::max(cpu_window_max_, cpu_ms);
  cpu_window_t_ += stats_.dt_ms;
  if (cpu_window_t_ >= 1000.0f) {
    stats_.cpu_ms_max = cpu_window_max_;
    cpu_window_max_ = 0.0f;
    cpu_window_t_ = 0.0f;
  }
  ++stats_.frames;
}

void App::apply_intents() {
  Intents in = std::move(intents_);
  intents_ = Intents{};
  if (in.spec_text) session_.set_spec(*in.spec_text);
  if (in.summary_batch) session_.set_summary_batch(*in.summary_batch);
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
}

void App::advance() {
  // Model work happens here, before any panel draws: the race moves only while its tab is shown.
  if (tab_ == MainTab::Optimizers) session_.playground().advance(stats_.dt_ms / 1000.0);
}

void App::frame() {
  apply_intents();
  advance();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y;
  const ImVec2 pos = vp->WorkPos, size(vp->WorkSize.x, vp->WorkSize.y - status_h);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  // Controls column: a third of the width, at least 300 px (scaled), at most 520.
  const float left_w = std::clamp(size.x * 0.34f, 300.0f * dpr_, 520.0f * dpr_);

  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(std::min(left_w, size.x), size.y));
  if (ImGui::Begin("##left", nullptr, fixed)) {
    ImGui::TextColored(ImVec4(0.55f, 0.78f, 1.0f, 1.0f), "GradLab");
    ImGui::SameLine();
    ImGui::TextColored(ui::kDimColor, "build, inspect and train small networks in your browser");
    ImGui::Separator();
    draw_network_panel(network_, session_, intents_);
    if (!url_note_.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ui::kErrorColor, "%s", url_note_.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(pos.x + left_w, pos.y));
  ImGui::SetNextWindowSize(ImVec2(std::max(size.x - left_w, 1.0f), size.y));
  if (ImGui::Begin("##main", nullptr, fixed)) {
    // A tab chosen by the URL is selected once; afterwards the student's clicks rule.
    auto tab_flags = [&](MainTab t) { return select_tab_ == t ? ImGuiTabItemFlags_SetSelected : 0; };
    if (ImGui::BeginTabBar("##tabs")) {
      if (ImGui::BeginTabItem("Inspector", nullptr, tab_flags(MainTab::Inspector))) {
        tab_ = MainTab::Inspector;
        draw_inspector_panel(inspector_, session_, intents_);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Computation graph", nullptr, tab_flags(MainTab::Graph))) {
        tab_ = MainTab::Graph;
        draw_graph_panel(graph_panel_, session_, intents_);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Optimizers", nullptr, tab_flags(MainTab::Optimizers))) {
        tab_ = MainTab::Optimizers;
        draw_playground_panel(playground_panel_, session_, gfx_, intents_);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
      if (select_tab_ && tab_ == *select_tab_) select_tab_.reset();
    }
  }
  ImGui::End();
  draw_status_bar(status_h);
}

void App::draw_status_bar(float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, height));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##status", nullptr, flags)) {
    ImGui::TextColored(ui::kDimColor, "GradLab %s  |  %s  |  %.0f fps  |  frame %.1f ms (worst %.1f ms)", GRADLAB_VERSION,
                       simd_description().c_str(), stats_.dt_ms > 0 ? 1000.0f / stats_.dt_ms : 0.0f, stats_.cpu_ms,
                       stats_.cpu_ms_max);
  }
  ImGui::End();
}

std::string App::state_json() const {
  Json j = Json::object();
  j.set("ready", true);
  j.set("version", GRADLAB_VERSION);
  j.set("simd", simd_description());
#if defined(__wasm_simd128__)
  j.set("wasm_simd", true);
#else
  j.set("wasm_simd", false);
#endif
  j.set("frames", stats_.frames);
  j.set("frame_ms", stats_.dt_ms);
  j.set("cpu_ms", stats_.cpu_ms);
  j.set("cpu_ms_max", stats_.cpu_ms_max);
  j.set("spec", session_.spec_text());
  j.set("valid_spec", session_.valid_spec_text());
  if (const auto& e = session_.spec_error()) {
    Json err = Json::object();
    err.set("line", e->line);
    err.set("col", e->col);
    err.set("message", e->message);
    j.set("spec_error", err);
  } else {
    j.set("spec_error", Json());
  }
  Json rows = Json::array();
  for (const RowSummary& r : session_.summary().rows) {
    Json row = Json::object();
    row.set("spec", r.spec);
    row.set("output_shape", Json::array_of(r.output_shape.dims));
    row.set("params", r.params());
    rows.push(row);
  }
  j.set("layers", rows);
  j.set("total_params", session_.summary().total_params);
  j.set("url_note", url_note_);
  return j.dump();
}

void App::set_url_hash(const std::string& hash) {
  UrlParams p = parse_hash(hash);
  url_note_.clear();
  if (const std::string* tab = find_param(p, "tab")) {
    static const std::pair<const char*, MainTab> tabs[] = {
        {"inspector", MainTab::Inspector}, {"graph", MainTab::Graph}, {"optimizers", MainTab::Optimizers}};
    for (const auto& [name, t] : tabs)
      if (*tab == name) {
        tab_ = t;
        select_tab_ = t;
      }
  }
  if (const std::string* spec = find_param(p, "spec")) {
    if (auto err = session_.set_spec(*spec))
      url_note_ = "The link's network could not be used (" + err->message + "); showing it in the editor.";
  }
}

}  // namespace gl
