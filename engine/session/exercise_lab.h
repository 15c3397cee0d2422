// The exercise a student is working on: the loaded Exercise, per check the last answer, its outcome and the
// wrong attempts so far, the hints shown, and whether the whole exercise has passed. Goals are re-evaluated
// as training runs and stay passed once reached. Not here: drawing, links, or the checker itself
// (engine/course/exercise.h); check_facts() gathers what the checker compares with from a Session.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/course/exercise.h"

namespace gl {

class Session;

struct CheckState {
  std::string answer;     // last answer checked (text, or the option's index for a choice)
  CheckOutcome outcome;   // of the last check; for goals, of the last evaluation
  int attempts = 0;       // wrong attempts so far
  bool checked = false;   // checked at least once (goals: evaluated with a run)
};

class ExerciseLab {
 public:
  // Starts an exercise afresh (answers, attempts and hints cleared).
  void load(Exercise ex);
  void clear();
  bool active() const { return exercise_.has_value(); }
  int serial() const { return serial_; }  // changes with every load or clear
  const Exercise& exercise() const { return *exercise_; }
  const std::vector<CheckState>& checks() const { return checks_; }

  // Checks every answer (answers[i] for check i; goals ignore theirs). A wrong answer counts an attempt for
  // its check and shows one more hint; an empty answer or an unreadable one counts nothing.
  // Returns true when the exercise has (now) passed.
  bool check(const std::vector<std::string>& answers, const CheckFacts& facts);
  // Re-evaluates the goals against the current run (called every frame while training). Returns true when
  // this call made the exercise pass.
  bool update_goals(const CheckFacts& facts);
  // The same against every evaluation the session's run made since the last call, in order, so a goal met
  // within max_steps counts even when one frame trains past max_steps. A new run starts over.
  bool update_goals(const Session& session);

  bool passed() const { return passed_; }
  int check_presses() const { return presses_; }  // times Check was pressed
  int hints_shown() const { return hints_shown_; }
  bool has_goals() const;
  // Whether the exercise locks a control group ("network", "data", "training", "tabs").
  bool locks(const std::string& group) const;

 private:
  bool refresh_passed();
  std::optional<Exercise> exercise_;
  std::vector<CheckState> checks_;
  int presses_ = 0, hints_shown_ = 0, serial_ = 0;
  bool passed_ = false;
  const void* run_seen_ = nullptr;  // the trainer whose evaluations were read
  size_t evals_seen_ = 0;
};

// What the checker compares with, from the session's current state: spec and summary (Inspector cells), the
// graph lab's evaluated graph (Graph values and gradients), and the last full evaluation of the run (goals).
// The pointers stay valid while the session is not changed.
CheckFacts check_facts(const Session& session);

}  // namespace gl
