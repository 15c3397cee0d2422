// App's course layer, drawing side: the exercise card at the top of the controls, locked control groups,
// the Labs / start-screen and Create windows, the "exercise" object of the state hook, and the "ready" /
// "state" messages to a framing course page.
#include <imgui.h>

#include <algorithm>

#include "engine/core/json.h"
#include "web/app/app.h"
#include "web/app/app_course.h"
#include "web/app/url_state.h"
#include "web/app/widgets/ui_common.h"

namespace gl {
namespace {
Json rect_json(const WidgetRect& r) { return Json::array_of(std::vector<double>{r.x, r.y, r.w, r.h}); }
}  // namespace

// While an exercise asks for Inspector cells or Graph values, those views hide them until it has passed.
void App::course_hide_answers() {
  const ExerciseLab& lab = session_.exercise();
  bool cells = false, graph = false;
  if (lab.active() && !lab.passed())
    for (const ExerciseCheck& c : lab.exercise().checks) {
      cells = cells || c.kind == CheckKind::Cell;
      graph = graph || c.kind == CheckKind::Graph;
    }
  inspector_.hide_answers = cells;
  network_.hide_counts = cells;
  graph_panel_.hide_answers = graph;
}

void App::course_draw_card() {
  course_hide_answers();
  Course& c = *course();
  c.card.lab_title = c.lab >= 0 ? c.labs[static_cast<size_t>(c.lab)].title : "";
  c.card.lab_index = c.lab >= 0 ? c.lab_ex : -1;
  c.card.lab_count = c.lab >= 0 ? static_cast<int>(c.labs[static_cast<size_t>(c.lab)].exercises.size()) : 0;
  draw_exercise_panel(c.card, session_, dpr_);
}

void App::course_draw_menu() {
  Course& c = *course();
  if (ImGui::SmallButton("Labs")) c.labs_panel.open = true, c.labs_panel.welcome = false;
  c.labs_button = last_item_rect(dpr_);
  ui::tooltip("The course's labs: each sets up a topic and asks a few questions, in order.");
  c.create_button = {};  // not drawn in an embed: no rect left from an earlier frame
  if (embed_) return;
  ImGui::SameLine();
  if (ImGui::SmallButton("Create exercise")) c.create.open = true;
  c.create_button = last_item_rect(dpr_);
  ui::tooltip("Write an exercise about the current state: what to check, what to lock; copy its link or embed code.");
}

bool App::course_lock_begin(const char* group) {
  if (!session_.exercise().locks(group)) return false;
  ImGui::BeginGroup();
  ImGui::BeginDisabled();
  return true;
}

void App::course_lock_end(bool locked, const char* group) {
  if (!locked) return;
  ImGui::EndDisabled();
  ImGui::EndGroup();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("This exercise fixes the %s", group);
}

bool App::course_tab_locked(int tab) const {
  return session_.exercise().locks("tabs") && tab != static_cast<int>(tab_);
}

void App::course_draw_windows() {
  Course& c = *course();
  if (!c.hash_seen && stats_.frames == 0) c.labs_panel.open = c.labs_panel.welcome = true;  // the start screen
  c.hash_seen = true;
  draw_labs_panel(c.labs_panel, c.labs, dpr_);
  draw_create_exercise_panel(c.create, session_, dpr_);
}

// The current state's link without its exercise, plus `ex=` for the dialog's exercise.
void App::course_apply_create() {
  Course& c = *course();
  CreateExercisePanel& p = c.create;
  if (!p.preview_requested && !p.copy_link_requested && !p.copy_embed_requested) return;
  const Exercise ex = build_exercise(p, session_);
  const std::string json = exercise_to_json(ex).dump();
  if (p.preview_requested) {
    session_.load_exercise(ex);
    c.lab = -1;
    c.ex_text = json;
    c.card.preview = true;
    p.open = false;
  } else {
    UrlParams params;
    for (auto& kv : parse_hash(url_hash()))
      if (kv.first != "ex" && kv.first != "lab" && kv.first != "embed") params.push_back(kv);
    params.emplace_back("ex", json);
    if (p.copy_embed_requested) params.emplace_back("embed", "1");
    const std::string url = (hooks_.page_url ? hooks_.page_url() : std::string()) + build_hash(params);
    const std::string text = p.copy_embed_requested
        ? "<iframe src=\"" + url + "\" width=\"800\" height=\"600\" style=\"border:0\" title=\"GradLab exercise: " + ex.title + "\"></iframe>"
        : url;
    if (hooks_.copy_text) hooks_.copy_text(text);
    p.note = p.copy_embed_requested ? "Embed code copied" : "Link copied";
    if (ex.checks.empty()) p.note += " (nothing is checked yet: tick a cell, a graph value or a goal)";
  }
  p.preview_requested = p.copy_link_requested = p.copy_embed_requested = false;
}

void App::course_state(Json& j) const {
  const Course& c = *course();
  j.set("labs", static_cast<int>(c.labs.size()));
  j.set("labs_open", c.labs_panel.open);
  j.set("create_open", c.create.open);
  j.set("labs_button", rect_json(c.labs_button));
  j.set("create_button", rect_json(c.create_button));
  Json cr = Json::object();
  cr.set("first_cell", rect_json(c.create.first_cell_rect));
  cr.set("preview", rect_json(c.create.preview_rect));
  cr.set("copy_link", rect_json(c.create.link_rect));
  cr.set("copy_embed", rect_json(c.create.embed_rect));
  j.set("create", cr);
  const ExerciseLab& lab = session_.exercise();
  if (!lab.active()) { j.set("exercise", Json()); return; }
  Json e = Json::object();
  e.set("title", lab.exercise().title);
  e.set("passed", lab.passed());
  e.set("attempts", lab.check_presses());
  e.set("hints_shown", lab.hints_shown());
  e.set("lock", Json::array_of(lab.exercise().lock));
  e.set("inspector_hidden", inspector_.hide_answers);
  e.set("graph_hidden", graph_panel_.hide_answers);
  if (c.lab >= 0) e.set("lab", c.labs[static_cast<size_t>(c.lab)].id), e.set("lab_exercise", c.lab_ex + 1);
  Json checks = Json::array();
  for (size_t i = 0; i < lab.checks().size(); ++i) {
    const CheckState& s = lab.checks()[i];
    Json k = Json::object();
    k.set("kind", check_kind_name(lab.exercise().checks[i].kind));
    k.set("prompt", check_prompt(lab.exercise().checks[i], &session_.summary()));
    k.set("passed", s.outcome.passed);
    k.set("pending", s.outcome.pending);
    k.set("attempts", s.attempts);
    k.set("feedback", s.outcome.feedback);
    k.set("revealed", s.outcome.revealed);
    Json rects = Json::array();
    if (i < c.card.rects.size())
      for (const WidgetRect& r : c.card.rects[i]) rects.push(rect_json(r));
    k.set("rects", rects);
    checks.push(k);
  }
  e.set("checks", checks);
  e.set("check_button", rect_json(c.card.check_rect));
  e.set("next_button", rect_json(c.card.next_rect));
  j.set("exercise", e);
}

// "ready" once, then "state" when the link changes, to a framing course page (frame() calls this a few
// times a second, with the hash it has just built).
void App::course_post(const std::string& hash) {
  Course& c = *course();
  if (!hooks_.post_message) return;
  if (!c.posted_ready) {
    Json m = Json::object();
    m.set("source", "gradlab");
    m.set("type", "ready");
    m.set("version", GRADLAB_VERSION);
    hooks_.post_message(m.dump());
    c.posted_ready = true;
  }
  if (hash == c.posted_hash) return;
  Json m = Json::object();
  m.set("source", "gradlab");
  m.set("type", "state");
  m.set("hash", hash);
  m.set("tab", main_tab_name(tab_));
  hooks_.post_message(m.dump());
  c.posted_hash = hash;
}

}  // namespace gl
