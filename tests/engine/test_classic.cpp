// Classic classifiers: kNN memorises distinct points and follows its documented tie rules, the linear SVM
// and softmax separate blobs, their loss gradients pass a central-difference check, training slices repeat
// exactly, and the decision map has the right shape and content.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/classic/classifier.h"
#include "engine/core/check.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {

// n points per class in Gaussian blobs (std sigma) centred on a circle of radius 0.7.
void make_blobs(int classes, int per_class, float sigma, uint64_t seed, Tensor& x, Tensor& y) {
  Rng rng(seed);
  x.resize(Shape{classes * per_class, 2});
  y.resize(Shape{classes * per_class});
  for (int c = 0; c < classes; ++c) {
    const double a = 6.283185307179586 * c / classes;
    for (int i = 0; i < per_class; ++i) {
      const int r = c * per_class + i;
      x[2 * r] = static_cast<float>(0.7 * std::cos(a)) + sigma * rng.normal();
      x[2 * r + 1] = static_cast<float>(0.7 * std::sin(a)) + sigma * rng.normal();
      y[r] = static_cast<float>(c);
    }
  }
}

Tensor points(std::initializer_list<float> xy) {
  Tensor t(Shape{static_cast<int>(xy.size() / 2), 2});
  std::copy(xy.begin(), xy.end(), t.vec().begin());
  return t;
}

Tensor labels(std::initializer_list<float> v) {
  Tensor t(Shape{static_cast<int>(v.size())});
  std::copy(v.begin(), v.end(), t.vec().begin());
  return t;
}

ClassicDesc knn_desc(int k, Distance d = Distance::L2) {
  ClassicDesc desc;
  desc.kind = ClassicKind::KNN;
  desc.k = k;
  desc.distance = d;
  return desc;
}

int predict_one(const Classifier& c, float x, float y) {
  std::vector<int> out;
  c.predict(points({x, y}), out);
  return out[0];
}

}  // namespace

TEST_CASE("knn with k = 1 gets every distinct training point right, with L1 and L2") {
  Rng rng(5);
  Tensor x(Shape{300, 5}), y(Shape{300});
  for (float& v : x.vec()) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : y.vec()) v = static_cast<float>(rng.below(4));  // labels are pure noise
  for (Distance d : {Distance::L1, Distance::L2}) {
    auto knn = make_classifier(knn_desc(1, d));
    knn->fit(x, y, 4);
    CHECK(knn->train_steps(10) == 0);
    CHECK(knn->accuracy(x, y) == 1.0f);
    knn->set_desc(knn_desc(15, d));  // with noise labels, a wide vote no longer memorises
    CHECK(knn->accuracy(x, y) < 0.8f);
  }
}

TEST_CASE("knn: votes, the class tie rule, equal distances and the metric") {
  // Distances from the origin: 1 (class 0), 2 (class 1), 3 (class 1), 4 (class 0).
  Tensor x = points({1, 0, 0, 2, -3, 0, 0, -4});
  Tensor y = labels({0, 1, 1, 0});
  auto knn = make_classifier(knn_desc(3));
  knn->fit(x, y, 2);
  CHECK(predict_one(*knn, 0, 0) == 1);  // 2 votes to 1: majority wins over the nearest point
  knn->set_desc(knn_desc(4));
  CHECK(predict_one(*knn, 0, 0) == 0);  // 2 : 2 tie -> class of the nearest neighbour (class 0 at distance 1)
  Tensor s;
  knn->predict_scores(points({0, 0}), s);
  CHECK(s[0] == 0.5f);
  CHECK(s[1] == 0.5f);
  // The tie goes to the nearest, not to the lowest class index.
  Tensor y2 = labels({2, 0, 1, 1});
  auto knn2 = make_classifier(knn_desc(2));
  knn2->fit(x, y2, 3);
  CHECK(predict_one(*knn2, 0, 0) == 2);
  // Equal distances: neighbours are taken in training-set order.
  auto eq = make_classifier(knn_desc(1));
  eq->fit(points({1, 0, -1, 0}), labels({0, 1}), 2);
  CHECK(predict_one(*eq, 0, 0) == 0);
  eq->fit(points({-1, 0, 1, 0}), labels({1, 0}), 2);
  CHECK(predict_one(*eq, 0, 0) == 1);
  // L1 vs L2: (1, 1) is nearer in L2 (1.41 < 1.8), (1.8, 0) is nearer in L1 (1.8 < 2).
  Tensor xm = points({1, 1, 1.8f, 0});
  Tensor ym = labels({0, 1});
  auto l2 = make_classifier(knn_desc(1, Distance::L2));
  auto l1 = make_classifier(knn_desc(1, Distance::L1));
  l2->fit(xm, ym, 2);
  l1->fit(xm, ym, 2);
  CHECK(predict_one(*l2, 0, 0) == 0);
  CHECK(predict_one(*l1, 0, 0) == 1);
  // k larger than the training set is clamped: every point votes.
  auto big = make_classifier(knn_desc(50));
  big->fit(x, y, 2);
  big->predict_scores(points({0.5f, 0.5f}), s);
  CHECK(s[0] == 0.5f);
}

TEST_CASE("linear SVM and softmax separate blobs, in repeatable slices") {
  Tensor xtr, ytr, xte, yte;
  make_blobs(3, 60, 0.15f, 11, xtr, ytr);
  make_blobs(3, 30, 0.15f, 12, xte, yte);
  for (ClassicKind kind : {ClassicKind::SVM, ClassicKind::Softmax}) {
    CAPTURE(std::string(classic_kind_name(kind)));
    ClassicDesc d;
    d.kind = kind;
    d.batch_size = 16;
    auto clf = make_classifier(d);
    clf->fit(xtr, ytr, 3);
    CHECK(clf->accuracy(xtr, ytr) < 0.7f);  // W ~ 1e-3 N(0,1): close to chance before training
    clf->train_steps(1);
    const float first = clf->last_loss();
    int taken = 0;
    for (int i = 0; i < 10; ++i) taken += clf->train_steps(40);
    CHECK(taken == 400);
    CHECK(clf->steps_taken() == 401);
    CHECK(clf->last_loss() < 0.5f * first);
    const float acc_train = clf->accuracy(xtr, ytr), acc_test = clf->accuracy(xte, yte);
    MESSAGE(std::string(classic_kind_name(kind)) << ": loss " << first << " -> " << clf->last_loss() << ", acc train "
                                    << acc_train << ", test " << acc_test);
    CHECK(acc_train >= 0.97f);
    CHECK(acc_test >= 0.95f);
    // One run of 401 steps ends with the same weights as the sliced run.
    auto once = make_classifier(d);
    once->fit(xtr, ytr, 3);
    once->train_steps(401);
    REQUIRE(once->weights() != nullptr);
    REQUIRE(once->weights()->size() == 6);
    for (int i = 0; i < 6; ++i) CHECK((*once->weights())[i] == (*clf->weights())[i]);
    for (int i = 0; i < 3; ++i) CHECK((*once->bias())[i] == (*clf->bias())[i]);
    // Softmax scores are probabilities.
    Tensor s;
    clf->predict_scores(xte, s);
    if (kind == ClassicKind::Softmax) {
      for (int r = 0; r < s.dim(0); ++r) CHECK(s[3 * r] + s[3 * r + 1] + s[3 * r + 2] == doctest::Approx(1.0f));
    }
  }
}

TEST_CASE("hinge and softmax loss gradients pass a central-difference check") {
  Rng rng(21);
  const int B = 6, D = 4, C = 5;
  Tensor x = test::random_tensor(Shape{B, D}, rng), w = test::random_tensor(Shape{D, C}, rng, 0.5f);
  Tensor b = test::random_tensor(Shape{C}, rng, 0.5f);
  std::vector<int> y{0, 3, 1, 4, 2, 3};
  for (ClassicKind kind : {ClassicKind::SVM, ClassicKind::Softmax}) {
    CAPTURE(std::string(classic_kind_name(kind)));
    Tensor scores, dscores, dw, db;
    const float reg = 0.3f;
    linear_loss_grad(kind, x, y, w, b, reg, 1.0f, scores, dscores, dw, db);
    // Numeric gradient over the D*C weights then the C biases.
    std::vector<double> p;
    for (float v : w.vec()) p.push_back(v);
    for (float v : b.vec()) p.push_back(v);
    auto f = [&](const std::vector<double>& q) {
      Tensor w2(w.shape()), b2(b.shape()), s2, ds2, dw2, db2;
      for (int i = 0; i < D * C; ++i) w2[i] = static_cast<float>(q[static_cast<size_t>(i)]);
      for (int i = 0; i < C; ++i) b2[i] = static_cast<float>(q[static_cast<size_t>(D * C + i)]);
      return static_cast<double>(linear_loss_grad(kind, x, y, w2, b2, reg, 1.0f, s2, ds2, dw2, db2));
    };
    // eps 1e-2: the loss is computed in float (ulp ~5e-7 at loss ~4), so smaller steps drown in rounding.
    std::vector<double> num = test::numeric_grad(f, p, 1e-2);
    double worst = 0.0, scale = 0.0;
    for (float v : dw.vec()) scale = std::max(scale, static_cast<double>(std::fabs(v)));
    for (int i = 0; i < D * C + C; ++i) {
      const double ana = i < D * C ? dw[i] : db[i - D * C];
      const double n = num[static_cast<size_t>(i)];
      const double err = std::fabs(ana - n) / std::max({std::fabs(ana), std::fabs(n), 1e-2 * scale});
      worst = std::max(worst, err);
    }
    MESSAGE(std::string(classic_kind_name(kind)) << " loss gradient: worst relative error " << worst);
    CHECK(worst < 1e-2);
  }
  // The hinge loss by hand for one row: s = (1, 2, 0.5), y = 0, margin 1 -> max(0, 2) + max(0, 0.5) = 2.5.
  Tensor x1 = points({1, 0}), w1(Shape{2, 3}, 0.0f), b1(Shape{3}, 0.0f), s, ds, dw1, db1;
  w1[0] = 1.0f;
  w1[1] = 2.0f;
  w1[2] = 0.5f;
  CHECK(linear_loss_grad(ClassicKind::SVM, x1, {0}, w1, b1, 0.0f, 1.0f, s, ds, dw1, db1) == doctest::Approx(2.5f));
  CHECK(ds[0] == -2.0f);
  CHECK(ds[1] == 1.0f);
  CHECK(ds[2] == 1.0f);
}

TEST_CASE("decision grid: shape, cell centres, content per classifier") {
  Tensor xtr, ytr;
  make_blobs(3, 40, 0.1f, 3, xtr, ytr);
  ClassicDesc descs[3];
  descs[0] = knn_desc(5);
  descs[1].kind = ClassicKind::SVM;
  descs[2].kind = ClassicKind::Softmax;
  for (const ClassicDesc& d : descs) {
    CAPTURE(std::string(classic_kind_name(d.kind)));
    auto clf = make_classifier(d);
    clf->fit(xtr, ytr, 3);
    clf->train_steps(300);
    Tensor g;
    decision_grid(*clf, {-1.5f, 1.5f, -1.0f, 1.0f}, 30, 20, g);
    REQUIRE(g.shape() == Shape({20, 30, 3}));
    // Cell (i, j) is the score at its centre, the same as predict_scores there.
    Tensor s;
    clf->predict_scores(points({-1.5f + 7.5f * 0.1f, -1.0f + 12.5f * 0.1f}), s);
    for (int c = 0; c < 3; ++c) CHECK(g[(12 * 30 + 7) * 3 + c] == doctest::Approx(s[c]).epsilon(1e-5));
    // Every class wins somewhere: the map is not constant.
    int wins[3] = {0, 0, 0};
    for (int cell = 0; cell < 600; ++cell) {
      const float* p = g.data() + cell * 3;
      ++wins[std::max_element(p, p + 3) - p];
      if (d.kind != ClassicKind::SVM) CHECK(p[0] + p[1] + p[2] == doctest::Approx(1.0f));
    }
    CHECK(wins[0] > 0);
    CHECK(wins[1] > 0);
    CHECK(wins[2] > 0);
    // Blob 0 sits at (0.7, 0): the cell there predicts class 0.
    const float* p = g.data() + (10 * 30 + 22) * 3;  // centre (0.75, 0.05)
    CHECK(std::max_element(p, p + 3) - p == 0);
  }
}

TEST_CASE("classifier errors name the classifier and the shapes") {
  auto knn = make_classifier(knn_desc(3));
  CHECK_THROWS_WITH_AS(knn->fit(points({0, 0, 1, 1}), labels({0, 2}), 2),
                       "knn: label 2 at row 1 is not a class index in [0, 2)", EngineError);
  CHECK_THROWS_WITH_AS(knn->fit(points({0, 0, 1, 1}), labels({0}), 2), "knn: y has 1 labels for x 2 x 2",
                       EngineError);
  Tensor s;
  CHECK_THROWS_WITH_AS(knn->predict_scores(points({0, 0}), s), "knn: predict before fit()", EngineError);
  knn->fit(points({0, 0, 1, 1}), labels({0, 1}), 2);
  CHECK_THROWS_WITH_AS(knn->predict_scores(Tensor(Shape{1, 3}), s),
                       "knn: x has 3 features but the classifier was fit on 2 (x 1 x 3)", EngineError);
  ClassicDesc svm;
  svm.kind = ClassicKind::SVM;
  auto lin = make_classifier(svm);
  lin->fit(Tensor(Shape{4, 3}, 0.5f), labels({0, 1, 0, 1}), 2);
  Tensor g;
  CHECK_THROWS_WITH_AS(decision_grid(*lin, {}, 8, 8, g), "svm: decision_grid needs 2 features, the classifier has 3",
                       EngineError);
  CHECK_THROWS_WITH_AS(lin->set_desc(knn_desc(1)), "svm: set_desc() with kind knn (make a new classifier to change "
                                                   "the kind)", EngineError);
  CHECK_THROWS_WITH_AS(make_classifier(knn_desc(0)), "knn: k must be >= 1, got 0", EngineError);
}
