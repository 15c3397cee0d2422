// The test-only way to the session's labs, mutable: engine tests drive a lab directly (a step, a data set,
// an exercise) where the front end goes through Session::apply and the named commands. Not for the app.
#pragma once
#include "engine/session/session.h"

namespace gl {

struct SessionTestAccess {
  static TrainLab& train(Session& s) { return s.train_; }
  static GraphLab& graph_lab(Session& s) { return s.graph_; }
  static PlaygroundLab& playground(Session& s) { return s.playground_; }
  static ExerciseLab& exercise(Session& s) { return s.exercise_; }
};

}  // namespace gl
