// ExerciseLab: per-check answers, outcomes and attempts; hints one per wrong Check; goals latched once met.
// check_facts(): the session's summary, graph and last evaluation, as the checker reads them.
#include "engine/session/exercise_lab.h"

#include <algorithm>
#include <cmath>

#include "engine/session/session.h"

namespace gl {

void ExerciseLab::load(Exercise ex) {
  checks_.assign(ex.checks.size(), CheckState{});
  exercise_ = std::move(ex);
  presses_ = hints_shown_ = 0;
  passed_ = false;
  ++serial_;
}

void ExerciseLab::clear() {
  exercise_.reset();
  checks_.clear();
  presses_ = hints_shown_ = 0;
  passed_ = false;
  ++serial_;
}

bool ExerciseLab::has_goals() const {
  if (!exercise_) return false;
  return std::any_of(exercise_->checks.begin(), exercise_->checks.end(),
                     [](const ExerciseCheck& c) { return c.kind == CheckKind::Goal; });
}

bool ExerciseLab::locks(const std::string& group) const {
  return exercise_ && std::find(exercise_->lock.begin(), exercise_->lock.end(), group) != exercise_->lock.end();
}

bool ExerciseLab::refresh_passed() {
  const bool was = passed_;
  passed_ = !checks_.empty() && std::all_of(checks_.begin(), checks_.end(), [](const CheckState& s) { return s.outcome.passed; });
  return passed_ && !was;
}

bool ExerciseLab::check(const std::vector<std::string>& answers, const CheckFacts& facts) {
  if (!exercise_) return false;
  ++presses_;
  bool any_wrong = false;
  for (size_t i = 0; i < checks_.size(); ++i) {
    const ExerciseCheck& c = exercise_->checks[i];
    CheckState& s = checks_[i];
    if (c.kind == CheckKind::Goal) {
      if (!s.outcome.passed) s.outcome = check_answer(c, "", facts, s.attempts, exercise_->reveal_after);
      s.checked = s.checked || !s.outcome.pending;
      continue;
    }
    if (s.outcome.passed && s.checked) continue;  // a right answer stays right
    s.answer = i < answers.size() ? answers[i] : std::string();
    s.outcome = check_answer(c, s.answer, facts, s.attempts, exercise_->reveal_after);
    if (s.outcome.pending) continue;
    s.checked = true;
    if (!s.outcome.passed) {
      ++s.attempts;
      any_wrong = true;
    }
  }
  if (any_wrong) hints_shown_ = std::min(hints_shown_ + 1, static_cast<int>(exercise_->hints.size()));
  refresh_passed();
  return passed_;
}

bool ExerciseLab::update_goals(const CheckFacts& facts) {
  if (!exercise_) return false;
  for (size_t i = 0; i < checks_.size(); ++i) {
    const ExerciseCheck& c = exercise_->checks[i];
    CheckState& s = checks_[i];
    if (c.kind != CheckKind::Goal || s.outcome.passed) continue;  // a goal reached stays reached
    s.outcome = check_answer(c, "", facts, s.attempts, exercise_->reveal_after);
    s.checked = s.checked || !s.outcome.pending;
  }
  return refresh_passed();
}

bool ExerciseLab::update_goals(const Session& session) {
  if (!exercise_ || !has_goals()) return false;
  CheckFacts f = check_facts(session);
  const TrainLab& tl = session.train();
  const Trainer* tr = tl.error().empty() ? tl.trainer() : nullptr;
  if (!tr || tr->evals().empty()) return update_goals(f);
  const auto& evals = tr->evals();
  if (tr != run_seen_ || evals.size() < evals_seen_) evals_seen_ = 0;  // a new run
  run_seen_ = tr;
  bool now_passed = false;
  for (size_t i = evals_seen_ == 0 ? 0 : evals_seen_ - 1; i < evals.size(); ++i) {
    const EvalRecord& e = evals[i];
    f.run.has_run = e.step > 0;
    f.run.step = e.step;
    f.run.loss_train = e.loss_train;
    f.run.loss_test = e.loss_test;
    f.run.acc_train = e.acc_train;
    f.run.acc_test = e.acc_test;
    now_passed = update_goals(f) || now_passed;
  }
  evals_seen_ = evals.size();
  return now_passed;
}

CheckFacts check_facts(const Session& session) {
  CheckFacts f;
  f.spec = &session.spec();
  f.summary = &session.summary();
  if (session.graph_lab().graph().root >= 0) f.graph = &session.graph_lab().graph();
  const TrainLab& tl = session.train();
  const Trainer* tr = tl.error().empty() ? tl.trainer() : nullptr;
  f.run.params = session.summary().total_params;
  if (tr && !tr->evals().empty()) {
    const EvalRecord& e = tr->evals().back();
    f.run.has_run = tr->steps() > 0;
    f.run.step = e.step;
    f.run.loss_train = e.loss_train;
    f.run.loss_test = e.loss_test;
    f.run.acc_train = e.acc_train;
    f.run.acc_test = e.acc_test;
  }
  return f;
}

}  // namespace gl
