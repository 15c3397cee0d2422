// Compare runs: the session's spec and data trained several times side by side with one setting changed
// (a learning-rate sweep, optimizers, batch sizes or L2; same seed), in lockstep, for overlaid loss curves.
// Not here: drawing, or changing more than one setting at a time.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/train/trainer.h"

namespace gl {

enum class CompareKind { LrSweep, Optimizers, Batch, L2, Count };
const char* compare_kind_name(CompareKind kind);  // "learning rate", "optimizer", "batch size", "L2"

struct CompareDesc {
  CompareKind kind = CompareKind::LrSweep;
  std::vector<float> lrs = {1e-3f, 3e-3f, 1e-2f, 3e-2f};  // LrSweep
  // Optimizers: SGD vs Momentum vs Adam (each with optim_defaults' lr); Batch: 8 / 32 / 128; L2: 0 / 1e-3 / 1e-1
};

class CompareLab {
 public:
  // (Re)builds the group from the spec, data and base settings; error() says why it could not (the group
  // is then empty). Every run starts from the same seed, so the runs differ only in the setting compared.
  void configure(const ModelSpec& spec, std::shared_ptr<const Dataset> data, const TrainDesc& base,
                 const CompareDesc& desc);
  // Lockstep round-robin while playing: every live run takes the same number of steps, up to max_steps.
  // Stops playing once every run has finished or diverged.
  void advance(double budget_ms);
  const RunGroup* group() const { return group_.get(); }
  const CompareDesc& desc() const { return desc_; }
  const std::string& error() const { return error_; }
  // ||W|| of run i: the square root of the sum of squares of its decayed parameters (the weights that L2
  // penalises; biases and batch-norm parameters excluded), now. 0 for a run index out of range. Computed
  // once per step of the run (the table asks every frame; a pass over 16 M weights is not free).
  double weight_norm(int run) const;
  // Whether any run can still step (not diverged, below max_steps).
  bool finished() const;
  bool playing() const { return playing_; }
  void set_playing(bool on) { playing_ = on; }
  int64_t max_steps = 2000;  // per run

 private:
  bool playing_ = false;
  std::unique_ptr<RunGroup> group_;
  mutable std::vector<std::pair<int64_t, double>> norms_;  // per run: (step it was computed at, ||W||)
  CompareDesc desc_;
  std::string error_;
};

}  // namespace gl
