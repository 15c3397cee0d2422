// TrainLab: the session's training lab — time-sliced training on the default spirals, the decision grid,
// and the gradient check of a single weight that the inspector offers.
#include <doctest/doctest.h>

#include "engine/session/session.h"
#include "tests/engine/session_access.h"

using namespace gl;

TEST_CASE("the default session trains spirals and paints a decision grid") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  REQUIRE(tl.error().empty());
  REQUIRE(tl.trainer());
  while (tl.trainer()->steps() < 300) tl.train_for(50.0);
  const PlaneGrid& g = tl.decision_grid(16);
  CHECK(g.n == 16);
  CHECK(g.classes == 2);
  double lo = 1, hi = 0;
  for (int i = 0; i < 16 * 16; ++i) {
    lo = std::min(lo, double(g.probs[size_t(i) * 2]));
    hi = std::max(hi, double(g.probs[size_t(i) * 2]));
    CHECK(g.probs[size_t(i) * 2] + g.probs[size_t(i) * 2 + 1] == doctest::Approx(1.0).epsilon(1e-5));
  }
  CHECK(hi - lo > 0.5);  // the plane is not one colour
}

TEST_CASE("gradient check of single weights agrees with backprop and restores the weight") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  for (int i = 0; i < 20; ++i) tl.step_once();
  Model& m = tl.trainer()->model();
  for (int layer : {0, 2, 4}) {
    std::vector<Param*> ps = m.layer(layer).params();
    REQUIRE(!ps.empty());
    for (int64_t idx : {int64_t{0}, ps[0]->value.size() - 1}) {
      const float before = ps[0]->value[idx];
      GradCheck g = tl.grad_check(layer, 0, idx);
      CAPTURE(g.param);
      REQUIRE(g.ok);
      CHECK(ps[0]->value[idx] == before);
      CHECK((g.rel_error < 1e-2 || std::fabs(g.analytic - g.numeric) < 1e-5));
    }
  }
  CHECK_FALSE(tl.grad_check(99, 0, 0).ok);
  CHECK_FALSE(tl.grad_check(0, 0, 1 << 30).ok);
}
