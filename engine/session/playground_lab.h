// The optimizer playground: one 2D surface, several optimizers racing from the same start point, advanced
// a few steps per frame, and the surface sampled on a grid for the contour shader. No drawing here.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/optim/playground.h"
#include "engine/session/revision.h"

namespace gl {

struct Racer {
  OptimDesc optim;
  bool enabled = true;
  PlaygroundRun run;
};

class PlaygroundLab {
 public:
  PlaygroundLab();

  // A new surface restarts every racer at the surface's default start. A bad formula keeps the old surface
  // and returns the message (with the column).
  std::string set_surface(const SurfaceDesc& desc);
  void set_start(float x, float y);  // restarts the race from (x, y)
  bool start_chosen() const { return start_chosen_; }  // set_start since the last surface (else its default)
  void restart();
  // "Same learning rate for all" (race.same_lr): every racer runs at race.lr, its own rate kept for when the
  // option is off. Restarts the race; throws EngineError for a rate that is not positive.
  void set_race(const RaceDesc& race);
  const RaceDesc& race() const { return race_; }
  // The rate a racer runs at (its own, or the shared one).
  float racer_lr(const Racer& r) const { return race_.same_lr ? race_.lr : r.optim.lr; }
  // Advances the race by dt seconds at steps_per_second (fractional steps carry over).
  void advance(double dt_seconds);
  void step(int n);

  const SurfaceDesc& surface_desc() const { return surface_->desc(); }
  const Surface& surface() const { return *surface_; }
  const View2D& view() const { return view_; }
  std::vector<Racer>& racers() { return racers_; }
  const std::vector<Racer>& racers() const { return racers_; }
  int steps() const { return steps_; }
  float start_x() const { return start_x_; }
  float start_y() const { return start_y_; }
  // f on an nx x ny grid over the view (recomputed only when the surface, view or size changes).
  const SurfaceGrid& grid(int nx, int ny) const;

  bool playing() const { return playing_; }
  void set_playing(bool on) { playing_ = on; }
  // New whenever the surface or its view changes (grid() is a function of it and the grid size).
  Revision surface_revision() const { return surface_rev_; }
  float steps_per_second = 20.0f;
  int max_steps = 500;

 private:
  bool playing_ = true;
  bool start_chosen_ = false;
  Revision surface_rev_ = 0;
  std::unique_ptr<Surface> surface_;
  View2D view_;
  float start_x_ = 0, start_y_ = 0;
  std::vector<Racer> racers_;
  RaceDesc race_;
  int steps_ = 0;
  double carry_ = 0;
  mutable SurfaceGrid grid_;  // cache
  mutable bool grid_dirty_ = true;
};

}  // namespace gl
