// The 2D optimizer playground: a surface f(x, y) the student picks (built-in or typed in x and y), any
// Optimizer run on it from a start point recording the trajectory (x, y, f) so several optimizers can race on
// one contour plot, and f sampled on a grid for the contour shader. No drawing here, and no parser of its own
// (typed formulas go through engine/expr).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/check.h"  // EngineError, thrown by the functions below
#include "engine/expr/expr.h"
#include "engine/optim/optimizer.h"

namespace gl {

enum class SurfaceKind {
  Bowl,        // x^2 + y^2                                      minimum 0 at (0, 0)
  Valley,      // x^2 / condition + y^2 (ill-conditioned bowl: Hessian eigenvalues 2/condition and 2)
  Rosenbrock,  // (1 - x)^2 + 100 (y - x^2)^2                    minimum 0 at (1, 1), in a curved valley
  Saddle,      // x^2 - y^2                                      saddle at (0, 0), unbounded below
  MultiMin,    // 0.1 (x^2 + y^2) - sum_k d_k exp(-|p - c_k|^2 / (2 s_k^2)), three wells of unequal depth:
               //   c = (1.5, 1.5) d = 2, s = 0.8 (global);  c = (-1.5, -1) d = 1.5, s = 0.6;  c = (1.5, -1.75)
               //   d = 1, s = 0.5  (local minima near the centres; which one you reach depends on start and method)
  Formula,     // the typed formula in x and y (either may be absent), e.g. "x^2 + 10*y^2" or "abs(x) + y^2"
  Count
};

struct SurfaceDesc {
  SurfaceKind kind = SurfaceKind::Bowl;
  float condition = 20.0f;  // Valley
  std::string formula;      // Formula
};

// Rectangle of the plane shown / sampled.
struct View2D {
  float x0 = -3.0f, x1 = 3.0f, y0 = -3.0f, y1 = 3.0f;
};

class Surface {
 public:
  // Throws EngineError for an invalid desc; a bad formula's message carries the column ("formula 'x +': ...").
  explicit Surface(const SurfaceDesc& desc);

  const SurfaceDesc& desc() const { return desc_; }
  double value(double x, double y) const;
  // f and its gradient (df/dx, df/dy); non-finite where the formula is undefined (log of a negative ...).
  double value_grad(double x, double y, double& dfdx, double& dfdy) const;

  // A view that shows the interesting region and a start point where the methods visibly differ.
  View2D default_view() const;
  void default_start(float& x, float& y) const;

 private:
  SurfaceDesc desc_;
  mutable ExprGraph graph_;  // Formula: evaluated in place (values live in the nodes)
  int ix_ = -1, iy_ = -1;    // Formula: index of x / y in graph_.vars, -1 when absent
  mutable std::vector<double> vals_;
};

const char* surface_kind_name(SurfaceKind kind);  // "bowl", "valley", "rosenbrock", "saddle", "multimin", "formula"

struct TrajPoint {
  float x = 0, y = 0, f = 0;
};

// One optimizer on a surface, advanced in slices (step(n) per frame). The point is a Param of shape {2}
// (decay = true, so weight_decay pulls it toward the origin). The trajectory starts with the start point.
class PlaygroundRun {
 public:
  PlaygroundRun() = default;
  PlaygroundRun(const OptimDesc& optim, float x0, float y0) { restart(optim, x0, y0); }

  void restart(const OptimDesc& optim, float x0, float y0);
  // Takes up to n steps on `surface` (the caller owns it; pass the same one each time). Stops early, and
  // sets diverged(), when the point or f stops being finite or |x|, |y| exceeds 1e6. Returns steps taken.
  int step(const Surface& surface, int n);

  const std::vector<TrajPoint>& trajectory() const { return traj_; }
  bool diverged() const { return diverged_; }
  const OptimDesc& optim() const { return opt_.desc(); }

 private:
  Optimizer opt_;
  Param point_;  // value, grad: {2} = (x, y)
  std::vector<TrajPoint> traj_;
  bool diverged_ = false;
};

// Convenience: restart + step in one call.
std::vector<TrajPoint> run_trajectory(const Surface& surface, const OptimDesc& optim, float x0, float y0,
                                      int steps);

// The race's line-up: SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam (PyTorch defaults per kind). With
// same_lr every optimizer gets `lr` (the fair "same learning rate for all" comparison, where some paths
// leave the plot or diverge); without, each gets the rate that makes its path visible on the default valley
// (0.02, 0.02, 0.02, 0.5, 0.05, 0.1).
struct RaceDesc {
  bool same_lr = false;
  float lr = 0.02f;
};
std::vector<OptimDesc> race_lineup(const RaceDesc& desc = RaceDesc{});

// Where a trajectory stands relative to the plotted view, for the view to draw it honestly: an arrow where
// the path leaves the plot, and "diverged" at the start point when the run blew up.
enum class PathStatus { Inside, LeftView, Diverged };
struct PathView {
  PathStatus status = PathStatus::Inside;
  int exit_index = -1;        // first trajectory point outside the view (-1: none)
  float exit_x = 0, exit_y = 0;  // where the path crosses the view's border (the arrow's tip)
  float dir_x = 0, dir_y = 0;    // unit direction of travel across the border (the arrow's direction)
  bool back_inside = false;      // the path came back into the view after leaving it
  std::string label;             // "" / "left the plot at step 12" / "diverged at step 40"
};
// diverged: PlaygroundRun::diverged(). Points past the first non-finite one are ignored.
PathView describe_path(const std::vector<TrajPoint>& traj, bool diverged, const View2D& view);

// f sampled at the centres of an nx x ny grid of cells covering the view, row-major, row 0 at y0 (bottom):
// f[j * nx + i] = f(x0 + (i + 0.5) (x1 - x0) / nx, y0 + (j + 0.5) (y1 - y0) / ny). fmin / fmax over the
// finite values (non-finite cells keep their NaN / Inf; finite_count says how many are usable).
struct SurfaceGrid {
  int nx = 0, ny = 0;
  View2D view;
  std::vector<float> f;  // ny x nx
  float fmin = 0, fmax = 0;
  int64_t finite_count = 0;
};
void eval_grid(const Surface& surface, const View2D& view, int nx, int ny, SurfaceGrid& out);

}  // namespace gl
