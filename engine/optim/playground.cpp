// The playground's surfaces (closed-form value and gradient for the built-ins, the expression graph for typed
// formulas), the sliced optimizer run, and grid sampling. Computed in double; trajectories stored in float.
// Not here: choosing colours or levels for the contour plot (the front end does that from fmin / fmax).
#include "engine/optim/playground.h"

#include <cmath>
#include <limits>

#include "engine/core/check.h"

namespace gl {

const char* surface_kind_name(SurfaceKind kind) {
  static const char* names[] = {"bowl", "valley", "rosenbrock", "saddle", "multimin", "formula"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(SurfaceKind::Count));
  return names[static_cast<int>(kind)];
}

namespace {

struct Well {
  double cx, cy, depth, sigma;
};
constexpr Well kWells[] = {{1.5, 1.5, 2.0, 0.8}, {-1.5, -1.0, 1.5, 0.6}, {1.5, -1.75, 1.0, 0.5}};

}  // namespace

Surface::Surface(const SurfaceDesc& desc) : desc_(desc) {
  NN_CHECK(desc.kind >= SurfaceKind::Bowl && desc.kind < SurfaceKind::Count, "surface: invalid kind ",
           static_cast<int>(desc.kind));
  if (desc.kind == SurfaceKind::Valley) {
    NN_CHECK(desc.condition >= 1.0f && std::isfinite(desc.condition),
             "surface valley: condition must be >= 1, got ", desc.condition);
  }
  if (desc.kind == SurfaceKind::Formula) {
    ExprParseDesc pd;
    pd.restrict_vars = true;
    pd.allowed_vars = {"x", "y"};
    graph_ = parse_expr_or_throw(desc.formula, pd, "surface formula");
    ix_ = graph_.var_index("x");
    iy_ = graph_.var_index("y");
    vals_.assign(graph_.vars.size(), 0.0);
  }
}

double Surface::value(double x, double y) const {
  double gx, gy;
  if (desc_.kind != SurfaceKind::Formula) return value_grad(x, y, gx, gy);
  if (ix_ >= 0) vals_[static_cast<size_t>(ix_)] = x;
  if (iy_ >= 0) vals_[static_cast<size_t>(iy_)] = y;
  expr_forward(graph_, vals_);
  return graph_.value();
}

double Surface::value_grad(double x, double y, double& dfdx, double& dfdy) const {
  switch (desc_.kind) {
    case SurfaceKind::Bowl:
      dfdx = 2 * x;
      dfdy = 2 * y;
      return x * x + y * y;
    case SurfaceKind::Valley: {
      const double c = desc_.condition;
      dfdx = 2 * x / c;
      dfdy = 2 * y;
      return x * x / c + y * y;
    }
    case SurfaceKind::Rosenbrock: {
      // f = (1-x)^2 + 100 (y-x^2)^2;  df/dx = -2(1-x) - 400 x (y-x^2);  df/dy = 200 (y-x^2)
      const double a = 1 - x, b = y - x * x;
      dfdx = -2 * a - 400 * x * b;
      dfdy = 200 * b;
      return a * a + 100 * b * b;
    }
    case SurfaceKind::Saddle:
      dfdx = 2 * x;
      dfdy = -2 * y;
      return x * x - y * y;
    case SurfaceKind::MultiMin: {
      // f = 0.1 |p|^2 - sum_k d_k e_k,  e_k = exp(-|p-c_k|^2 / (2 s_k^2));  grad = 0.2 p + sum_k d_k e_k (p-c_k)/s_k^2
      double f = 0.1 * (x * x + y * y);
      dfdx = 0.2 * x;
      dfdy = 0.2 * y;
      for (const Well& w : kWells) {
        const double dx = x - w.cx, dy = y - w.cy, s2 = w.sigma * w.sigma;
        const double e = w.depth * std::exp(-(dx * dx + dy * dy) / (2 * s2));
        f -= e;
        dfdx += e * dx / s2;
        dfdy += e * dy / s2;
      }
      return f;
    }
    case SurfaceKind::Formula: {
      const double f = value(x, y);
      expr_backward(graph_);
      const std::vector<double> g = graph_.var_grads();
      dfdx = ix_ >= 0 ? g[static_cast<size_t>(ix_)] : 0.0;
      dfdy = iy_ >= 0 ? g[static_cast<size_t>(iy_)] : 0.0;
      return f;
    }
    case SurfaceKind::Count: break;
  }
  NN_CHECK(false, "surface: invalid kind");
  return 0;
}

View2D Surface::default_view() const {
  switch (desc_.kind) {
    case SurfaceKind::Valley: return {-10.0f, 10.0f, -5.0f, 5.0f};
    case SurfaceKind::Rosenbrock: return {-2.0f, 2.0f, -1.0f, 3.0f};
    case SurfaceKind::Saddle: return {-2.0f, 2.0f, -2.0f, 2.0f};
    case SurfaceKind::MultiMin: return {-3.5f, 3.5f, -3.5f, 3.5f};
    default: return {};
  }
}

void Surface::default_start(float& x, float& y) const {
  switch (desc_.kind) {
    case SurfaceKind::Bowl: x = -2.5f; y = 2.0f; return;
    case SurfaceKind::Valley: x = -9.0f; y = 3.0f; return;
    case SurfaceKind::Rosenbrock: x = -1.5f; y = 2.0f; return;
    case SurfaceKind::Saddle: x = -1.8f; y = 0.02f; return;  // just off the ridge so the descent can escape
    case SurfaceKind::MultiMin: x = -0.5f; y = 2.5f; return;
    default: x = -2.0f; y = 2.0f; return;
  }
}

// ---- sliced run --------------------------------------------------------------------------------------

void PlaygroundRun::restart(const OptimDesc& optim, float x0, float y0) {
  opt_.set_desc(optim);
  opt_.reset();
  point_.name = "point";
  point_.value = Tensor(Shape{2}, 0.0f);
  point_.grad = Tensor(Shape{2}, 0.0f);
  point_.decay = true;
  point_.value[0] = x0;
  point_.value[1] = y0;
  traj_.clear();
  diverged_ = false;
}

int PlaygroundRun::step(const Surface& surface, int n) {
  NN_CHECK(point_.value.size() == 2, "playground: step() before restart()");
  const std::vector<Param*> ps{&point_};
  double gx = 0, gy = 0;
  auto eval = [&]() {
    const double f = surface.value_grad(point_.value[0], point_.value[1], gx, gy);
    point_.grad[0] = static_cast<float>(gx);
    point_.grad[1] = static_cast<float>(gy);
    return f;
  };
  auto ok = [&](double f) {
    const float x = point_.value[0], y = point_.value[1];
    return std::isfinite(x) && std::isfinite(y) && std::fabs(x) <= 1e6f && std::fabs(y) <= 1e6f &&
           std::isfinite(f) && std::isfinite(gx) && std::isfinite(gy);
  };
  if (traj_.empty()) {
    const double f = eval();
    traj_.push_back({point_.value[0], point_.value[1], static_cast<float>(f)});
    if (!ok(f)) diverged_ = true;
  } else if (!diverged_) {
    eval();  // gradient at the last point, on this surface
  }
  int taken = 0;
  while (taken < n && !diverged_) {
    opt_.step(ps);
    ++taken;
    const double f = eval();
    traj_.push_back({point_.value[0], point_.value[1], static_cast<float>(f)});
    if (!ok(f)) diverged_ = true;
  }
  return taken;
}

std::vector<TrajPoint> run_trajectory(const Surface& surface, const OptimDesc& optim, float x0, float y0,
                                      int steps) {
  PlaygroundRun run(optim, x0, y0);
  run.step(surface, steps);
  return run.trajectory();
}

// ---- race line-up and paths ---------------------------------------------------------------------------

std::vector<OptimDesc> race_lineup(const RaceDesc& desc) {
  NN_CHECK(!desc.same_lr || (std::isfinite(desc.lr) && desc.lr > 0.0f), "race: learning rate ", desc.lr,
           " must be positive");
  const OptimKind kinds[] = {OptimKind::SGD, OptimKind::Momentum, OptimKind::Nesterov,
                             OptimKind::AdaGrad, OptimKind::RMSProp, OptimKind::Adam};
  const float own[] = {0.02f, 0.02f, 0.02f, 0.5f, 0.05f, 0.1f};
  std::vector<OptimDesc> out;
  for (int i = 0; i < 6; ++i) {
    OptimDesc d = optim_defaults(kinds[i]);
    d.lr = desc.same_lr ? desc.lr : own[i];
    out.push_back(d);
  }
  return out;
}

namespace {
bool inside(const View2D& v, float x, float y) { return x >= v.x0 && x <= v.x1 && y >= v.y0 && y <= v.y1; }
}  // namespace

PathView describe_path(const std::vector<TrajPoint>& traj, bool diverged, const View2D& view) {
  PathView pv;
  size_t n = 0;  // finite prefix
  while (n < traj.size() && std::isfinite(traj[n].x) && std::isfinite(traj[n].y)) ++n;
  for (size_t i = 1; i < n && pv.exit_index < 0; ++i) {
    const TrajPoint &a = traj[i - 1], &b = traj[i];
    if (!inside(view, a.x, a.y) || inside(view, b.x, b.y)) continue;
    pv.exit_index = static_cast<int>(i);
    // Smallest t in (0, 1] where a + t (b - a) meets a border (Liang-Barsky against the four sides).
    const double dx = static_cast<double>(b.x) - a.x, dy = static_cast<double>(b.y) - a.y;
    double t = 1.0;
    if (dx > 0) t = std::min(t, (view.x1 - a.x) / dx);
    if (dx < 0) t = std::min(t, (view.x0 - a.x) / dx);
    if (dy > 0) t = std::min(t, (view.y1 - a.y) / dy);
    if (dy < 0) t = std::min(t, (view.y0 - a.y) / dy);
    pv.exit_x = static_cast<float>(a.x + t * dx);
    pv.exit_y = static_cast<float>(a.y + t * dy);
    const double len = std::sqrt(dx * dx + dy * dy);
    pv.dir_x = static_cast<float>(dx / len);
    pv.dir_y = static_cast<float>(dy / len);
  }
  if (pv.exit_index >= 0) {
    pv.status = PathStatus::LeftView;
    for (size_t i = static_cast<size_t>(pv.exit_index) + 1; i < n; ++i) pv.back_inside |= inside(view, traj[i].x, traj[i].y);
    pv.label = str_cat("left the plot at step ", pv.exit_index);
  }
  if (diverged) {
    pv.status = PathStatus::Diverged;
    pv.label = str_cat("diverged at step ", traj.empty() ? 0 : traj.size() - 1);
  }
  return pv;
}

// ---- grid --------------------------------------------------------------------------------------------

void eval_grid(const Surface& surface, const View2D& view, int nx, int ny, SurfaceGrid& out) {
  NN_CHECK(nx > 0 && ny > 0 && static_cast<int64_t>(nx) * ny <= (int64_t{1} << 24),
           "surface grid: size must be positive and at most 2^24 cells, got ", nx, " x ", ny);
  NN_CHECK(view.x1 > view.x0 && view.y1 > view.y0, "surface grid: empty view x [", view.x0, ", ", view.x1,
           "], y [", view.y0, ", ", view.y1, "]");
  out.nx = nx;
  out.ny = ny;
  out.view = view;
  out.f.resize(static_cast<size_t>(nx) * ny);
  out.finite_count = 0;
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  const double dx = (static_cast<double>(view.x1) - view.x0) / nx, dy = (static_cast<double>(view.y1) - view.y0) / ny;
  for (int j = 0; j < ny; ++j) {
    const double y = view.y0 + (j + 0.5) * dy;
    for (int i = 0; i < nx; ++i) {
      const float f = static_cast<float>(surface.value(view.x0 + (i + 0.5) * dx, y));
      out.f[static_cast<size_t>(j) * nx + i] = f;
      if (std::isfinite(f)) {
        ++out.finite_count;
        lo = std::min(lo, f);
        hi = std::max(hi, f);
      }
    }
  }
  out.fmin = out.finite_count ? lo : 0.0f;
  out.fmax = out.finite_count ? hi : 0.0f;
}

}  // namespace gl
