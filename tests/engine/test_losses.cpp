// Losses against PyTorch (tests/reference/cases/loss_*.json from gen_layers.py), numeric gradient checks of
// every loss, the SVM zero-margin rule, stability on huge scores, l2_penalty, accuracy and input errors.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/core/check.h"
#include "engine/losses/loss.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {
LossKind loss_by_name(const std::string& name) {
  for (int i = 0; i < static_cast<int>(LossKind::Count); ++i)
    if (name == loss_kind_name(static_cast<LossKind>(i))) return static_cast<LossKind>(i);
  throw EngineError("golden case: unknown loss " + name);
}
Tensor make(const Shape& s, std::vector<float> v) {
  Tensor t(s);
  t.vec() = std::move(v);
  return t;
}
}  // namespace

TEST_CASE("losses match PyTorch golden cases") {
  const auto names = test::list_golden("loss_");
  REQUIRE(names.size() >= 6);
  for (const std::string& name : names) {
    CAPTURE(name);
    const Json j = test::load_golden(name);
    LossDesc desc;
    desc.kind = loss_by_name(j["kind"].str());
    desc.margin = static_cast<float>(j.get("margin", 1.0));
    Tensor ds;
    const float loss = loss_forward_backward(desc, test::tensor_from_json(j["scores"]),
                                             test::tensor_from_json(j["targets"]), ds);
    test::check_close(name + " loss", &loss, {static_cast<float>(j["loss"].num())}, 1e-4);
    test::check_close(name + " dscores", ds, test::tensor_from_json(j["dscores"]).vec(), 1e-4);
  }
}

TEST_CASE("loss gradients match central differences") {
  Rng rng(5);
  for (int k = 0; k < static_cast<int>(LossKind::Count); ++k) {
    LossDesc desc;
    desc.kind = static_cast<LossKind>(k);
    desc.margin = 0.7f;
    CAPTURE(loss_kind_name(desc.kind));
    const Shape s{4, 5};
    Tensor scores = test::random_tensor(s, rng, 2.0f), targets;
    if (desc.kind == LossKind::SoftmaxCE || desc.kind == LossKind::SVM) {
      targets = Tensor(Shape{4});
      for (int i = 0; i < 4; ++i) targets[i] = static_cast<float>(rng.below(5));
    } else if (desc.kind == LossKind::MSE) {
      targets = test::random_tensor(s, rng);
    } else {
      targets = Tensor(s);
      for (int64_t i = 0; i < targets.size(); ++i) targets[i] = rng.uniform();
    }
    Tensor ds;
    loss_forward_backward(desc, scores, targets, ds);
    auto f = [&](const std::vector<double>& x) {
      Tensor sc(s), tmp;
      for (size_t i = 0; i < x.size(); ++i) sc[int64_t(i)] = static_cast<float>(x[i]);
      return double(loss_forward_backward(desc, sc, targets, tmp));
    };
    std::vector<double> x(scores.vec().begin(), scores.vec().end());
    const auto num = test::numeric_grad(f, x, 1e-3);
    for (size_t i = 0; i < num.size(); ++i) CHECK(ds[int64_t(i)] == doctest::Approx(num[i]).epsilon(2e-2).scale(0.05));
  }
}

TEST_CASE("SVM: exactly zero margin contributes no loss and no gradient") {
  LossDesc d{LossKind::SVM, 1.0f};
  Tensor ds;
  // s_1 - s_0 + 1 = 0 exactly; s_2 - s_0 + 1 = 0.5 > 0.
  const float loss = loss_forward_backward(d, make(Shape{1, 3}, {2.0f, 1.0f, 1.5f}), make(Shape{1}, {0.0f}), ds);
  CHECK(loss == doctest::Approx(0.5));
  CHECK(ds.vec() == std::vector<float>{-1.0f, 0.0f, 1.0f});
}

TEST_CASE("softmax CE and BCE are stable on huge scores") {
  Tensor ds;
  float l = loss_forward_backward({LossKind::SoftmaxCE}, make(Shape{1, 3}, {1000.0f, -1000.0f, 0.0f}),
                                  make(Shape{1}, {1.0f}), ds);
  CHECK(l == doctest::Approx(2000.0));
  CHECK(ds.vec() == std::vector<float>{1.0f, -1.0f, 0.0f});
  l = loss_forward_backward({LossKind::BCEWithLogits}, make(Shape{1, 2}, {500.0f, -500.0f}), make(Shape{1, 2}, {0, 0}),
                            ds);
  CHECK(l == doctest::Approx(250.0));
  CHECK(std::isfinite(ds[0]));
  CHECK(ds[0] == doctest::Approx(0.5));
  CHECK(ds[1] == doctest::Approx(0.0));
  // Sequence scores N x T x C with one class per (n, t).
  l = loss_forward_backward({LossKind::SoftmaxCE}, Tensor(Shape{2, 3, 4}), Tensor(Shape{2, 3}), ds);
  CHECK(l == doctest::Approx(std::log(4.0)));
}

TEST_CASE("l2 penalty and accuracy") {
  Param w, b;
  w.value = make(Shape{3}, {1.0f, -2.0f, 3.0f});
  w.grad = Tensor(Shape{3});
  b.value = make(Shape{1}, {10.0f});
  b.grad = Tensor(Shape{1});
  b.decay = false;
  CHECK(l2_penalty({&w, &b}, 0.1f, false) == doctest::Approx(0.5 * 0.1 * 14));
  CHECK(w.grad.vec() == std::vector<float>{0, 0, 0});
  CHECK(l2_penalty({&w, &b}, 0.1f, true) == doctest::Approx(0.7));
  CHECK(w.grad[0] == doctest::Approx(0.1));
  CHECK(w.grad[1] == doctest::Approx(-0.2));
  CHECK(w.grad[2] == doctest::Approx(0.3));
  CHECK(b.grad[0] == 0.0f);

  const Tensor scores = make(Shape{4, 3}, {0, 1, 2, /**/ 5, 1, 1, /**/ 1, 1, 0, /**/ 0, 3, 1});
  CHECK(accuracy(scores, make(Shape{4}, {2, 0, 1, 1})) == doctest::Approx(0.75));  // row 2 tie -> class 0
  CHECK(accuracy(make(Shape{3, 1}, {2.0f, -1.0f, 0.5f}), make(Shape{3}, {1, 0, 0})) == doctest::Approx(2.0 / 3));
}

TEST_CASE("loss input errors name the loss and the shapes") {
  Tensor ds;
  CHECK_THROWS_WITH_AS(loss_forward_backward({LossKind::SoftmaxCE}, Tensor(Shape{4, 3}), Tensor(Shape{5}), ds),
                       "softmax: 4 rows of scores 4 x 3 but targets 5 hold 5 class indices", EngineError);
  CHECK_THROWS_WITH_AS(loss_forward_backward({LossKind::SVM}, Tensor(Shape{2, 3}), make(Shape{2}, {0, 3}), ds),
                       "svm: target 3 at row 1 is not a class index in [0, 3) (scores 2 x 3)", EngineError);
  CHECK_THROWS_WITH_AS(loss_forward_backward({LossKind::MSE}, Tensor(Shape{2, 3}), Tensor(Shape{2, 2}), ds),
                       "mse: targets 2 x 2 must have as many elements as scores 2 x 3", EngineError);
  CHECK(std::string(loss_kind_name(LossKind::BCEWithLogits)) == "bce");
}
