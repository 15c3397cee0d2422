// The training lab: the data set, the training settings, and the Trainer built from the session's spec,
// advanced in time-budgeted slices. Also the views the UI paints: class probabilities over the plane
// (decision boundary) for 2D data. No drawing here.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/data/image_pack.h"
#include "engine/session/revision.h"
#include "engine/train/run_file.h"
#include "engine/train/stall.h"
#include "engine/session/work_estimate.h"
#include "engine/train/trainer.h"

namespace gl {

// Probabilities over a square grid covering the plane; row 0 is the TOP (largest x2), ready for a texture.
struct PlaneGrid {
  int n = 0;                 // n x n cells
  int classes = 0;
  float x0 = -1, x1 = 1, y0 = -1, y1 = 1;  // the plane shown (x1 along columns, x2 along rows)
  std::vector<float> probs;  // n x n x classes
  int64_t step = -1;         // trainer step it was computed at
  Revision model_rev = 0;    // TrainLab::model_revision() it was computed from
  Revision rev = 0;          // new whenever the probabilities are recomputed (texture caches key on it)
};

// The n x n cell centres of a PlaneGrid over [x0, x1] x [y0, y1] as an n*n x 2 batch, row 0 on top: the points
// every view of the plane (decision boundary, classic classifiers, hidden units) evaluates.
void plane_cell_centres(int n, float x0, float x1, float y0, float y1, Tensor& out);

// Analytic vs central-difference gradient of the data loss for one parameter element, on the first `batch`
// training samples with the model in eval mode (deterministic: no dropout, BN uses running statistics).
struct GradCheck {
  bool ok = false;
  std::string error;           // why it could not run
  std::string param;           // "layer 2 (dense) weight[5]"
  double analytic = 0, numeric = 0, rel_error = 0;
  double step = 0;             // central-difference h
};

// One parameter tensor of the model, for pickers (the inspector's gradient check).
struct ParamInfo {
  int layer = 0, param = 0;  // engine layer, index into its params()
  int64_t size = 0;
  std::string label;         // "layer 0 dense: weight (16 x 2)"
};

struct BnSnapshot;
struct BnProbeDesc;
struct InsideSnapshot;
struct InsideProbeDesc;

class TrainLab {
 public:
  TrainLab();

  // Each setter rebuilds the trainer from scratch (new weights from the seed). The image pack (for digits
  // and Fashion-MNIST) comes from set_image_pack. Errors (the spec does not fit the data, a data setting is
  // invalid, the pack is not loaded yet) are kept in error() and the previous trainer stays.
  void set_spec(const ModelSpec& spec);
  void set_data(const DataDesc& desc);
  void set_train(const TrainDesc& desc);
  void set_image_pack(std::shared_ptr<const ImagePack> pack);
  bool has_image_pack() const { return pack_ != nullptr; }
  // An image set was asked for before the pack arrived (set_image_pack applies it): the page fetches the pack.
  bool waiting_for_images() const { return waiting_data_.has_value(); }
  // The last load_run failed only because its data set is an image set and the pack has not arrived.
  bool run_needs_images() const { return run_needs_images_; }
  std::shared_ptr<const ImagePack> image_pack() const { return pack_; }
  // Reads the pack file at path and uses it; "" when loaded or when there is no file there (yet), else why not.
  std::string load_image_pack(const std::string& path);
  // The page could not fetch the pack: an image set waiting for it is given up, and the error says why (a
  // later choice of an image set asks for the pack again).
  void image_pack_failed(const std::string& why);
  // Points placed by hand on 2D data (the model restarts so the student sees it learn the new set).
  void add_point(float x1, float x2, int cls, Split split);
  bool remove_point_near(float x1, float x2, float radius);
  // The point a click at (x1, x2) means: the nearest within 3% of the plane's width (train split first).
  bool remove_point_at(float x1, float x2);

  // Replaces spec, data, settings and trainer with a saved run (engine/train/run_file.h), continuing where it
  // stopped. Checked first (data, budget, every tensor's shape); on error nothing changes and the error is
  // returned ("" on success).
  std::string load_run(const RunFile& run);

  void reset();        // fresh weights, history cleared
  void step_once();    // one step even while paused
  // Trains for up to budget_ms while playing; returns steps taken.
  int64_t train_for(double budget_ms);
  // While paused, a due evaluation (sliced, see Trainer::slice_evaluations) still goes on within budget_ms,
  // so the curves, the state and an exercise's goals catch up after a Step.
  void finish_evaluation(double budget_ms);
  bool playing() const { return playing_; }
  void set_playing(bool on) { playing_ = on; }

  // Revisions (see revision.h): the data set (new set, points added or removed) and the model (rebuilt or
  // reset). Within one model revision, the trainer's step count orders the training states.
  Revision data_revision() const { return data_rev_; }
  Revision model_revision() const { return model_rev_; }

  const DataDesc& data_desc() const { return data_desc_; }
  const TrainDesc& train_desc() const { return train_desc_; }
  const Dataset* data() const { return data_.get(); }
  std::shared_ptr<const Dataset> data_ptr() const { return data_; }
  const ModelSpec& spec() const { return spec_; }
  const Trainer* trainer() const { return trainer_.get(); }
  Trainer* trainer() { return trainer_.get(); }
  const std::string& error() const { return error_; }
  // A run that neither diverges nor learns (zero gradients, dead ReLUs, loss at chance): what was seen and
  // what it likely means, or "" (checked every kStallCheckSteps steps while training; see engine/train/stall.h).
  const std::string& stall_message() const {
    static const std::string none;
    return stall_rev_ == model_rev_ ? stall_.message : none;  // a new or reset model has no verdict yet
  }
  static constexpr int64_t kStallCheckSteps = 50;
  // The estimated cost of one training step here (work_estimate.h). Above kMaxStepMs the lab does not train
  // (train_for and step_once do nothing) and work_note() says why, naming the estimate; above kSlowStepMs it
  // warns that the page cannot hold 60 fps. "" when a step fits a frame.
  WorkEstimate step_estimate() const;
  bool step_too_slow() const { return step_estimate().ms > kMaxStepMs; }
  std::string work_note() const;
  bool is_2d() const { return data_ && data_->sample_shape() == Shape{2} && data_->is_classification(); }

  // Every parameter tensor of the current model; empty when the last rebuild failed (the kept trainer's
  // layers would not match the spec). Rebuilt only when the model revision moves.
  const std::vector<ParamInfo>& param_list() const;

  // Gradient check of element `index` of param `param` of engine layer `layer` (restores the weights).
  GradCheck grad_check(int layer, int param, int64_t index, int batch = 16);

  // Per-layer gradient norms at every statistics step (for the vanishing / exploding gradient plot).
  const std::vector<float>& grad_norm_steps() const { return gn_steps_; }
  // [layer][sample]; at most kMaxGradNormSamples samples (every other one is dropped when full).
  const std::vector<std::vector<float>>& grad_norm_history() const { return gn_history_; }
  static constexpr size_t kMaxGradNormSamples = 4096;

  // Plane view for 2D data: the data's bounding box with a margin, square.
  void plane_bounds(float& x0, float& x1, float& y0, float& y1) const;
  // Class probabilities over an n x n grid (recomputed when the trainer has stepped since the last call).
  const PlaneGrid& decision_grid(int n);
  const PlaneGrid& last_grid() const { return grid_; }  // what decision_grid computed last

 private:
  // The session's probe views (batchnorm_view.h, inside_view.h) run the model of a const lab: the only users.
  friend BnSnapshot probe_batchnorm(const TrainLab& lab, const BnProbeDesc& desc);
  friend InsideSnapshot probe_inside(const TrainLab& lab, const InsideProbeDesc& desc);
  // The model for looking without changing it (probe.h: probe_forward restores what a forward pass touches),
  // so that views built from a const session can run it. Null without a trainer. Not for training or edits.
  Model* probe_model() const { return trainer_ ? &trainer_->model() : nullptr; }

  void rebuild();
  bool playing_ = true;
  Revision data_rev_ = 0, model_rev_ = 0;
  mutable std::vector<ParamInfo> params_;  // param_list() cache, for params_rev_
  mutable Revision params_rev_ = 0;
  ModelSpec spec_;
  bool has_spec_ = false;
  DataDesc data_desc_;
  TrainDesc train_desc_;
  std::shared_ptr<const ImagePack> pack_;
  std::shared_ptr<Dataset> data_;
  std::unique_ptr<Trainer> trainer_;
  std::string error_;
  void record_stats();
  void check_stall();
  // work_mults_ / work_params_ from the spec, and the trainer's evaluation slices, after a new trainer
  void count_work();
  void new_model_views();  // a new or reset model: new revision, no grid, no gradient-norm history
  std::optional<DataDesc> waiting_data_;  // an image set asked for before the pack arrived
  int64_t work_mults_ = 0, work_params_ = 0;
  bool run_needs_images_ = false;
  StallReport stall_;
  Revision stall_rev_ = 0;
  PlaneGrid grid_;
  Tensor grid_x_;
  std::vector<float> gn_steps_;
  std::vector<std::vector<float>> gn_history_;
  int64_t last_stats_step_ = -1;
};

// Softmax of each row of scores (N x C) into probs, numerically stable.
void softmax_rows(const float* scores, int n, int c, float* probs);

}  // namespace gl
