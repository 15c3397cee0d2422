// Image features for the classic classifiers: histogram and HOG values on images worked by hand, sizes, the
// scaler, and a case where a linear classifier does better on HOG than on pixels (stripes of random phase:
// the mean image of each class is flat, their edge directions are not). With GRADLAB_PACK, digits too.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>

#include "engine/classic/classifier.h"
#include "engine/classic/features.h"
#include "engine/core/rng.h"
#include "engine/data/dataset.h"

using namespace gl;

namespace {

Tensor image(int C, int H, int W, std::initializer_list<float> v) {
  Tensor t(Shape{1, C, H, W});
  std::copy(v.begin(), v.end(), t.data());
  return t;
}

// n images per class, 1 x 12 x 12: class 0 horizontal stripes, class 1 vertical, period 4, random phase and
// contrast.
void stripes(int n, uint64_t seed, Tensor& x, Tensor& y) {
  Rng rng(seed);
  x.resize(Shape{2 * n, 1, 12, 12});
  y.resize(Shape{2 * n});
  for (int i = 0; i < 2 * n; ++i) {
    const int c = i % 2, phase = static_cast<int>(rng.below(4));
    const float lo = rng.uniform(0.0f, 0.3f), hi = rng.uniform(0.6f, 1.0f);
    for (int r = 0; r < 12; ++r)
      for (int q = 0; q < 12; ++q) x[(static_cast<int64_t>(i) * 12 + r) * 12 + q] = ((c ? q : r) + phase) % 4 < 2 ? hi : lo;
    y[i] = static_cast<float>(c);
  }
}

float linear_accuracy(const Tensor& xtr, const Tensor& ytr, const Tensor& xte, const Tensor& yte, int classes,
                      FeatureKind k) {
  FeatureDesc fd;
  fd.kind = k;
  Tensor ftr, fte;
  prepare_features(xtr, xte, fd, ftr, fte);
  ClassicDesc cd;
  cd.kind = ClassicKind::Softmax;
  cd.optim.lr = 0.01f;
  auto clf = make_classifier(cd);
  clf->fit(ftr, ytr, classes);
  clf->train_steps(1500);
  return clf->accuracy(fte, yte);
}

}  // namespace

TEST_CASE("features: intensity histogram fractions per channel") {
  Tensor img = image(1, 2, 2, {0.0f, 0.5f, 0.99f, 1.0f});
  FeatureDesc d;
  d.kind = FeatureKind::Histogram;
  d.hist_bins = 4;
  Tensor f;
  extract_features(img, d, f);
  REQUIRE(f.shape() == Shape{1, 4});
  CHECK(f[0] == 0.25f);
  CHECK(f[1] == 0.0f);
  CHECK(f[2] == 0.25f);
  CHECK(f[3] == 0.5f);  // 0.99 and 1.0 (the top edge belongs to the last bin)
  // Colour: one histogram per channel.
  Tensor rgb = image(3, 1, 2, {0, 0, 1, 1, 0, 1});
  extract_features(rgb, d, f);
  REQUIRE(f.shape() == Shape{1, 12});
  CHECK(f[0] == 1.0f);   // R: both 0
  CHECK(f[7] == 1.0f);   // G: both 1
  CHECK(f[8] == 0.5f);   // B: one 0
  CHECK(f[11] == 0.5f);  //    one 1
}

TEST_CASE("features: HOG puts a horizontal edge's votes in the 90-degree bin, normalised per cell") {
  // 8 x 8: top 4 rows 0, bottom 4 rows 1. gy = 1 on rows 3 and 4, gx = 0: angle 90 deg = bin 4 of 9
  // (centres at 10, 30, ..., 170 deg). Cells 4 x 4: every cell touches the edge.
  Tensor img(Shape{1, 1, 8, 8});
  for (int p = 32; p < 64; ++p) img[p] = 1.0f;
  FeatureDesc d;
  d.kind = FeatureKind::HOG;
  Tensor f;
  extract_features(img, d, f);
  REQUIRE(f.shape() == Shape{1, 2 * 2 * 9});
  CHECK(feature_count(Shape{1, 8, 8}, d) == 36);
  for (int cell = 0; cell < 4; ++cell)
    for (int b = 0; b < 9; ++b) CHECK(f[cell * 9 + b] == doctest::Approx(b == 4 ? 1.0 : 0.0).epsilon(1e-5));
  // A vertical edge (angle 0) splits between the first and last bins (0 = 180 deg, unsigned).
  Tensor v(Shape{1, 1, 8, 8});
  for (int r = 0; r < 8; ++r)
    for (int q = 4; q < 8; ++q) v[r * 8 + q] = 1.0f;
  extract_features(v, d, f);
  CHECK(f[0] == doctest::Approx(std::sqrt(0.5)).epsilon(1e-5));
  CHECK(f[8] == doctest::Approx(std::sqrt(0.5)).epsilon(1e-5));
  CHECK(f[4] == 0.0f);
  // A flat image has no gradient: all zeros, not NaN.
  extract_features(Tensor(Shape{1, 1, 8, 8}, 0.5f), d, f);
  for (int64_t i = 0; i < f.size(); ++i) CHECK(f[i] == 0.0f);
  // HOG + histogram concatenates; partial cells count (9 x 9 with cells of 4: 3 x 3 cells).
  d.kind = FeatureKind::HOGHist;
  CHECK(feature_count(Shape{3, 9, 9}, d) == 3 * 3 * 9 + 3 * 16);
  CHECK_THROWS_WITH_AS(feature_count(Shape{2, 8}, d), "features: images must be C x H x W per sample, got 2 x 8", EngineError);
  CHECK(parse_feature_kind("hog") == FeatureKind::HOG);
  CHECK_THROWS_AS(parse_feature_kind("sift"), EngineError);
}

TEST_CASE("features: the scaler standardises with the training split's statistics") {
  Tensor tr(Shape{2, 2}), te(Shape{1, 2});
  tr[0] = 1, tr[1] = 5, tr[2] = 3, tr[3] = 5;  // feature 1 is constant
  te[0] = 2, te[1] = 7;
  FeatureScaler s;
  s.fit(tr);
  s.apply(tr);
  s.apply(te);
  CHECK(tr[0] == doctest::Approx(-1.0).epsilon(1e-5));
  CHECK(tr[2] == doctest::Approx(1.0).epsilon(1e-5));
  CHECK(tr[1] == 0.0f);
  CHECK(te[0] == doctest::Approx(0.0).epsilon(1e-5));
  CHECK(te[1] == 0.0f);
}

TEST_CASE("features: on stripes of random phase a linear classifier needs HOG, pixels stay near chance") {
  Tensor xtr, ytr, xte, yte;
  stripes(100, 1, xtr, ytr);
  stripes(50, 2, xte, yte);
  const float pix = linear_accuracy(xtr, ytr, xte, yte, 2, FeatureKind::Pixels);
  const float hog = linear_accuracy(xtr, ytr, xte, yte, 2, FeatureKind::HOG);
  MESSAGE("stripes, linear softmax test accuracy: pixels " << pix << ", HOG " << hog);
  CHECK(hog > 0.95f);
  CHECK(pix < 0.75f);
}

TEST_CASE("features: digits from the real pack, pixels vs histogram vs HOG (GRADLAB_PACK)") {
  const char* path = std::getenv("GRADLAB_PACK");
  if (!path) {
    MESSAGE("GRADLAB_PACK not set: skipping digits features (gradlab-cli features --data DIR reports them)");
    return;
  }
  DataDesc dd;
  dd.kind = DataKind::Digits;
  dd.pack_path = path;
  Dataset ds = make_dataset(dd);
  const float pix = linear_accuracy(ds.x_train, ds.y_train, ds.x_test, ds.y_test, 10, FeatureKind::Pixels);
  const float hist = linear_accuracy(ds.x_train, ds.y_train, ds.x_test, ds.y_test, 10, FeatureKind::Histogram);
  const float hog = linear_accuracy(ds.x_train, ds.y_train, ds.x_test, ds.y_test, 10, FeatureKind::HOG);
  MESSAGE("digits, linear softmax test accuracy: pixels " << pix << ", histogram " << hist << ", HOG " << hog);
  CHECK(pix > 0.85f);
  CHECK(hist < 0.5f);  // intensity counts say little about which digit it is
  CHECK(hog > 0.5f);
}
