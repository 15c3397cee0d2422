// The session's classifier and compare labs, engine only: kNN (k = 1) memorises its training set through the
// lab, grids are row 0 = top and sum to 1, the linear classifiers advance in bounded slices and learn a
// separable set, data edits are detected; sweeps build runs with identical first losses that advance in
// lockstep up to the step limit, and bad specs are reported as errors.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "engine/core/rng.h"
#include "engine/session/classic_lab.h"
#include "engine/session/compare_lab.h"
#include "engine/spec/spec.h"

using namespace gl;

namespace {

Dataset make_2d(DataKind kind, int points = 200, uint64_t seed = 3) {
  DataDesc d;
  d.kind = kind;
  d.num_points = points;
  d.noise = 0.05f;
  d.seed = seed;
  return make_dataset(d);
}

// Class 0 above the x1 axis, class 1 below: the grid's top row must be class 0.
Dataset top_bottom() {
  DataDesc d;
  d.kind = DataKind::Hand2D;
  d.num_classes = 2;
  Dataset ds = make_dataset(d);
  for (float x : {-0.5f, 0.0f, 0.5f}) {
    add_point(ds, x, 0.5f, 0, Split::Train);
    add_point(ds, x, -0.5f, 1, Split::Train);
  }
  add_point(ds, 0.1f, 0.6f, 0, Split::Test);
  return ds;
}

const char* kMlp = "INPUT 2\nFC-8\nFC-2\nSOFTMAX";

TrainDesc base_desc() {
  TrainDesc t;
  t.batch_size = 16;
  t.optim.lr = 0.05f;
  t.seed = 7;
  return t;
}

}  // namespace

TEST_CASE("classic lab: kNN with k = 1 gets every training point right; grids are row 0 = top") {
  Dataset ds = make_2d(DataKind::Spirals);
  ClassicLab lab;
  lab.fit(&ds);
  REQUIRE(lab.fitted());
  CHECK(lab.error().empty());
  ClassicDesc d = lab.desc(ClassicKind::KNN);
  d.k = 1;
  lab.set_desc(ClassicKind::KNN, d);
  lab.advance(5.0, 16, -1.5f, 1.5f, -1.5f, 1.5f);
  const ClassicView& v = lab.view(ClassicKind::KNN);
  CHECK(v.acc_train == 1.0f);
  CHECK(v.acc_test >= 0.0f);
  CHECK(v.acc_test <= 1.0f);
  REQUIRE(v.grid.n == 16);
  REQUIRE(v.grid.classes == ds.num_classes);
  REQUIRE(v.grid.probs.size() == static_cast<size_t>(16 * 16 * ds.num_classes));
  for (int cell = 0; cell < 16 * 16; ++cell) {
    float sum = 0;
    for (int k = 0; k < v.grid.classes; ++k) sum += v.grid.probs[static_cast<size_t>(cell * v.grid.classes + k)];
    CHECK(sum == doctest::Approx(1.0f).epsilon(1e-5));
  }
  for (const ClassicView& w : lab.views()) CHECK(w.grid.n == 16);  // every view refreshed

  Dataset tb = top_bottom();
  lab.fit(&tb);
  lab.set_desc(ClassicKind::KNN, d);
  lab.advance(5.0, 8, -1.0f, 1.0f, -1.0f, 1.0f);
  const PlaneGrid& g = lab.view(ClassicKind::KNN).grid;
  CHECK(g.probs[0] == 1.0f);                                      // top-left cell: class 0
  CHECK(g.probs[static_cast<size_t>((7 * 8) * 2 + 1)] == 1.0f);   // bottom-left cell: class 1
  CHECK(lab.view(ClassicKind::KNN).acc_test == 1.0f);
}

TEST_CASE("classic lab: linear classifiers advance in bounded slices, learn a separable set, and stop") {
  Dataset ds = make_2d(DataKind::Linear);
  ClassicLab lab;
  lab.fit(&ds);
  REQUIRE(lab.fitted());
  lab.steps_per_advance = 10;
  lab.advance(1000.0, 8, -1.5f, 1.5f, -1.5f, 1.5f);
  CHECK(lab.view(ClassicKind::SVM).steps == 10);
  CHECK(lab.view(ClassicKind::Softmax).steps == 10);
  CHECK(lab.view(ClassicKind::KNN).steps == 0);
  lab.max_steps = 300;
  for (int i = 0; i < 40; ++i) lab.advance(1000.0, 8, -1.5f, 1.5f, -1.5f, 1.5f);
  CHECK(lab.view(ClassicKind::SVM).steps == 300);
  CHECK(lab.view(ClassicKind::Softmax).steps == 300);
  CHECK(lab.view(ClassicKind::SVM).acc_train > 0.9f);
  CHECK(lab.view(ClassicKind::Softmax).acc_train > 0.9f);
  CHECK(lab.view(ClassicKind::Softmax).grid.step == 300);

  lab.set_playing(false);
  lab.restart(ClassicKind::SVM);
  lab.advance(1000.0, 8, -1.5f, 1.5f, -1.5f, 1.5f);
  CHECK(lab.view(ClassicKind::SVM).steps == 0);
  CHECK(lab.view(ClassicKind::Softmax).steps == 300);
}

TEST_CASE("classic lab: data edits move the training lab's data revision, non-2D data is refused") {
  TrainLab tl;
  tl.set_spec(parse_spec("INPUT 2\nFC-2\nSOFTMAX").spec);
  ClassicLab lab;
  const Revision r0 = tl.data_revision();
  CHECK(r0 != 0);
  lab.fit(tl.data(), r0);
  CHECK(lab.fitted_revision() == r0);
  const Dataset* before = tl.data();
  tl.add_point(0.0f, 0.0f, 1, Split::Train);  // edits the set in place: same pointer, new revision
  CHECK(tl.data() == before);
  CHECK(tl.data_revision() != r0);
  lab.fit(tl.data(), tl.data_revision());
  CHECK(lab.fitted_revision() == tl.data_revision());
  CHECK(lab.data()->num_train() == tl.data()->num_train());

  DataDesc sd;
  sd.kind = DataKind::Sine;
  sd.num_samples = 20;
  Dataset sine = make_dataset(sd);
  lab.fit(&sine);
  CHECK_FALSE(lab.fitted());
  CHECK_FALSE(lab.error().empty());
  lab.advance(1.0, 8, -1, 1, -1, 1);  // harmless when unfitted
}

TEST_CASE("compare lab: a sweep builds runs with identical first losses that advance in lockstep") {
  auto data = std::make_shared<Dataset>(make_2d(DataKind::Spirals));
  ModelSpec spec = parse_spec_or_throw(kMlp);
  CompareLab lab;
  CompareDesc desc;  // 4 learning rates
  lab.configure(spec, data, base_desc(), desc);
  REQUIRE(lab.error().empty());
  REQUIRE(lab.group() != nullptr);
  REQUIRE(lab.group()->size() == 4);
  CHECK(lab.group()->label(0) == "lr=0.001");
  CHECK(lab.group()->label(3) == "lr=0.03");
  CHECK_FALSE(lab.playing());

  lab.advance(50.0);  // not playing: nothing happens
  for (int i = 0; i < 4; ++i) CHECK(lab.group()->run(i).steps() == 0);

  // Above anything 20 ms can reach: with the default 2,000, a fast machine finished the runs in the first
  // advance, and they could not take the 5 more steps below.
  lab.max_steps = 1'000'000;
  lab.set_playing(true);
  lab.advance(20.0);
  const int64_t steps = lab.group()->run(0).steps();
  CHECK(steps > 0);
  const float first = lab.group()->run(0).history().front().loss_data;
  for (int i = 0; i < 4; ++i) {
    CHECK(lab.group()->run(i).steps() == steps);
    CHECK(lab.group()->run(i).history().front().loss_data == first);  // same seed, same first batch
  }

  lab.max_steps = steps + 5;
  for (int i = 0; i < 20 && lab.playing(); ++i) lab.advance(20.0);
  for (int i = 0; i < 4; ++i) CHECK(lab.group()->run(i).steps() == steps + 5);
  CHECK(lab.finished());
  CHECK_FALSE(lab.playing());

  // The runs train on their own copy of a 2D set: points added to the original do not reach them.
  const int n = lab.group()->run(0).data().num_train();
  add_point(*data, 0.0f, 0.0f, 0, Split::Train);
  CHECK(lab.group()->run(0).data().num_train() == n);
}

TEST_CASE("compare lab: optimizers, batch sizes and L2 change one setting; bad specs are errors") {
  auto data = std::make_shared<const Dataset>(make_2d(DataKind::Circles));
  ModelSpec spec = parse_spec_or_throw(kMlp);
  CompareLab lab;
  CompareDesc desc;
  desc.kind = CompareKind::Optimizers;
  lab.configure(spec, data, base_desc(), desc);
  REQUIRE(lab.group() != nullptr);
  REQUIRE(lab.group()->size() == 3);
  CHECK(lab.group()->run(0).desc().optim.kind == OptimKind::SGD);
  CHECK(lab.group()->run(1).desc().optim.kind == OptimKind::Momentum);
  CHECK(lab.group()->run(2).desc().optim.kind == OptimKind::Adam);
  CHECK(lab.group()->run(2).desc().optim.lr == doctest::Approx(1e-3f));

  desc.kind = CompareKind::Batch;
  lab.configure(spec, data, base_desc(), desc);
  REQUIRE(lab.group()->size() == 3);
  CHECK(lab.group()->run(0).desc().batch_size == 8);
  CHECK(lab.group()->run(2).desc().batch_size == 128);
  CHECK(lab.group()->run(2).desc().optim.lr == base_desc().optim.lr);

  desc.kind = CompareKind::L2;
  lab.configure(spec, data, base_desc(), desc);
  REQUIRE(lab.group()->size() == 3);
  CHECK(lab.group()->run(0).desc().l2 == 0.0f);
  CHECK(lab.group()->run(2).desc().l2 == doctest::Approx(0.1f));
  lab.set_playing(true);
  lab.advance(20.0);
  CHECK(lab.group()->run(0).steps() == lab.group()->run(2).steps());

  lab.configure(parse_spec_or_throw("INPUT 3\nFC-2\nSOFTMAX"), data, base_desc(), desc);
  CHECK(lab.group() == nullptr);
  CHECK_FALSE(lab.error().empty());
  lab.advance(5.0);  // harmless without a group
  lab.configure(spec, nullptr, base_desc(), desc);
  CHECK(lab.group() == nullptr);
  CHECK_FALSE(lab.error().empty());
}

TEST_CASE("compare lab: the L2 sweep's weight norms, largest lambda smallest after training") {
  auto data = std::make_shared<const Dataset>(make_2d(DataKind::Circles));
  CompareLab lab;
  CompareDesc desc;
  desc.kind = CompareKind::L2;
  lab.max_steps = 300;
  lab.configure(parse_spec_or_throw(kMlp), data, base_desc(), desc);
  REQUIRE(lab.group() != nullptr);
  // Same seed: the same weights before training.
  CHECK(lab.weight_norm(0) == lab.weight_norm(2));
  CHECK(lab.weight_norm(0) > 0.0);
  lab.set_playing(true);
  while (!lab.finished()) lab.advance(50.0);
  // By hand for run 2: the decayed parameters only.
  double w2 = 0;
  for (const Param* p : lab.group()->run(2).model().params())
    if (p->decay)
      for (float v : p->value.vec()) w2 += double(v) * v;
  CHECK(lab.weight_norm(2) == doctest::Approx(std::sqrt(w2)));
  CHECK(lab.weight_norm(2) < lab.weight_norm(1));
  CHECK(lab.weight_norm(1) <= lab.weight_norm(0) * 1.01);
  CHECK(lab.weight_norm(7) == 0.0);
}

TEST_CASE("classic lab on images: pixels vs HOG features for the same classifiers, through fit()") {
  // Stripes of random phase, 1 x 12 x 12: class 0 horizontal, class 1 vertical. The class means are flat, so
  // a linear classifier on pixels is near chance; on HOG (edge directions) it separates them.
  auto stripes = [](int n, uint64_t seed, Tensor& x, Tensor& y) {
    Rng rng(seed);
    x.resize(Shape{2 * n, 1, 12, 12});
    y.resize(Shape{2 * n});
    for (int i = 0; i < 2 * n; ++i) {
      const int c = i % 2, phase = static_cast<int>(rng.below(4));
      for (int r = 0; r < 12; ++r)
        for (int q = 0; q < 12; ++q) x[(int64_t(i) * 12 + r) * 12 + q] = ((c ? q : r) + phase) % 4 < 2 ? 0.9f : 0.1f;
      y[i] = float(c);
    }
  };
  Dataset d;
  d.name = "stripes";
  d.num_classes = 2;
  stripes(100, 1, d.x_train, d.y_train);
  stripes(50, 2, d.x_test, d.y_test);
  auto run = [&](FeatureKind k) {
    ClassicLab lab;
    lab.set_features({k});
    lab.fit(&d, 7);
    REQUIRE(lab.error().empty());
    REQUIRE(lab.fitted());
    CHECK(lab.on_images());
    CHECK(lab.fitted_revision() == 7);
    lab.max_steps = 400;
    lab.steps_per_advance = 400;
    lab.advance(1e6, 0, 0, 1, 0, 1);
    const ClassicView& v = lab.view(ClassicKind::Softmax);
    CHECK(v.grid.n == 0);  // no plane on images
    CHECK(v.scored_test == 100);
    CHECK(lab.view(ClassicKind::KNN).scored_train == 200);
    return std::make_pair(lab.feature_count(), v.acc_test);
  };
  // kNN on images is scored a block of samples per advance when the budget is spent: the same accuracies as
  // all at once, reached over several frames, with the progress in the view meanwhile.
  {
    ClassicLab slow, fast;
    slow.set_features({FeatureKind::Pixels});
    fast.set_features({FeatureKind::Pixels});
    slow.fit(&d, 1);
    fast.fit(&d, 1);
    fast.advance(1e6, 0, 0, 1, 0, 1);
    slow.advance(0, 0, 0, 1, 0, 1);
    const ClassicView& v = slow.view(ClassicKind::KNN);
    CHECK(v.scoring_train == 200);
    CHECK(v.scoring_test == 100);
    CHECK(v.scored_train == ClassicLab::kKnnBlock);
    CHECK(v.scored_test == 0);
    CHECK(std::isnan(v.acc_test));
    int frames = 1;
    while (v.scoring_train + v.scoring_test > 0 && frames < 1000) {
      slow.advance(0, 0, 0, 1, 0, 1);
      ++frames;
    }
    CHECK(frames == (200 + 100 + ClassicLab::kKnnBlock - 1) / ClassicLab::kKnnBlock);
    const ClassicView& w = fast.view(ClassicKind::KNN);
    CHECK(w.scoring_train + w.scoring_test == 0);
    CHECK(v.scored_train == 200);
    CHECK(v.scored_test == 100);
    CHECK(v.acc_train == w.acc_train);
    CHECK(v.acc_test == w.acc_test);
  }
  // While a linear classifier trains on images its accuracies (both whole splits) are refreshed every
  // kImageRefreshMs, not every advance; when it stops they are brought up to date.
  {
    ClassicLab lab;
    lab.set_features({FeatureKind::Pixels});
    lab.fit(&d, 1);
    lab.steps_per_advance = 10;
    lab.advance(1e6, 0, 0, 1, 0, 1);
    CHECK(lab.view(ClassicKind::Softmax).steps == 10);  // the first view at once
    lab.advance(1e6, 0, 0, 1, 0, 1);                     // well within 250 ms of it
    CHECK(lab.view(ClassicKind::Softmax).steps == 10);
    // Both are due after 250 ms, but they take turns: one rescoring of both splits per frame, not two.
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(ClassicLab::kImageRefreshMs) + 10));
    lab.advance(1e6, 0, 0, 1, 0, 1);
    CHECK(lab.view(ClassicKind::SVM).steps == 30);
    CHECK(lab.view(ClassicKind::Softmax).steps == 10);
    lab.advance(1e6, 0, 0, 1, 0, 1);
    CHECK(lab.view(ClassicKind::Softmax).steps == 40);
    lab.set_playing(false);
    lab.advance(0, 0, 0, 1, 0, 1);
    CHECK(lab.view(ClassicKind::SVM).steps == 40);
    CHECK(lab.view(ClassicKind::Softmax).steps == 40);
  }
  const auto [d_px, acc_px] = run(FeatureKind::Pixels);
  const auto [d_hog, acc_hog] = run(FeatureKind::HOG);
  CHECK(d_px == 144);
  CHECK(d_hog == 3 * 3 * 9);
  CHECK(acc_hog > 0.95f);
  CHECK(acc_hog > acc_px + 0.2f);
  // A new feature choice asks for a refit; 2D data still works, other shapes are refused with a message.
  ClassicLab lab;
  lab.fit(&d, 3);
  lab.set_features({FeatureKind::Histogram});
  CHECK(lab.fitted_revision() == 0);
  CHECK_FALSE(lab.fitted());
  Dataset seq;
  seq.num_classes = 2;
  seq.x_train.resize(Shape{4, 5, 2});
  seq.y_train.resize(Shape{4});
  lab.fit(&seq, 4);
  CHECK(lab.error().find("images") != std::string::npos);
}
