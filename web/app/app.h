// The application: owns the Session and the panels' UI state. Each frame: apply the intents recorded last
// frame, (train for a time budget, as training lands), then draw the fixed layout. Same code natively and
// in the page; the platform layer (web/platform) calls begin_frame / frame / end_frame.
#pragma once
#include <optional>
#include <string>

#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"
#include "web/app/panels/graph_panel.h"
#include "web/app/panels/inspector_panel.h"
#include "web/app/panels/playground_panel.h"
#include "web/app/panels/network_panel.h"

namespace gl {

struct FrameStats {
  float dt_ms = 16.7f;      // time between frames (smoothed)
  float cpu_ms = 0.0f;      // time spent in our frame work, including render submission (smoothed)
  float cpu_ms_max = 0.0f;  // worst of the last second
  int frames = 0;
};

class App {
 public:
  explicit App(Gfx& gfx, const SessionDesc& desc = {});

  void begin_frame(float dpr, float dt_seconds);
  void frame();  // between ImGui::NewFrame() and ImGui::Render()
  void end_frame(float cpu_ms);

  // What the app shows, as JSON, for browser tests: ready flag, version, SIMD, frame times, spec and its
  // error, and the inspector rows.
  std::string state_json() const;
  // Applies a URL hash (#spec=...); a bad value falls back to the current state with a visible note.
  void set_url_hash(const std::string& hash);

  const Session& session() const { return session_; }

 private:
  enum class MainTab { Inspector, Graph, Optimizers };
  void apply_intents();
  void advance();
  void draw_status_bar(float height);

  Gfx& gfx_;
  Session session_;
  Intents intents_;
  NetworkPanel network_;
  InspectorPanel inspector_;
  GraphPanel graph_panel_;
  PlaygroundPanel playground_panel_;
  FrameStats stats_;
  MainTab tab_ = MainTab::Inspector;
  std::optional<MainTab> select_tab_;  // a tab requested by the URL, until ImGui has selected it
  float dpr_ = 1.0f;
  float cpu_window_max_ = 0.0f, cpu_window_t_ = 0.0f;
  std::string url_note_;  // shown when a URL could not be applied
};

// "on (f32x4)" style text: whether WASM SIMD (or the native SIMD set) is compiled in.
std::string simd_description();

}  // namespace gl
