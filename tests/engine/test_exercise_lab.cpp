// The exercise a student works on in a session: facts come from the session's summary, graph and run;
// wrong answers count attempts and show hints one at a time; right answers stay right; goals pass once the
// run reaches them and stay passed; locks are read from the exercise.
#include <doctest/doctest.h>

#include "engine/core/json.h"
#include "engine/session/session.h"
#include "tests/engine/session_access.h"

using namespace gl;

namespace {
Exercise exercise_from(const std::string& text) {
  std::string error;
  auto ex = exercise_from_json(Json::parse(text), error);
  REQUIRE_MESSAGE(ex, error);
  return *ex;
}
}  // namespace

TEST_CASE("exercise lab: typed answers, attempts, hints, and a pass that stays") {
  Session s;
  REQUIRE_FALSE(s.set_spec("INPUT 3 x 32 x 32\nCONV5-16-p2-s1\nFC-10"));
  ExerciseLab& lab = SessionTestAccess::exercise(s);
  lab.load(exercise_from(R"({"title":"W","task":"t","checks":[{"kind":"cell","row":1,"field":"weights"},
      {"kind":"choice","options":["a","b"],"answer":1}],"hints":["h1","h2"],"lock":["network"]})"));
  CHECK(lab.locks("network"));
  CHECK_FALSE(lab.locks("data"));
  // 5*5*3*16 = 1200 weights, 16 biases: the common mistake (biases included) is named, the answer is not.
  CHECK_FALSE(lab.check({"1216", "0"}, check_facts(s)));
  CHECK(lab.checks()[0].attempts == 1);
  CHECK(lab.checks()[0].outcome.feedback.find("biases") != std::string::npos);
  CHECK(lab.checks()[0].outcome.feedback.find("1200") == std::string::npos);
  CHECK(lab.checks()[0].outcome.revealed.empty());
  CHECK(lab.hints_shown() == 1);
  // An empty answer is not a wrong attempt.
  CHECK_FALSE(lab.check({"", "1"}, check_facts(s)));
  CHECK(lab.checks()[0].attempts == 1);
  CHECK(lab.checks()[1].outcome.passed);
  CHECK(lab.hints_shown() == 1);
  CHECK(lab.check({"5 x 5 x 3 x 16", ""}, check_facts(s)));
  CHECK(lab.passed());
  CHECK(lab.check_presses() == 3);
}

TEST_CASE("exercise lab: graph checks read the session's graph lab") {
  Session s;
  SessionTestAccess::graph_lab(s).set_formula("(x + y) * z");
  SessionTestAccess::graph_lab(s).set_value("x", -2);
  SessionTestAccess::graph_lab(s).set_value("y", 5);
  SessionTestAccess::graph_lab(s).set_value("z", -4);
  ExerciseLab& lab = SessionTestAccess::exercise(s);
  lab.load(exercise_from(R"({"task":"t","checks":[{"kind":"graph","var":"x","qty":"grad"}],"reveal_after":2})"));
  CHECK_FALSE(lab.check({"4"}, check_facts(s)));
  CHECK(lab.checks()[0].outcome.feedback.find("sign") != std::string::npos);
  CHECK(lab.checks()[0].outcome.revealed.empty());
  CHECK_FALSE(lab.check({"3"}, check_facts(s)));
  CHECK(lab.checks()[0].outcome.revealed == "-4");  // reveal_after 2 allows it now
  CHECK(lab.check({"-4"}, check_facts(s)));
}

TEST_CASE("exercise lab: a goal passes once the run reaches it and stays passed") {
  Session s;
  REQUIRE_FALSE(s.set_spec("INPUT 2\nFC-16\nTANH\nFC-2"));
  DataDesc d = s.train().data_desc();
  d.kind = DataKind::Blobs;
  SessionTestAccess::train(s).set_data(d);
  ExerciseLab& lab = SessionTestAccess::exercise(s);
  lab.load(exercise_from(R"({"task":"t","checks":[{"kind":"goal","metric":"acc_train","value":0.9,"max_steps":5000}]})"));
  CHECK_FALSE(lab.update_goals(check_facts(s)));
  CHECK(lab.checks()[0].outcome.pending);
  bool passed = false;
  for (int i = 0; i < 200 && !passed; ++i) {
    SessionTestAccess::train(s).set_playing(true);
    SessionTestAccess::train(s).train_for(20);
    passed = lab.update_goals(check_facts(s));
  }
  CHECK(passed);
  CHECK(lab.passed());
  SessionTestAccess::train(s).reset();  // the run starts over: the goal reached stays reached
  CHECK_FALSE(lab.update_goals(check_facts(s)));
  CHECK(lab.passed());
  lab.clear();
  CHECK_FALSE(lab.active());
}

TEST_CASE("exercise lab: a goal met within max_steps counts even when the run is read only later") {
  auto make = [](Session& s) {
    REQUIRE_FALSE(s.set_spec("INPUT 2\nFC-16\nTANH\nFC-2"));
    DataDesc d = s.train().data_desc();
    d.kind = DataKind::Blobs;
    SessionTestAccess::train(s).set_data(d);
  };
  // First find when the run reaches the goal, reading every evaluation.
  Session a;
  make(a);
  int64_t reached = -1;
  for (int i = 0; i < 3000 && reached < 0; ++i) {
    SessionTestAccess::train(a).step_once();
    const auto& ev = a.train().trainer()->evals();
    if (!ev.empty() && ev.back().acc_train >= 0.9f) reached = ev.back().step;
  }
  REQUIRE(reached > 0);
  // The same run, read only after training well past that step: the goal (max_steps = that step) passes.
  Session b;
  make(b);
  const std::string ex = str_cat(R"({"task":"t","checks":[{"kind":"goal","metric":"acc_train","value":0.9,"max_steps":)", reached, "}]}");
  SessionTestAccess::exercise(b).load(exercise_from(ex));
  for (int64_t i = 0; i < reached * 3 + 50; ++i) SessionTestAccess::train(b).step_once();
  ExerciseLab last_only;
  last_only.load(exercise_from(ex));
  CHECK_FALSE(last_only.update_goals(check_facts(b)));  // the last evaluation alone is past max_steps
  CHECK(SessionTestAccess::exercise(b).update_goals(b));
  CHECK(b.exercise().passed());
}
