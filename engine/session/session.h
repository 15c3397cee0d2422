// THE API the front end uses: the student's spec text and its validation, the inspector's summary, and the
// labs (training, classifiers, compare runs, computation graph, optimizer race) with their plain view structs
// and revisions (revision.h). Edits are applied by the caller between frames; nothing here draws. Errors
// are values (SpecError) ready for the editor to underline. Defaults live in defaults.h.
#pragma once
#include <optional>
#include <string>

#include "engine/model/summary.h"
#include "engine/model/summary_parallel.h"
#include "engine/session/classic_lab.h"
#include "engine/session/compare_lab.h"
#include "engine/session/defaults.h"
#include "engine/session/edits.h"
#include "engine/session/exercise_lab.h"
#include "engine/session/graph_lab.h"
#include "engine/session/playground_lab.h"
#include "engine/session/train_lab.h"
#include "engine/spec/spec.h"

namespace gl {

struct SessionDesc {
  std::string spec_text = kDefaultSpecText;
  int summary_batch = kDefaultSummaryBatch;
};

class Session {
 public:
  explicit Session(const SessionDesc& desc = {});

  // Validates text; when valid it becomes the model's spec. When invalid, the last valid spec, its summary
  // and everything built from it stay as they are, and spec_error() says what is wrong and where.
  // Returns the error, if any.
  std::optional<SpecError> set_spec(const std::string& text);
  const std::string& spec_text() const { return spec_text_; }          // last text given (valid or not)
  const std::string& valid_spec_text() const { return valid_text_; }   // last valid text
  const std::optional<SpecError>& spec_error() const { return spec_error_; }
  const ModelSpec& spec() const { return spec_; }
  const ModelSummary& summary() const { return summary_; }
  int summary_batch() const { return summary_batch_; }
  void set_summary_batch(int batch);
  // Each layer row alone on the INPUT (the inspector's parallel mode), read from the text last given, valid
  // or not: rows that would not chain still compare. Computed when first asked for after an edit.
  const ParallelResult& parallel_summary() const;

  // Training (data set, settings, the trainer, plane views). set_spec() also rebuilds it.
  const TrainLab& train() const { return train_; }
  TrainLab& train() { return train_; }

  // Classifiers side by side (kNN, linear SVM, softmax on the training lab's 2D data).
  const ClassicLab& classic() const { return classic_; }
  ClassicLab& classic() { return classic_; }
  // Compare runs (A/B pairs and sweeps of the session's spec and data).
  const CompareLab& compare() const { return compare_; }
  CompareLab& compare() { return compare_; }

  // Computation-graph lab (formula, values, graph with values and gradients, numeric check).
  const GraphLab& graph_lab() const { return graph_; }
  GraphLab& graph_lab() { return graph_; }

  // Optimizer playground (a surface, racers, trajectories).
  const PlaygroundLab& playground() const { return playground_; }
  PlaygroundLab& playground() { return playground_; }
  void set_surface(const SurfaceDesc& desc) { playground_error_ = playground_.set_surface(desc); }
  const std::string& playground_error() const { return playground_error_; }

  // Replaces the training lab's run with a saved one (run file text): its spec becomes the session's spec.
  // Returns "" or why it could not be loaded (nothing changes then).
  std::string load_run(const std::string& text);

  // Applies one frame's edits (edits.h) in a fixed order: spec, data, settings, transport, points, graph, race.
  void apply(const SessionEdits& edits);
  // Points placed or removed by hand since the data set was last chosen, oldest first (at most kMaxPointEdits).
  const std::vector<PointEdit>& point_edits() const { return point_edits_; }
  // Replays a log of point edits onto the current data (a link's points) and keeps it as the log.
  // Returns how many could not be placed (a class the data set does not have, or data that is not 2D).
  int replay_points(const std::vector<PointEdit>& edits);

  // The exercise being worked on (ex= in a link, or a lab's), with its answers and outcomes.
  const ExerciseLab& exercise() const { return exercise_; }
  ExerciseLab& exercise() { return exercise_; }

 private:
  ExerciseLab exercise_;
  TrainLab train_;
  ClassicLab classic_;
  CompareLab compare_;
  GraphLab graph_;
  PlaygroundLab playground_;
  std::string playground_error_;
  std::vector<PointEdit> point_edits_;
  bool apply_point_edit(const PointEdit& e);  // false when the data set cannot take the point
  void apply_race_edits(const SessionEdits& in);
  std::string spec_text_, valid_text_;
  std::optional<SpecError> spec_error_;
  ModelSpec spec_;
  ModelSummary summary_;
  int summary_batch_ = kDefaultSummaryBatch;
  mutable std::optional<ParallelResult> parallel_;  // parallel_summary() of parallel_text_
  mutable std::string parallel_text_;
};

}  // namespace gl
