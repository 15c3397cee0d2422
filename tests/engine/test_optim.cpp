// Optimizers, clipping and lr schedules against PyTorch goldens (tests/reference/gen_optim.py), state
// handling (reset, mismatched params), and the 2D optimizer playground's properties a student would see.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/core/check.h"
#include "engine/optim/optimizer.h"
#include "engine/optim/playground.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {

OptimKind kind_from_name(const std::string& s) {
  for (int k = 0; k < static_cast<int>(OptimKind::Count); ++k) {
    if (s == optim_kind_name(static_cast<OptimKind>(k))) return static_cast<OptimKind>(k);
  }
  FAIL("unknown optimizer kind " << s);
  return OptimKind::Count;
}

ScheduleKind schedule_from_name(const std::string& s) {
  for (int k = 0; k < static_cast<int>(ScheduleKind::Count); ++k) {
    if (s == schedule_kind_name(static_cast<ScheduleKind>(k))) return static_cast<ScheduleKind>(k);
  }
  FAIL("unknown schedule kind " << s);
  return ScheduleKind::Count;
}

Param make_param(const char* name, const Tensor& v, bool decay) {
  Param p;
  p.name = name;
  p.value = v;
  p.grad = Tensor(v.shape(), 0.0f);
  p.decay = decay;
  return p;
}

}  // namespace

TEST_CASE("optimizers match torch.optim step by step") {
  const auto names = test::list_golden("optim_");
  int optim_cases = 0;
  for (const std::string& name : names) {
    Json j = test::load_golden(name);
    if (!j.has("after")) continue;  // clip / sched files
    ++optim_cases;
    CAPTURE(name);
    const Json& o = j["desc"];
    OptimDesc d = optim_defaults(kind_from_name(j["kind"].str()));
    d.lr = static_cast<float>(o["lr"].num());
    d.momentum = static_cast<float>(o.get("momentum", 0.0));
    d.dampening = static_cast<float>(o.get("dampening", 0.0));
    d.nesterov = o.has("nesterov") && o["nesterov"].as_bool();
    d.eps = static_cast<float>(o.get("eps", d.eps));
    d.alpha = static_cast<float>(o.get("alpha", d.alpha));
    d.beta1 = static_cast<float>(o.get("beta1", d.beta1));
    d.beta2 = static_cast<float>(o.get("beta2", d.beta2));
    d.weight_decay = static_cast<float>(o.get("weight_decay", 0.0));

    Param w = make_param("weight", test::tensor_from_json(j["weight"]), true);
    Param b = make_param("bias", test::tensor_from_json(j["bias"]), false);
    std::vector<Param*> ps{&w, &b};
    Optimizer opt(d);
    for (size_t s = 0; s < j["after"].size(); ++s) {
      w.grad = test::tensor_from_json(j["grads"][s]["weight"]);
      b.grad = test::tensor_from_json(j["grads"][s]["bias"]);
      opt.step(ps);
      test::check_close(name + " step " + std::to_string(s + 1) + " weight", w.value,
                        j["after"][s]["weight"]["data"].floats(), 1e-4);
      test::check_close(name + " step " + std::to_string(s + 1) + " bias", b.value,
                        j["after"][s]["bias"]["data"].floats(), 1e-4);
    }
    CHECK(opt.steps_taken() == static_cast<int64_t>(j["after"].size()));

    // reset() forgets the moments: replaying from the initial values gives the same trajectory.
    opt.reset();
    w.value = test::tensor_from_json(j["weight"]);
    b.value = test::tensor_from_json(j["bias"]);
    for (size_t s = 0; s < j["after"].size(); ++s) {
      w.grad = test::tensor_from_json(j["grads"][s]["weight"]);
      b.grad = test::tensor_from_json(j["grads"][s]["bias"]);
      opt.step(ps);
    }
    test::check_close(name + " after reset, last weight", w.value, j["after"].arr().back()["weight"]["data"].floats(),
                      1e-4, false);
  }
  CHECK(optim_cases >= 16);
}

TEST_CASE("gradient clipping matches clip_grad_norm_ and clip_grad_value_") {
  Json j = test::load_golden("optim_clip");
  for (size_t c = 0; c < j["cases"].size(); ++c) {
    const Json& k = j["cases"][c];
    std::string what = "clip case " + std::to_string(c);
    Param a = make_param("a", test::tensor_from_json(k["grads"][0]), true);
    Param b = make_param("b", test::tensor_from_json(k["grads"][1]), false);
    std::vector<Param*> ps{&a, &b};
    a.grad = a.value;
    b.grad = b.value;
    float norm = clip_grad_norm(ps, static_cast<float>(k["max_norm"].num()));
    test::check_close(what + " norm", &norm, {static_cast<float>(k["norm"].num())}, 1e-4);
    test::check_close(what + " by_norm a", a.grad, k["by_norm"][0]["data"].floats(), 1e-4);
    test::check_close(what + " by_norm b", b.grad, k["by_norm"][1]["data"].floats(), 1e-4);
    a.grad = a.value;
    b.grad = b.value;
    float norm2 = clip_grad_value(ps, static_cast<float>(k["clip"].num()));
    CHECK(norm2 == doctest::Approx(norm).epsilon(1e-6));
    test::check_close(what + " by_value a", a.grad, k["by_value"][0]["data"].floats(), 1e-4);
    test::check_close(what + " by_value b", b.grad, k["by_value"][1]["data"].floats(), 1e-4);
  }
  std::vector<Param*> none;
  CHECK_THROWS_WITH_AS(clip_grad_norm(none, 0.0f), "clip_grad_norm: max_norm must be > 0, got 0", EngineError);
}

TEST_CASE("lr schedules match StepLR, ExponentialLR, CosineAnnealingLR and LinearLR warm-up") {
  Json j = test::load_golden("optim_sched");
  REQUIRE(j["cases"].size() >= 8);
  for (size_t c = 0; c < j["cases"].size(); ++c) {
    const Json& k = j["cases"][c];
    ScheduleDesc d;
    d.kind = schedule_from_name(k["kind"].str());
    d.step_size = static_cast<int>(k.get("step_size", 10.0));
    d.gamma = static_cast<float>(k.get("gamma", 0.1));
    d.t_max = static_cast<int>(k.get("t_max", 100.0));
    d.eta_min = static_cast<float>(k.get("eta_min", 0.0));
    d.warmup_steps = static_cast<int>(k.get("warmup_steps", 0.0));
    d.warmup_start_factor = static_cast<float>(k.get("warmup_start_factor", 0.1));
    std::vector<float> want = k["lrs"].floats(), got;
    for (size_t s = 0; s < want.size(); ++s) got.push_back(lr_at(d, static_cast<float>(k["base_lr"].num()), s));
    test::check_close(std::string("schedule ") + k["kind"].str() + " case " + std::to_string(c), got.data(), want,
                      1e-4);
  }
}

TEST_CASE("optimizer state: lazily bound, checked, reset by a kind change") {
  Param w = make_param("weight", Tensor(Shape{2, 3}, 1.0f), true);
  Param b = make_param("bias", Tensor(Shape{3}, 0.0f), false);
  w.grad.fill(0.5f);
  b.grad.fill(-1.0f);
  Optimizer opt(optim_defaults(OptimKind::Adam));
  CHECK(opt.state(0).empty());
  opt.step({&w, &b});
  REQUIRE(opt.state(0).size() == 2);
  CHECK(std::string(opt.state(0)[0].first) == "exp_avg");
  // Adam's first step moves every element by lr * sign(g) (bias-corrected m / sqrt(v) = +-1).
  CHECK(w.value[0] == doctest::Approx(1.0f - 1e-3f).epsilon(1e-5));
  CHECK(b.value[2] == doctest::Approx(1e-3f).epsilon(1e-4));
  CHECK_THROWS_WITH_AS(opt.step({&w}), "adam: optimizer state is for 2 params but step() got 1 (call reset() after "
                                       "the model changes)", EngineError);
  Param big = make_param("weight", Tensor(Shape{4, 3}, 1.0f), true);
  CHECK_THROWS_WITH_AS(opt.step({&big, &b}), "adam: param 0 'weight' has 12 elements but the optimizer state has 6 "
                                             "(call reset() after the model changes)", EngineError);
  OptimDesc d = opt.desc();
  d.lr = 0.5f;
  opt.set_desc(d);  // same kind: state kept
  CHECK(opt.steps_taken() == 1);
  opt.set_desc(optim_defaults(OptimKind::Momentum));  // new kind: state reset
  CHECK(opt.steps_taken() == 0);
  opt.step({&big, &b});
  CHECK(std::string(opt.state(0)[0].first) == "momentum_buffer");
  CHECK(opt.state(0)[0].second->size() == 12);
  OptimDesc bad = optim_defaults(OptimKind::SGD);
  bad.nesterov = true;
  Optimizer nes(bad);
  CHECK_THROWS_WITH_AS(nes.step({&w}), "sgd: Nesterov momentum needs momentum > 0 and dampening 0 (got momentum 0, "
                                       "dampening 0)", EngineError);
  // Weight decay touches only decay params: with zero grads the bias stays, the weight shrinks.
  OptimDesc wd = optim_defaults(OptimKind::SGD);
  wd.lr = 0.1f;
  wd.weight_decay = 0.5f;
  Optimizer dec(wd);
  w.value.fill(2.0f);
  w.grad.zero();
  b.value.fill(2.0f);
  b.grad.zero();
  dec.step({&w, &b});
  CHECK(w.value[0] == doctest::Approx(2.0f * (1.0f - 0.05f)));
  CHECK(b.value[0] == 2.0f);
}

// ---- the 2D playground -------------------------------------------------------------------------------

namespace {

SurfaceDesc sdesc(SurfaceKind k, std::string formula = "") {
  SurfaceDesc d;
  d.kind = k;
  d.formula = std::move(formula);
  return d;
}

OptimDesc optim(OptimKind k, float lr) {
  OptimDesc d = optim_defaults(k);
  d.lr = lr;
  return d;
}

}  // namespace

TEST_CASE("playground surfaces: analytic gradients agree with central differences") {
  for (int k = 0; k < static_cast<int>(SurfaceKind::Count); ++k) {
    SurfaceDesc sd;
    sd.kind = static_cast<SurfaceKind>(k);
    sd.formula = "tanh(x)*y^2 + exp(0.3*x) - max(y, 0.5*x)";
    Surface s(sd);
    CAPTURE(surface_kind_name(sd.kind));
    for (auto [x, y] : {std::pair{0.3, -0.7}, std::pair{-1.2, 1.9}, std::pair{1.1, 0.4}}) {
      double gx, gy;
      const double f = s.value_grad(x, y, gx, gy);
      CHECK(f == doctest::Approx(s.value(x, y)).epsilon(1e-12));
      auto num = test::numeric_grad([&](const std::vector<double>& p) { return s.value(p[0], p[1]); }, {x, y});
      CHECK(gx == doctest::Approx(num[0]).epsilon(1e-6));
      CHECK(gy == doctest::Approx(num[1]).epsilon(1e-6));
    }
  }
}

TEST_CASE("playground: gradient descent on the bowl converges, in slices or at once") {
  Surface bowl(sdesc(SurfaceKind::Bowl));
  float x0, y0;
  bowl.default_start(x0, y0);
  auto traj = run_trajectory(bowl, optim(OptimKind::SGD, 0.1f), x0, y0, 100);
  REQUIRE(traj.size() == 101);
  CHECK(traj[0].x == x0);
  CHECK(traj[0].f == doctest::Approx(x0 * x0 + y0 * y0));
  for (size_t i = 1; i < traj.size(); ++i) CHECK(traj[i].f < traj[i - 1].f);
  CHECK(traj.back().f < 1e-15f);  // (1 - 2 lr)^2 per step: 0.64^100
  // Ten slices of ten steps give exactly the same trajectory as one run of 100.
  PlaygroundRun run(optim(OptimKind::Adam, 0.1f), x0, y0);
  for (int i = 0; i < 10; ++i) CHECK(run.step(bowl, 10) == 10);
  auto once = run_trajectory(bowl, optim(OptimKind::Adam, 0.1f), x0, y0, 100);
  REQUIRE(run.trajectory().size() == once.size());
  for (size_t i = 0; i < once.size(); ++i) {
    CHECK(run.trajectory()[i].x == once[i].x);
    CHECK(run.trajectory()[i].y == once[i].y);
  }
  CHECK(!run.diverged());
}

TEST_CASE("playground: Adam walks down Rosenbrock's curved valley") {
  Surface rb(sdesc(SurfaceKind::Rosenbrock));
  float x0, y0;
  rb.default_start(x0, y0);
  auto traj = run_trajectory(rb, optim(OptimKind::Adam, 0.02f), x0, y0, 3000);
  REQUIRE(traj.size() == 3001);
  // f decreases overall and along the way (checked over windows of 100 steps: Adam may wobble step to step).
  for (size_t i = 100; i < traj.size(); i += 100) CHECK(traj[i].f < traj[i - 100].f);
  CHECK(traj.back().f < 1e-3f * traj.front().f);
  MESSAGE("rosenbrock adam: f " << traj.front().f << " -> " << traj.back().f << " at (" << traj.back().x << ", "
                                << traj.back().y << ")");
}

TEST_CASE("playground: momentum overshoots the valley floor where plain SGD does not") {
  Surface valley(sdesc(SurfaceKind::Valley));
  float x0, y0;
  valley.default_start(x0, y0);
  auto sgd = run_trajectory(valley, optim(OptimKind::SGD, 0.1f), x0, y0, 100);
  auto mom = run_trajectory(valley, optim(OptimKind::Momentum, 0.1f), x0, y0, 100);
  int sgd_crossings = 0, mom_crossings = 0;
  for (size_t i = 1; i < sgd.size(); ++i) sgd_crossings += (sgd[i].y > 0) != (sgd[i - 1].y > 0);
  for (size_t i = 1; i < mom.size(); ++i) mom_crossings += (mom[i].y > 0) != (mom[i - 1].y > 0);
  CHECK(sgd_crossings == 0);  // y shrinks by (1 - 0.2) each step: never crosses y = 0
  CHECK(mom_crossings >= 3);  // mu = 0.9 is under-damped across the steep direction
  // ... but momentum travels much further along the shallow x direction in the same number of steps.
  CHECK(std::fabs(mom.back().x) < 0.1f * std::fabs(sgd.back().x));
  CHECK(mom.back().f < sgd.back().f);
}

TEST_CASE("playground: escaping the saddle diverges and is flagged; wells trap plain descent") {
  Surface saddle(sdesc(SurfaceKind::Saddle));
  float x0, y0;
  saddle.default_start(x0, y0);
  PlaygroundRun run(optim(OptimKind::SGD, 0.1f), x0, y0);
  const int taken = run.step(saddle, 500);
  CHECK(run.diverged());
  CHECK(taken < 500);
  CHECK(run.step(saddle, 10) == 0);
  CHECK(run.trajectory()[40].f < -1.0f);  // |y| grows by 1.2x per step, x shrinks to 0
  Surface wells(sdesc(SurfaceKind::MultiMin));
  // Plain descent from near each well ends in that well; the global one is the deepest.
  auto a = run_trajectory(wells, optim(OptimKind::SGD, 0.1f), 0.5f, 2.5f, 500).back();
  auto b = run_trajectory(wells, optim(OptimKind::SGD, 0.1f), -2.5f, -2.0f, 500).back();
  auto c = run_trajectory(wells, optim(OptimKind::SGD, 0.1f), 2.0f, -2.5f, 500).back();
  CHECK(a.x == doctest::Approx(1.4087f).epsilon(1e-3));
  CHECK(b.x == doctest::Approx(-1.4306f).epsilon(1e-3));
  CHECK(c.y == doctest::Approx(-1.6636f).epsilon(1e-3));
  CHECK(a.f < b.f);
  CHECK(b.f < c.f);
}

TEST_CASE("playground: a typed formula in x and y") {
  SurfaceDesc sd = sdesc(SurfaceKind::Formula, "x^2 + 10*y^2");
  Surface s(sd);
  double gx, gy;
  CHECK(s.value_grad(1.5, -0.5, gx, gy) == doctest::Approx(4.75));
  CHECK(gx == doctest::Approx(3.0));
  CHECK(gy == doctest::Approx(-10.0));
  auto traj = run_trajectory(s, optim(OptimKind::SGD, 0.04f), 2.0f, 1.0f, 200);
  CHECK(traj.back().f < 1e-6f);
  Surface only_x(sdesc(SurfaceKind::Formula, "(x - 1)^2"));
  CHECK(only_x.value_grad(3.0, 7.0, gx, gy) == doctest::Approx(4.0));
  CHECK(gx == doctest::Approx(4.0));
  CHECK(gy == 0.0);
  CHECK_THROWS_AS(Surface(sdesc(SurfaceKind::Formula, "x + ")), EngineError);
  try {
    Surface bad(sdesc(SurfaceKind::Formula, "x + z"));
    FAIL("unknown variable accepted");
  } catch (const EngineError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("surface formula 'x + z'") != std::string::npos);
    CHECK(msg.find("column 5") != std::string::npos);
  }
  // log(x) is undefined left of 0: a step that lands there stops the run and says so.
  Surface lg(sdesc(SurfaceKind::Formula, "log(x) + y^2"));
  PlaygroundRun run(optim(OptimKind::SGD, 1.0f), 0.5f, 0.0f);
  CHECK(run.step(lg, 50) == 1);  // x: 0.5 - 1 * (1 / 0.5) = -1.5
  CHECK(run.diverged());
  REQUIRE(run.trajectory().size() == 2);
  CHECK(run.trajectory()[1].x == -1.5f);
  CHECK(std::isnan(run.trajectory()[1].f));
}

TEST_CASE("playground: the contour grid has the right size, orientation and range") {
  Surface bowl(sdesc(SurfaceKind::Bowl));
  SurfaceGrid g;
  eval_grid(bowl, {-3.0f, 3.0f, -1.0f, 1.0f}, 60, 20, g);
  REQUIRE(g.f.size() == 1200);
  CHECK(g.finite_count == 1200);
  // Cell centres: x = -3 + (i + 0.5) * 0.1, y = -1 + (j + 0.5) * 0.1.
  CHECK(g.f[0] == doctest::Approx(2.95 * 2.95 + 0.95 * 0.95).epsilon(1e-6));
  CHECK(g.f[static_cast<size_t>(10 * 60 + 30)] == doctest::Approx(0.05 * 0.05 * 2).epsilon(1e-5));
  CHECK(g.fmin == doctest::Approx(0.005f).epsilon(1e-4));
  CHECK(g.fmax == doctest::Approx(2.95 * 2.95 + 0.95 * 0.95).epsilon(1e-6));
  Surface tilt(sdesc(SurfaceKind::Formula, "y"));
  eval_grid(tilt, {0.0f, 1.0f, 0.0f, 1.0f}, 4, 4, g);
  CHECK(g.f[0] == doctest::Approx(0.125f));   // row 0 is the bottom
  CHECK(g.f[15] == doctest::Approx(0.875f));
  Surface lg(sdesc(SurfaceKind::Formula, "log(x)"));
  eval_grid(lg, {-1.0f, 1.0f, -1.0f, 1.0f}, 8, 3, g);
  CHECK(g.finite_count == 12);
  CHECK(std::isnan(g.f[0]));
  CHECK_THROWS_WITH_AS(eval_grid(bowl, {1.0f, 1.0f, 0.0f, 1.0f}, 4, 4, g),
                       "surface grid: empty view x [1, 1], y [0, 1]", EngineError);
}

TEST_CASE("playground: same learning rate for all, and paths that leave the plot or diverge") {
  std::vector<OptimDesc> own = race_lineup();
  REQUIRE(own.size() == 6);
  CHECK(own[0].kind == OptimKind::SGD);
  CHECK(own[3].lr == 0.5f);  // AdaGrad's own rate
  CHECK(own[5].kind == OptimKind::Adam);
  std::vector<OptimDesc> same = race_lineup({true, 1.05f});
  for (const OptimDesc& d : same) CHECK(d.lr == 1.05f);
  CHECK(same[1].momentum == 0.9f);  // the kind's other defaults are kept
  CHECK_THROWS_AS(race_lineup({true, 0.0f}), EngineError);

  // SGD at lr 1.05 on x^2 + y^2 from (-2, 2): x <- x (1 - 2.1) = -1.1 x, so |x| = 2 x 1.1^k passes 3 at k = 5
  // (the plot is [-3, 3]^2) and 1e6 at k = 138.
  Surface bowl(SurfaceDesc{});
  const View2D view = bowl.default_view();
  PlaygroundRun sgd(same[0], -2.0f, 2.0f);
  sgd.step(bowl, 20);
  PathView pv = describe_path(sgd.trajectory(), sgd.diverged(), view);
  CHECK(pv.status == PathStatus::LeftView);
  CHECK(pv.exit_index == 5);
  CHECK(pv.label == "left the plot at step 5");
  CHECK_FALSE(pv.back_inside);
  // Step 4 -> 5 goes from (-2.93, 2.93) to (3.22, -3.22): it crosses the border at x = 3 or y = -3.
  CHECK(std::fabs(std::max(std::fabs(pv.exit_x), std::fabs(pv.exit_y)) - 3.0f) < 1e-4f);
  CHECK(pv.dir_x > 0.7f);
  CHECK(pv.dir_y < -0.7f);
  sgd.step(bowl, 200);
  REQUIRE(sgd.diverged());
  PathView dv = describe_path(sgd.trajectory(), true, view);
  CHECK(dv.status == PathStatus::Diverged);
  CHECK(dv.exit_index == 5);  // the arrow still marks where it left
  CHECK(dv.label.rfind("diverged at step ", 0) == 0);

  // Adam at the same rate stays bounded (steps of about lr) and inside.
  PlaygroundRun adam(same[5], -2.0f, 2.0f);
  adam.step(bowl, 200);
  PathView av = describe_path(adam.trajectory(), adam.diverged(), view);
  CHECK(av.status == PathStatus::Inside);
  CHECK(av.label.empty());
}
