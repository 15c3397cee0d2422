// The training loop: a Trainer owns a Model built from a spec, shares a Dataset, and advances by single
// steps, whole epochs or a time budget (train_for, the per-frame entry point; it checks the clock every
// step). Records per-step losses, periodic full-set evaluations, per-layer statistics, and stops cleanly on
// divergence. RunGroup keeps several runs side by side (A/B, learning-rate sweeps). Not here: UI, threads.
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/optim/optimizer.h"
#include "engine/spec/spec.h"

namespace gl {

struct TrainDesc {
  int batch_size = 32;
  // L2 regularisation, CS231n's convention: reg loss = 0.5 * l2 * sum w^2 over weights (Param::decay), reported
  // apart from the data loss; its gradient l2 * w is added before the optimizer step. optim.weight_decay is
  // the optimizer's own (PyTorch-style) decay: use one or the other, not both.
  float l2 = 0.0f;
  OptimDesc optim;
  ScheduleDesc schedule;  // lr of step t = lr_at(schedule, optim.lr, t)
  float clip_norm = 0.0f;   // > 0: clip the global gradient norm (clip_grad_norm)
  float clip_value = 0.0f;  // > 0: clamp every gradient element (clip_grad_value)
  InitDesc init;
  uint64_t seed = 1;        // initial weights, dropout masks and batch order
  int eval_every = 0;       // evaluate the full sets every K steps; 0 = at the end of every epoch
  // Full-set evaluation uses at most this many samples of each split: the first ones (generated sets are
  // shuffled at creation and the image pack interleaves classes, so a prefix is a fair subsample).
  int eval_max_samples = 2000;
  int stats_every = 10;     // per-layer statistics and histograms every K steps (and at step 1)
  int hist_bins = 32;
  // Divergence: the data loss is NaN or Inf, or exceeds divergence_factor x the first step's loss.
  float divergence_factor = 1e3f;
  // The step history holds at most this many records (a tab left training for an hour stays small and its
  // curves cheap to draw): when full, neighbouring records merge in pairs and each record from then on
  // covers twice as many steps (see Trainer::history_stride).
  int history_max = 8192;
};

// One optimizer step, or the mean of a run of consecutive steps once the history has been thinned (step,
// epoch and lr are then the last step's). acc_batch is NaN for regression sets.
struct StepRecord {
  int64_t step = 0;  // 1-based
  int epoch = 0;     // 0-based epoch the step belongs to
  float loss_data = 0, loss_reg = 0, acc_batch = 0, lr = 0, grad_norm = 0;
};

// Full-set losses and accuracies (loss_* are data losses; acc_* are NaN for regression or an empty split).
struct EvalRecord {
  int64_t step = 0;
  int epoch = 0;     // epochs completed
  float loss_train = 0, loss_test = 0, acc_train = 0, acc_test = 0, loss_reg = 0, lr = 0;
};

// counts[b] counts values in [lo + b * w, lo + (b + 1) * w), w = (hi - lo) / bins; [lo, hi] is the data's
// [min, max] (widened by 0.5 either side when all values are equal).
struct Histogram {
  float lo = 0, hi = 0;
  std::vector<int> counts;
};

struct LayerStats {
  int layer = 0;             // engine layer index
  int row = 0;               // spec row it came from
  std::string kind;          // layer_kind_name
  bool has_params = false;
  // Over the layer's decayed params (the weights) when it has any, else over all its params.
  float weight_norm = 0, grad_norm = 0;
  float update_ratio = 0;    // |w_after - w_before| / |w_before| of the last optimizer step
  Histogram weights, grads;  // over the same params
  Histogram acts;            // the layer's output in the last training forward pass
  // Recurrent layers: ||dL/dh_t|| for t = 1..T in the last training batch (vanishing / exploding gradients
  // through time); empty for other layers.
  std::vector<float> hidden_grad_norms;
};

enum class RunState { Ready, Diverged };

// Everything a run needs beyond its spec, data, TrainDesc and weights to continue bit for bit (saved in run
// files, engine/train/run_file.h): position in the batch order, random streams, optimizer moments, history.
struct TrainerState {
  int64_t step = 0;
  int epoch = 0;
  float first_loss = 0;
  bool diverged = false;
  std::string message;
  std::vector<int> order;   // sample order of the current epoch (empty before the first step)
  int64_t cursor = 0;       // next position in order
  Rng::State order_rng;     // draws the next epochs' orders
  std::vector<std::pair<int, Rng::State>> layer_rngs;  // (engine layer index, its mask stream): dropout layers
  OptimState optim;
  std::vector<StepRecord> history;
  int64_t history_stride = 1, bucket_fill = 0;
  std::vector<EvalRecord> evals;
  // An evaluation was due but not finished (sliced evaluation, see Trainer::slice_evaluations): restoring
  // starts it again from its first sample (no step runs while one is pending, so the weights are the same).
  bool eval_pending = false;
};

// The checks of a spec against a data set that Trainer's constructor makes first (a trainable network, the
// input shape, classes or targets, the loss kind), without building the model. A caller replacing a large
// trainer frees the old one only after these pass: two near-budget models do not fit the page's heap at once.
// Throws SpecException / EngineError naming the mismatch.
void check_spec_fits_data(const ModelSpec& spec, const Dataset& ds);

class Trainer {
 public:
  // Builds the model (throws SpecException / EngineError when the spec does not match the data: input shape,
  // class count or regression width, loss kind) and initialises it from desc.seed.
  Trainer(const ModelSpec& spec, std::shared_ptr<const Dataset> data, const TrainDesc& desc);

  // One step on the next mini-batch (the page's Step button, playing or paused). Returns false without
  // stepping once diverged.
  bool step();
  // Steps to the end of the current epoch; stops early when diverged. Returns steps taken.
  int64_t run_epoch();
  // As many steps as fit in budget_ms (the clock is read after every step), at most max_steps; none once
  // diverged. Returns steps taken. Pausing is the caller's (TrainLab::playing): a run is only ever advanced.
  int64_t train_for(double budget_ms, int64_t max_steps = std::numeric_limits<int64_t>::max());
  // New weights from the seed, fresh optimizer and batch order, history cleared.
  void reset();

  // Data loss and accuracy of the model (eval mode) on up to eval_max_samples samples of a split.
  struct Eval {
    float loss = 0, acc = 0;
  };
  Eval evaluate(Split split);
  // Evaluates both splits at once and appends an EvalRecord (also done automatically, see eval_every).
  const EvalRecord& record_eval();

  // Sliced evaluation, for a caller that must bound the work of each call (the page: one frame). A due
  // evaluation then starts instead of running at once; train_for() spends its budget on it, batch by batch
  // (at most max_batch samples each), before the next step, and appends the EvalRecord when both splits are
  // done. The record holds the same numbers as record_eval() at that batch size: the weights do not move
  // while it is pending. step() finishes a pending evaluation first.
  void slice_evaluations(int max_batch);
  bool eval_pending() const { return pending_.active; }
  // Runs pending evaluation batches for up to budget_ms (at least one batch). Returns true once it is done.
  bool advance_eval(double budget_ms);
  void finish_eval();

  RunState state() const { return state_; }
  bool diverged() const { return state_ == RunState::Diverged; }
  const std::string& message() const { return message_; }  // why the run stopped ("" otherwise)
  int64_t steps() const { return step_; }
  int epoch() const { return epoch_; }        // epochs completed
  int steps_per_epoch() const;
  float lr() const;                           // lr of the next step

  // Per-step records in order; each covers history_stride() steps (the last one possibly fewer so far).
  const std::vector<StepRecord>& history() const { return history_; }
  int64_t history_stride() const { return history_stride_; }
  const StepRecord& last_step() const { return last_step_; }  // the latest step itself (zeros before any)
  float first_loss() const { return first_loss_; }           // data loss of step 1
  const std::vector<EvalRecord>& evals() const { return evals_; }
  const std::vector<LayerStats>& layer_stats() const { return stats_; }
  int64_t stats_step() const { return stats_step_; }

  Model& model() { return *model_; }
  const Model& model() const { return *model_; }
  const Optimizer& optimizer() const { return optim_; }

  // Snapshot of the run's state (weights excluded: they live in model()).
  TrainerState save_state() const;
  // Restores a snapshot taken from a trainer with the same spec, data and desc (weights set separately).
  // Throws EngineError naming the mismatch (order length, cursor, layer, optimizer sizes) and leaves the run
  // unchanged then.
  void restore_state(const TrainerState& st);
  const Dataset& data() const { return *data_; }
  const TrainDesc& desc() const { return desc_; }

 private:
  void start_epoch();
  void compute_stats();
  std::string divergence_reason(float loss) const;
  void append_history(const StepRecord& rec);
  void begin_eval();
  int eval_batch() const;
  int eval_count(Split split) const;
  // Adds one evaluation batch's loss x b and accuracy x b to the sums.
  void eval_rows(Split split, int from, int b, double& loss, double& acc);
  Eval eval_result(Split split, double loss, double acc) const;

  TrainDesc desc_;
  std::shared_ptr<const Dataset> data_;
  std::unique_ptr<Model> model_;
  std::vector<Param*> params_;
  Optimizer optim_;
  Rng rng_;
  std::vector<int> order_;   // sample order of the current epoch
  size_t cursor_ = 0;        // next position in order_
  int64_t step_ = 0;
  int epoch_ = 0;
  float first_loss_ = 0;
  RunState state_ = RunState::Ready;
  std::string message_;
  Tensor xb_, yb_;           // xb_: B x sample shape; yb_: B (classes) or B x P
  std::vector<StepRecord> history_;
  int64_t history_stride_ = 1;  // steps per record
  int64_t bucket_fill_ = 0;     // steps in the last record
  StepRecord last_step_;
  std::vector<EvalRecord> evals_;
  std::vector<LayerStats> stats_;
  // Per parameter: the values sampled for statistics (every stats_stride(n)-th) before the last stats step's
  // update.
  std::vector<std::vector<float>> before_;
  int64_t stats_step_ = 0;
  int eval_slice_batch_ = 0;    // > 0: sliced evaluation with batches of at most this many samples
  struct PendingEval {
    bool active = false;
    Split split = Split::Train;
    int from = 0;               // next sample of split
    double loss = 0, acc = 0;   // sums over the split so far
    EvalRecord rec;             // step and epoch when it began; the train split's results once known; loss_reg
                                // and lr at the end (nothing moves while it is pending)
  } pending_;
  Tensor eval_xb_, eval_yb_, eval_dscores_;
};

// Samples per evaluation forward pass: up to 256, fewer when the model's per-sample activations are large
// (at most 64 MiB of them per batch, but never fewer than the training batch, whose buffers exist anyway).
int eval_batch_size(const Model& m, int train_batch);

// Fills a histogram of n values with `bins` bins (see Histogram), from every stride-th value.
Histogram make_histogram(const float* v, int64_t n, int bins, int64_t stride = 1);

// Per-layer statistics read every stride-th value of a parameter or activation of n values, at most about
// kStatsSample of them: exact for small tensors (stride 1), and bounded work per stats step for a
// 16 M-parameter layer, whose full passes took ~0.5 s of one frame. Norms are always exact.
constexpr int64_t kStatsSample = int64_t{1} << 16;
inline int64_t stats_stride(int64_t n) { return n > kStatsSample ? (n + kStatsSample - 1) / kStatsSample : 1; }

// Runs that share spec, data and seed, each with its own TrainDesc (one setting changed), advanced in
// lockstep so their curves overlay step for step.
class RunGroup {
 public:
  RunGroup(const ModelSpec& spec, std::shared_ptr<const Dataset> data);
  // Adds a run; returns its index.
  int add_run(const std::string& label, const TrainDesc& desc);
  // A sweep: one run per learning rate, labelled "lr=<value>".
  static RunGroup lr_sweep(const ModelSpec& spec, std::shared_ptr<const Dataset> data, const TrainDesc& base,
                           const std::vector<float>& lrs);

  int size() const { return static_cast<int>(runs_.size()); }
  Trainer& run(int i) { return *runs_[static_cast<size_t>(i)]; }
  const Trainer& run(int i) const { return *runs_[static_cast<size_t>(i)]; }
  const std::string& label(int i) const { return labels_[static_cast<size_t>(i)]; }
  // Round-robin: one step per live run per turn until the budget (or max_steps per run) is spent. Diverged
  // and paused runs are skipped; the others continue. Returns the total steps taken.
  int64_t train_for(double budget_ms, int64_t max_steps = std::numeric_limits<int64_t>::max());

 private:
  ModelSpec spec_;
  std::shared_ptr<const Dataset> data_;
  std::vector<std::unique_ptr<Trainer>> runs_;
  std::vector<std::string> labels_;
};

}  // namespace gl
