// App's course layer: exercises from links (`ex=`) and labs (`lab=id:n`), the exercise card and its locks,
// the Labs window and start screen, the Create exercise dialog, and the messages to a course page that
// frames GradLab (ready, state, check). The checker and exercise state live in the engine (ExerciseLab).
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/core/json.h"
#include "web/app/app.h"
#include "web/app/app_course.h"
#include "web/app/url_state.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

void App::CourseDeleter::operator()(Course* c) const { delete c; }

App::Course* App::course() const {
  if (!course_) course_.reset(new Course);
  return course_.get();
}

void App::load_labs(const std::string& text) {
  std::string error;
  if (auto labs = labs_from_json(text, error)) course()->labs = std::move(*labs);
  else course()->labs_panel.error = "The labs could not be read: " + error;
}

void App::load_labs_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) {
    course()->labs_panel.error = "The labs file is missing (" + path + ").";
    return;
  }
  std::ostringstream s;
  s << f.rdbuf();
  load_labs(s.str());
}

namespace {
// "id:n" -> the lab's index and the exercise's (0-based); false when there is no such lab exercise.
bool find_lab_exercise(const std::vector<Lab>& labs, const std::string& text, int& lab, int& n) {
  const size_t colon = text.find(':');
  const std::string id = text.substr(0, colon);
  n = colon == std::string::npos ? 0 : std::atoi(text.c_str() + colon + 1) - 1;
  const auto it = std::find_if(labs.begin(), labs.end(), [&](const Lab& l) { return l.id == id; });
  lab = static_cast<int>(it - labs.begin());
  return it != labs.end() && n >= 0 && n < static_cast<int>(it->exercises.size());
}
}  // namespace

std::string App::course_expand_lab(const std::string& hash) const {
  UrlParams p = parse_hash(hash);
  const std::string* text = find_param(p, "lab");
  int lab = 0, n = 0;
  if (!text || !find_lab_exercise(course()->labs, *text, lab, n)) return hash;
  for (const auto& [k, v] : course()->labs[static_cast<size_t>(lab)].exercises[static_cast<size_t>(n)].state)
    if (!find_param(p, k)) p.emplace_back(k, v);
  return build_hash(p);
}

// Runs over a fresh session (apply_link): `lab=` (whose state course_expand_lab added) or `ex=` loads the
// exercise; a link with neither has none.
void App::course_apply_link(const LinkState& s, std::vector<std::string>& problems) {
  Course& c = *course();
  c.hash_seen = true;
  c.labs_panel.open = c.labs_panel.welcome = false;  // a fresh load of a link shows neither window
  c.create.open = false;
  c.lab = -1;
  c.ex_text.clear();
  c.card.preview = false;
  c.card.serial = -1;  // a fresh session counts its exercises from 0 again: the card starts over
  std::optional<Exercise> ex;
  if (!s.lab.empty()) {
    int lab = 0, n = 0;
    if (!find_lab_exercise(c.labs, s.lab, lab, n)) {
      problems.push_back("lab=" + s.lab + " (no such lab exercise)");
      return;
    }
    c.lab = lab;
    c.lab_ex = n;
    ex = c.labs[static_cast<size_t>(lab)].exercises[static_cast<size_t>(n)].exercise;
  } else if (!s.exercise.empty()) {
    std::string error;
    try {
      ex = exercise_from_json(Json::parse(s.exercise), error);
    } catch (const EngineError& err) {
      error = err.what();
    }
    if (!ex) {
      problems.push_back("ex (the exercise): " + error);
      return;
    }
    c.ex_text = s.exercise;
  }
  if (ex) session_.load_exercise(std::move(*ex));
}

void App::course_capture_link(LinkState& s) const {
  const Course& c = *course();
  if (!session_.exercise().active() || c.card.preview) return;
  if (c.lab >= 0) s.lab = c.labs[static_cast<size_t>(c.lab)].id + ":" + std::to_string(c.lab_ex + 1);
  else s.exercise = c.ex_text;
}

// Opens a lab's exercise through the link path, as `#lab=id:n` would (keeping embed mode).
void App::open_lab_exercise(int lab, int n) {
  Course& c = *course();
  if (lab < 0 || lab >= static_cast<int>(c.labs.size())) return;
  n = std::clamp(n, 0, static_cast<int>(c.labs[static_cast<size_t>(lab)].exercises.size()) - 1);
  UrlParams p;  // the lab's state is added by course_expand_lab, as for a link
  p.emplace_back("lab", c.labs[static_cast<size_t>(lab)].id + ":" + std::to_string(n + 1));
  if (embed_) p.emplace_back("embed", "1");
  set_url_hash(build_hash(p));
}

void App::course_post_check() {
  const ExerciseLab& lab = session_.exercise();
  if (!hooks_.post_message || !lab.active()) return;
  Json m = Json::object();
  m.set("source", "gradlab");
  m.set("type", "check");
  m.set("exercise", lab.exercise().title);
  m.set("passed", lab.passed());
  Json answers = Json::array();
  for (const CheckState& s : lab.checks()) answers.push(Json(s.answer));
  m.set("answers", answers);
  m.set("attempts", lab.check_presses());
  hooks_.post_message(m.dump());
}

// Check / Previous / Next / Close requests from the card (drawn last frame), applied before advancing.
void App::course_apply() {
  Course& c = *course();
  ExercisePanel& card = c.card;
  if (card.check_requested && session_.exercise().active()) {
    std::vector<std::string> answers = card.answers;
    session_.check_exercise(answers);
    course_post_check();
  }
  card.check_requested = false;
  if (card.nav != 0 && c.lab >= 0) open_lab_exercise(c.lab, c.lab_ex + card.nav);
  card.nav = 0;
  if (card.close_requested) {
    session_.clear_exercise();
    c.lab = -1;
    c.ex_text.clear();
    if (card.preview) c.create.open = true;
    card.preview = false;
  }
  card.close_requested = false;
  if (c.labs_panel.pick_lab >= 0) open_lab_exercise(c.labs_panel.pick_lab, c.labs_panel.pick_exercise);
  c.labs_panel.pick_lab = -1;
  course_apply_create();
}

void App::course_advance() {
  if (session_.exercise().active() && session_.update_exercise_goals()) course_post_check();
}

}  // namespace gl
