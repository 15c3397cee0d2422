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
// "x:-2,y:5" -> values by name; false on a malformed item.
bool read_values(const std::string& text, std::vector<std::pair<std::string, double>>& out) {
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const size_t colon = item.find(':');
    if (colon == std::string::npos) return false;
    char* end = nullptr;
    const std::string num = item.substr(colon + 1);
    const double v = std::strtod(num.c_str(), &end);
    if (num.empty() || *end != 0) return false;
    out.emplace_back(item.substr(0, colon), v);
  }
  return true;
}
}  // namespace

// Expands `lab=id:n` into that exercise's state keys (keys the link gives itself win), and loads the
// exercise from `ex=` or the lab. A link with neither leaves the exercise.
void App::course_read_hash(std::vector<std::pair<std::string, std::string>>& p, std::vector<std::string>& problems) {
  Course& c = *course();
  c.hash_seen = true;
  c.lab = -1;
  std::optional<Exercise> ex;
  std::string ex_text;
  if (const std::string* lab_param = find_param(p, "lab")) {
    const std::string lab_copy = *lab_param;  // p grows below
    const std::string* lab = &lab_copy;
    const size_t colon = lab->find(':');
    const std::string id = lab->substr(0, colon);
    const int n = colon == std::string::npos ? 0 : std::atoi(lab->c_str() + colon + 1) - 1;
    const auto it = std::find_if(c.labs.begin(), c.labs.end(), [&](const Lab& l) { return l.id == id; });
    if (it == c.labs.end() || n < 0 || n >= static_cast<int>(it->exercises.size())) {
      problems.push_back("lab=" + *lab + " (no such lab exercise)");
    } else {
      const LabExercise& le = it->exercises[static_cast<size_t>(n)];
      for (const auto& [k, v] : le.state)
        if (!find_param(p, k)) p.emplace_back(k, v);
      c.lab = static_cast<int>(it - c.labs.begin());
      c.lab_ex = n;
      ex = le.exercise;
      ex_text = "lab:" + *lab;
    }
  } else if (const std::string* e = find_param(p, "ex")) {
    std::string error;
    try {
      ex = exercise_from_json(Json::parse(*e), error);
    } catch (const EngineError& err) {
      error = err.what();
    }
    if (!ex) problems.push_back("ex (the exercise): " + error);
    else ex_text = *e;
  }
  // Graph formula and values ("f", "vals"), which the graph exercises set up.
  if (const std::string* f = find_param(p, "f")) session_.graph_lab().set_formula(*f);
  if (const std::string* vals = find_param(p, "vals")) {
    std::vector<std::pair<std::string, double>> vs;
    if (!read_values(*vals, vs)) problems.push_back("vals=" + *vals);
    for (const auto& [name, v] : vs) session_.graph_lab().set_value(name, v);
  }
  if (!ex) {
    if (!find_param(p, "ex")) session_.exercise().clear(), c.ex_text.clear();
    return;
  }
  if (ex_text != c.ex_text || !session_.exercise().active()) session_.exercise().load(std::move(*ex));
  c.ex_text = ex_text;
  c.card.preview = false;
}

void App::course_write_hash(std::vector<std::pair<std::string, std::string>>& p) const {
  const Course& c = *course();
  if (!session_.exercise().active() || c.card.preview) return;
  if (c.lab >= 0) p.emplace_back("lab", c.labs[static_cast<size_t>(c.lab)].id + ":" + std::to_string(c.lab_ex + 1));
  else p.emplace_back("ex", c.ex_text);
}

// Opens a lab's exercise: its state and `lab=` through the URL-hash path, as a link would.
void App::open_lab_exercise(int lab, int n) {
  Course& c = *course();
  if (lab < 0 || lab >= static_cast<int>(c.labs.size())) return;
  n = std::clamp(n, 0, static_cast<int>(c.labs[static_cast<size_t>(lab)].exercises.size()) - 1);
  UrlParams p;
  for (const auto& kv : c.labs[static_cast<size_t>(lab)].exercises[static_cast<size_t>(n)].state) p.push_back(kv);
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
    session_.exercise().check(answers, check_facts(session_));
    course_post_check();
  }
  card.check_requested = false;
  if (card.nav != 0 && c.lab >= 0) open_lab_exercise(c.lab, c.lab_ex + card.nav);
  card.nav = 0;
  if (card.close_requested) {
    session_.exercise().clear();
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
  if (session_.exercise().active() && session_.exercise().update_goals(session_)) course_post_check();
}

}  // namespace gl
