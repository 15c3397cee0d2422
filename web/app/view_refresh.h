// When a probed view (the Inside and Batch norm tabs run the model on a batch to show what it computes) is
// rebuilt: at once when what it is made from changed, summed up in one key (gfx_key of the lab's model and
// data revisions and the panel's choices), and at most every refresh_ms while training moves the step.
#pragma once
#include <cstdint>

namespace gl {

struct ViewRefresh {
  uint64_t key = 0;      // of the last rebuild (0: never built)
  int64_t step = -1;     // the trainer's step then (-1: no trainer)
  double since_ms = 1e9;

  // Counts frame time, visible or not, so a tab shown again after a while is rebuilt at once.
  void tick(double dt_ms) { since_ms += dt_ms; }
  // True when the view must be rebuilt now; it then remembers key and step and restarts the clock.
  bool due(uint64_t now_key, int64_t now_step, double refresh_ms) {
    const bool changed = now_key != key, stepped = now_step != step && since_ms >= refresh_ms;
    if (!changed && !stepped) return false;
    key = now_key;
    step = now_step;
    since_ms = 0;
    return true;
  }
};

}  // namespace gl
