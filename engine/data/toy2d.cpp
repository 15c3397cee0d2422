// The 2D toy sets of the playground kind: spirals, circles, XOR, blobs, moons, linearly separable with a
// margin, and the empty hand-placed set. Points lie in roughly [-1, 1]^2; classes get equal counts (the
// remainder goes to the first classes) and the split is stratified. Not here: feature crosses (x1*x2, ...).
#include <cmath>

#include "engine/core/check.h"
#include "engine/data/generators.h"

namespace gl::data_detail {

namespace {

constexpr float kPi = 3.14159265358979f;

struct Point {
  float x1, x2;
};

// Class j of k, sample i of n in that class, u = (i + 0.5) / n in (0, 1).
using PointFn = Point (*)(int j, int k, float u, const DataDesc& desc, Rng& rng);

// Spiral arms: radius grows with u, angle turns 1.2 * 2pi over the arm; arms offset by 2pi / k.
Point spiral_point(int j, int k, float u, const DataDesc&, Rng&) {
  float r = 0.05f + 0.95f * u;
  float t = 2.0f * kPi * static_cast<float>(j) / static_cast<float>(k) + 1.2f * 2.0f * kPi * u;
  return {r * std::cos(t), r * std::sin(t)};
}

// Ring j of k: radius uniform in [j, j + 0.6] / (k - 0.4) (so the outer ring ends at 1); ring 0 is a disk.
Point circle_point(int j, int k, float, const DataDesc&, Rng& rng) {
  float scale = 1.0f / (static_cast<float>(k) - 0.4f);
  float lo = static_cast<float>(j) * scale, hi = (static_cast<float>(j) + 0.6f) * scale;
  // Area-uniform inside the disk / ring: r = sqrt(uniform(lo^2, hi^2)).
  float r = std::sqrt(rng.uniform(lo * lo, hi * hi));
  float t = rng.uniform(0.0f, 2.0f * kPi);
  return {r * std::cos(t), r * std::sin(t)};
}

// Quadrants with a 0.05 gap along the axes; class 0 where sign(x1) == sign(x2).
Point xor_point(int j, int, float, const DataDesc&, Rng& rng) {
  float a = rng.uniform(0.05f, 1.0f), b = rng.uniform(0.05f, 1.0f);
  float sa = rng.below(2) ? 1.0f : -1.0f;
  float sb = j == 0 ? sa : -sa;
  return {sa * a, sb * b};
}

// Blob j centred at radius 0.6, angle 2pi j / k; spread comes from the shared noise (std = desc.noise).
Point blob_point(int j, int k, float, const DataDesc&, Rng&) {
  float t = 2.0f * kPi * static_cast<float>(j) / static_cast<float>(k);
  return {0.6f * std::cos(t), 0.6f * std::sin(t)};
}

// scikit-learn's make_moons mapped into [-1, 1]^2: upper (cos t, sin t), lower (1 - cos t, 0.5 - sin t),
// t in [0, pi]; then x' = (x - 0.5) / 1.5, y' = (y - 0.25) / 1.5.
Point moon_point(int j, int, float u, const DataDesc&, Rng&) {
  float t = kPi * u;
  float x = j == 0 ? std::cos(t) : 1.0f - std::cos(t);
  float y = j == 0 ? std::sin(t) : 0.5f - std::sin(t);
  return {(x - 0.5f) / 1.5f, (y - 0.25f) / 1.5f};
}

}  // namespace

Dataset make_toy2d(const DataDesc& desc) {
  Dataset ds;
  ds.kind = desc.kind;
  ds.name = data_kind_name(desc.kind);
  const bool fixed_two = desc.kind == DataKind::Xor || desc.kind == DataKind::Moons || desc.kind == DataKind::Linear;
  ds.num_classes = fixed_two ? 2 : desc.num_classes;
  // At most 8: the plane views have 8 class colours and marker shapes, and pts= names classes 0-7.
  NN_CHECK(ds.num_classes >= 2 && ds.num_classes <= 8, ds.name, ": num_classes ", desc.num_classes,
           " must be in [2, 8]");
  NN_CHECK(desc.noise >= 0.0f && desc.noise <= 2.0f, ds.name, ": noise ", desc.noise, " must be in [0, 2]");
  for (int c = 0; c < ds.num_classes; ++c) ds.class_names.push_back("class " + std::to_string(c));

  Samples s;
  s.sample_shape = Shape{2};
  s.target_shape = Shape{};
  if (desc.kind == DataKind::Hand2D) {
    ds.x_train.resize(Shape{0, 2});
    ds.x_test.resize(Shape{0, 2});
    ds.y_train.resize(Shape{0});
    ds.y_test.resize(Shape{0});
    return ds;
  }
  NN_CHECK(desc.num_points >= 2 * ds.num_classes && desc.num_points <= 100000, ds.name, ": num_points ",
           desc.num_points, " must be in [", 2 * ds.num_classes, ", 100000]");
  Rng rng(desc.seed);

  if (desc.kind == DataKind::Linear) {
    NN_CHECK(desc.margin >= 0.0f && desc.margin < 1.0f, "linear: margin ", desc.margin, " must be in [0, 1)");
    // A random unit normal w and offset b; points with |w.x + b| < margin / 2 are rejected, label = w.x + b > 0.
    float a = rng.uniform(0.0f, 2.0f * kPi), b = rng.uniform(-0.2f, 0.2f);
    float w1 = std::cos(a), w2 = std::sin(a);
    int want[2] = {desc.num_points / 2 + desc.num_points % 2, desc.num_points / 2};
    int have[2] = {0, 0};
    for (int tries = 0; have[0] + have[1] < desc.num_points; ++tries) {
      NN_CHECK(tries < 1000 * desc.num_points, "linear: could not place points outside the margin ", desc.margin);
      float x1 = rng.uniform(-1.0f, 1.0f), x2 = rng.uniform(-1.0f, 1.0f);
      float d = w1 * x1 + w2 * x2 + b;
      int c = d > 0.0f ? 1 : 0;
      if (std::fabs(d) < 0.5f * desc.margin || have[c] >= want[c]) continue;
      ++have[c];
      // Jitter after labelling: with noise > 0 points may cross the margin (that is the point of noise).
      s.x.push_back(x1 + desc.noise * rng.normal());
      s.x.push_back(x2 + desc.noise * rng.normal());
      s.y.push_back(static_cast<float>(c));
    }
  } else {
    PointFn fn = desc.kind == DataKind::Spirals  ? spiral_point
                 : desc.kind == DataKind::Circles ? circle_point
                 : desc.kind == DataKind::Xor     ? xor_point
                 : desc.kind == DataKind::Blobs   ? blob_point
                                                  : moon_point;
    const int k = ds.num_classes;
    for (int j = 0; j < k; ++j) {
      int n = desc.num_points / k + (j < desc.num_points % k ? 1 : 0);
      for (int i = 0; i < n; ++i) {
        float u = (static_cast<float>(i) + 0.5f) / static_cast<float>(n);
        Point p = fn(j, k, u, desc, rng);
        s.x.push_back(p.x1 + desc.noise * rng.normal());
        s.x.push_back(p.x2 + desc.noise * rng.normal());
        s.y.push_back(static_cast<float>(j));
      }
    }
  }
  s.n = static_cast<int>(s.y.size());
  split_into(ds, s, desc.train_frac, rng);
  return ds;
}

}  // namespace gl::data_detail
