// Stalled-run detection: a run that neither diverges nor learns (SGD at lr 5 on spirals sits at chance with
// a gradient norm of 1e-12). Reads a trainer's step history and its model's last activations; says what it
// sees (zero gradients, dead ReLU units, loss flat at chance) and what that likely means, as the divergence
// message does for exploding loss. Not here: stopping the run (a stalled run may still recover; the UI shows
// a banner and the student decides).
#pragma once
#include <string>
#include <vector>

#include "engine/train/trainer.h"

namespace gl {

struct StallDesc {
  int64_t min_steps = 100;      // no verdict before this many steps
  int64_t window_steps = 100;   // the last steps the history signs are read over
  float zero_grad = 1e-6f;      // gradient norm below this on every step of the window: nothing learns
  float dead_fraction = 0.9f;   // a ReLU layer with this fraction of units at 0 for every sample is dead
  float chance_tol = 0.05f;     // softmax loss not below (1 - chance_tol) ln(classes) counts as at chance
};

struct StallReport {
  bool stalled = false;
  int64_t step = 0;                // the trainer's step count when checked
  std::vector<std::string> signs;  // what was seen, one sentence each ("gradient norm < 1e-06 for 100 steps")
  // "Stalled at step 300: <signs>. Likely: <cause>; <what to try>." ("" when not stalled)
  std::string message;
};

// Checks the run as it stands (call after train_for; cheap: reads the last ~window records and the last
// forward pass's activations).
StallReport detect_stall(Trainer& trainer, const StallDesc& desc = StallDesc{});

}  // namespace gl
