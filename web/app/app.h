// The application: owns the Session and the panels' UI state. Each frame: apply the intents recorded last
// frame, advance the models (training for an adaptive time budget, the optimizer race, the classifiers),
// then draw the fixed layout (controls on the left, visualisations in tabs, status line at the bottom).
// Same code natively and in the page; the platform layer (web/platform) calls begin_frame/frame/end_frame.
// A link (URL hash) is the whole state: set_url_hash() starts from the defaults (app_link.cpp).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"
#include "web/app/link_state.h"
#include "web/app/panels/batchnorm_panel.h"
#include "web/app/panels/boundary_panel.h"
#include "web/app/panels/classifiers_panel.h"
#include "web/app/panels/compare_panel.h"
#include "web/app/panels/curves_panel.h"
#include "web/app/panels/data_view_panel.h"
#include "web/app/panels/graph_panel.h"
#include "web/app/panels/inside_panel.h"
#include "web/app/panels/inspector_panel.h"
#include "web/app/panels/network_panel.h"
#include "web/app/panels/playground_panel.h"
#include "web/app/panels/train_panel.h"

namespace gl {

struct FrameStats {
  float dt_ms = 16.7f;      // time between frames (smoothed)
  float cpu_ms = 0.0f;      // engine + UI work of a frame (smoothed)
  float cpu_ms_max = 0.0f;  // worst of the last second
  float gl_ms = 0.0f;       // GL submission and swap (smoothed)
  float train_ms = 0.0f;    // training budget used last frame
  int frames = 0;
};

// What the platform offers the app (clipboard, the page's URL); all optional.
struct PlatformHooks {
  std::function<void(const std::string&)> copy_text;     // to the clipboard
  std::function<void(const std::string&)> set_url_hash;  // replace the page's #hash (no reload)
  std::function<std::string()> page_url;                 // the page's URL without the hash
  std::function<void(const std::string&, const std::string&)> save_file;  // (name, text): download / write
  // Ask for a model or run file; the platform calls App::load_json with it. The name is what the desktop app
  // reads (the page asks the student to choose a file).
  std::function<void(const std::string&)> open_file;
  std::function<void(const std::string&)> post_message;  // JSON to the framing course page (if framed)
  // The image pack (digits, Fashion-MNIST) is wanted and not loaded: fetch it, then call App::load_image_pack.
  // Called every frame while an image set waits for it (the page fetches once).
  std::function<void()> need_images;
};

class App {
 public:
  explicit App(Gfx& gfx, const SessionDesc& desc = {});

  void set_hooks(PlatformHooks hooks) { hooks_ = std::move(hooks); }
  void begin_frame(float dpr, float dt_seconds);
  void frame();  // between ImGui::NewFrame() and ImGui::Render()
  // work_ms: engine + UI time of the frame (training, advancing, building the draw lists); gl_ms: handing the
  // draw lists to GL and swapping (on a software rasteriser this waits for the rasteriser).
  void end_frame(float work_ms, float gl_ms);

  // What the app shows, as JSON, for browser tests: ready flag, version, SIMD, frame times, GPU uploads, spec
  // and its error, the inspector rows, training progress, the decision-boundary grid's summary, and the link.
  std::string state_json() const;
  // Opens a link: the state a fresh page given this hash would have (defaults, then the hash; nothing of
  // the current state carries over). Bad values keep their default and are named in a visible note.
  void set_url_hash(const std::string& hash);
  // The current state as a URL hash (link_hash of capture_link()).
  std::string url_hash() const;
  // Everything a link carries, read from the session and the panels; and the reverse, over a fresh state.
  LinkState capture_link() const;
  void apply_link(const LinkState& link);
  // Model + settings as JSON (Save), and back (Load); load errors become the visible note.
  std::string save_json() const;
  void load_json(const std::string& text);
  // The image pack (digits, Fashion-MNIST) became available at path.
  void load_image_pack(const std::string& path);
  void image_pack_failed(const std::string& why);  // the fetch failed: what waited for it says so

  const Session& session() const { return session_; }
  // What the panels asked for this frame, applied at the top of the next one (tests record edits here).
  Intents& pending_intents() { return intents_; }
  // New network text, as if typed in the editor (the page's accessible editor uses it).
  void set_spec_text(const std::string& text) { intents_.spec_text = text; }

  // The course's labs (web/labs/labs.json): from its text, or read from a file; errors show in the Labs window.
  void load_labs(const std::string& text);
  void load_labs_file(const std::string& path);

 private:
  void reset_to_defaults();  // a fresh session and fresh panels (the image pack is kept)
  // Course layer (exercises, labs, Create exercise, course-page messages): app_course.cpp, app_course_view.cpp.
  struct Course;
  struct CourseDeleter { void operator()(Course* c) const; };
  mutable std::unique_ptr<Course, CourseDeleter> course_;
  Course* course() const;
  // A link's `lab=` expanded: the lab's state keys added where the link has none (app_course.cpp).
  std::string course_expand_lab(const std::string& hash) const;
  // The link's exercise (`ex=` or `lab=`) loaded over a fresh state; and the reverse, into a captured link.
  void course_apply_link(const LinkState& link, std::vector<std::string>& problems);
  void course_capture_link(LinkState& link) const;
  void course_state(Json& j) const;
  void open_lab_exercise(int lab, int n);
  void course_apply();
  void course_apply_create();
  void course_advance();
  void course_post_check();
  void course_post(const std::string& hash);
  void course_draw_card();
  void course_hide_answers();
  Json pictures_json() const;  // the visible tab's figures in words (web/app/pictures_in_words.h)
  void course_draw_menu();
  void course_draw_windows();
  bool course_lock_begin(const char* group);
  void course_lock_end(bool locked, const char* group);
  bool course_tab_locked(int tab) const;
  void apply_intents();
  void follow_spec_input();  // after a typed spec: the data set in use takes the INPUT's sizes (app.cpp)
  void advance();
  void draw_left_column();
  void draw_left_column_groups();
  void draw_control_group(ControlGroup g);
  void draw_share_controls();
  void draw_run_buttons();
  void draw_tabs();
  void draw_tab(MainTab t);  // the panel of one tab
  void draw_data_tab();
  // The note the Inside or Batch norm tab shows instead of (or above) its views; "" on other tabs.
  const std::string& panel_message() const;
  void draw_status_bar(float height);
  std::string run_status() const;   // "training", "paused", "training off (...)" or "no current run"
  void handle_keys();

  Gfx& gfx_;
  SessionDesc desc_;
  Session session_;
  Intents intents_;
  PlatformHooks hooks_;
  NetworkPanel network_;
  InspectorPanel inspector_;
  TrainPanel train_panel_;
  BoundaryPanel boundary_;
  CurvesPanel curves_;
  GraphPanel graph_panel_;
  PlaygroundPanel playground_panel_;
  // Panels with an update step that builds their view from the session (classifiers, compare, inside, batch norm).
  ClassifiersPanel classifiers_;
  ComparePanel compare_;
  InsidePanel inside_;
  BatchNormPanel batchnorm_;
  DataViewPanel data_view_;
  FrameStats stats_;
  MainTab tab_ = MainTab::Boundary;
  std::optional<MainTab> select_tab_;  // a tab requested by the URL, until ImGui has selected it
  bool embed_ = false;
  unsigned embed_tabs_ = 0;                    // LinkState::tabs (0: just the current tab)
  unsigned embed_controls_ = kEmbedControls;   // LinkState::controls
  unsigned tabs_drawn_ = 0, controls_drawn_ = 0;  // what the last frame offered (for the state hook)
  float dpr_ = 1.0f;
  float cpu_window_max_ = 0.0f, cpu_window_t_ = 0.0f, cpu_prev_max_ = 0.0f, dt_last_ms_ = 16.7f;
  float train_budget_ms_ = 6.0f;
  int64_t sps_steps_ = 0;
  float sps_time_ = 0.0f;
  std::string url_note_;    // shown when a URL or file could not be applied
  std::string run_waiting_images_;  // a run file that failed before the image pack arrived: tried again then
  std::string last_hash_;   // last hash pushed to the page
  float hash_check_ms_ = 0;  // time since the hash was last compared with the state
  std::string copied_note_; float copied_t_ = 0;
};



}  // namespace gl
