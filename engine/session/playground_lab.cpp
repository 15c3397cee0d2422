// PlaygroundLab: the race's line-up (from defaults.h), restarts and time-sliced stepping.
#include "engine/session/playground_lab.h"

#include <cmath>

#include "engine/session/defaults.h"

namespace gl {

PlaygroundLab::PlaygroundLab() {
  for (const OptimDesc& o : default_racers()) {
    Racer r;
    r.optim = o;
    racers_.push_back(r);
  }
  set_surface(default_surface());
}

std::string PlaygroundLab::set_surface(const SurfaceDesc& desc) {
  try {
    auto s = std::make_unique<Surface>(desc);
    surface_ = std::move(s);
  } catch (const EngineError& e) {
    return e.what();
  }
  view_ = surface_->default_view();
  surface_->default_start(start_x_, start_y_);
  start_chosen_ = false;
  grid_dirty_ = true;
  surface_rev_ = next_revision();
  restart();
  return {};
}

void PlaygroundLab::set_start(float x, float y) {
  start_x_ = x;
  start_y_ = y;
  start_chosen_ = true;
  restart();
}

void PlaygroundLab::set_race(const RaceDesc& race) {
  race_lineup(race);  // checks the rate
  race_ = race;
  restart();
}

void PlaygroundLab::restart() {
  for (Racer& r : racers_) {
    OptimDesc d = r.optim;
    d.lr = racer_lr(r);
    r.run.restart(d, start_x_, start_y_);
  }
  steps_ = 0;
  carry_ = 0;
}

void PlaygroundLab::step(int n) {
  if (n <= 0 || steps_ >= max_steps) return;
  n = std::min(n, max_steps - steps_);
  for (Racer& r : racers_)
    if (r.enabled) r.run.step(*surface_, n);
  steps_ += n;
}

void PlaygroundLab::advance(double dt_seconds) {
  if (!playing_) return;
  carry_ += dt_seconds * steps_per_second;
  int n = static_cast<int>(std::floor(carry_));
  carry_ -= n;
  step(n);
}

const SurfaceGrid& PlaygroundLab::grid(int nx, int ny) const {
  if (grid_dirty_ || grid_.nx != nx || grid_.ny != ny) {
    eval_grid(*surface_, view_, nx, ny, grid_);
    grid_dirty_ = false;
  }
  return grid_;
}

}  // namespace gl
