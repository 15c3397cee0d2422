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

  // The labs, read-only: the front end changes them through apply() and the named commands below.
  // Training (data set, settings, the trainer, plane views). set_spec() also rebuilds it.
  const TrainLab& train() const { return train_; }
  // Classifiers side by side (kNN, linear SVM, softmax on the training lab's 2D data).
  const ClassicLab& classic() const { return classic_; }
  // Compare runs (A/B pairs and sweeps of the session's spec and data).
  const CompareLab& compare() const { return compare_; }
  // What the compare runs were last built from (SessionEdits::compare_build): the valid spec text and the
  // data revision; data 0 = never built. The panel says the runs are stale when these moved.
  struct CompareSource {
    std::string spec;
    Revision data = 0;
  };
  const CompareSource& compare_source() const { return compare_source_; }

  // Computation-graph lab (formula, values, graph with values and gradients, numeric check).
  const GraphLab& graph_lab() const { return graph_; }
  // Optimizer playground (a surface, racers, trajectories).
  const PlaygroundLab& playground() const { return playground_; }
  void set_surface(const SurfaceDesc& desc) { playground_error_ = playground_.set_surface(desc); }
  const std::string& playground_error() const { return playground_error_; }

  // Replaces the training lab's run with a saved one (run file text): its spec becomes the session's spec.
  // Returns "" or why it could not be loaded (nothing changes then).
  std::string load_run(const std::string& text);
  // The last load_run failed only because its data set is an image set whose pack has not arrived.
  bool run_needs_images() const { return run_needs_images_; }

  // Applies one frame's edits (edits.h) in a fixed order: spec, data, settings, transport, points, graph, race,
  // classifiers, compare runs.
  void apply(const SessionEdits& edits);
  // Model work of a frame besides training (named commands, called before any panel draws):
  // the classifiers on 2D data (refit when the data changed, budget_ms of the linear classifiers' SGD, every
  // grid and the MLP's decision grid at grid_n x grid_n), and the compare runs (budget_ms in lockstep while
  // playing).
  void advance_classifiers(double budget_ms, int grid_n);
  void advance_compare(double budget_ms);
  // Training for up to budget_ms while playing (nothing without a model, after an error or a divergence);
  // returns the steps taken. The decision grid of the Boundary view (TrainLab::decision_grid), a gradient
  // check (TrainLab::grad_check), and the optimizer race advanced by dt_s seconds.
  int64_t train_for(double budget_ms);
  const PlaneGrid& decision_grid(int n) { return train_.decision_grid(n); }
  GradCheck grad_check(int layer, int param, int64_t index) { return train_.grad_check(layer, param, index); }
  void advance_playground(double dt_s) { playground_.advance(dt_s); }
  // The image pack for the digits and Fashion-MNIST data sets (TrainLab::set_image_pack / load_image_pack).
  void set_image_pack(std::shared_ptr<const ImagePack> pack) { train_.set_image_pack(std::move(pack)); }
  std::string load_image_pack(const std::string& path) { return train_.load_image_pack(path); }
  void image_pack_failed(const std::string& why) { train_.image_pack_failed(why); }
  // Points placed or removed by hand since the data set was last chosen, oldest first (at most kMaxPointEdits).
  const std::vector<PointEdit>& point_edits() const { return point_edits_; }
  // Replays a log of point edits onto the current data (a link's points) and keeps it as the log.
  // Returns how many could not be placed (a class the data set does not have, or data that is not 2D).
  int replay_points(const std::vector<PointEdit>& edits);

  // The exercise being worked on (ex= in a link, or a lab's), with its answers and outcomes.
  const ExerciseLab& exercise() const { return exercise_; }
  void load_exercise(Exercise ex) { exercise_.load(std::move(ex)); }
  void clear_exercise() { exercise_.clear(); }
  // Checks the answers against this session (ExerciseLab::check); true when the exercise has passed.
  bool check_exercise(const std::vector<std::string>& answers);
  // Goals against the run's evaluations since the last call; true when this call made the exercise pass.
  bool update_exercise_goals() { return exercise_.update_goals(*this); }

 private:
  // set_spec, with the page's memory budget checked at the batch that will train (a link's batch= arrives
  // with its spec); the Inspector's counts stay at summary_batch().
  std::optional<SpecError> set_spec_at(const std::string& text, int train_batch);
  bool run_needs_images_ = false;
  friend struct SessionTestAccess;  // tests/engine/session_access.h: the labs, mutable, for engine tests only
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
  void apply_lab_edits(const SessionEdits& in);
  CompareSource compare_source_;
  std::string spec_text_, valid_text_;
  std::optional<SpecError> spec_error_;
  ModelSpec spec_;
  ModelSummary summary_;
  int summary_batch_ = kDefaultSummaryBatch;
  mutable std::optional<ParallelResult> parallel_;  // parallel_summary() of parallel_text_
  mutable std::string parallel_text_;
};

}  // namespace gl
