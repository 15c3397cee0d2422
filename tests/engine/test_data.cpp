// Data sets: shapes, determinism, class balance, hand-placed points, the image pack round trip (built in
// memory in the documented format, plus the real pack when GRADLAB_PACK points at one), and the video
// property that a single frame carries no label information while motion does.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "engine/core/check.h"
#include "engine/data/dataset.h"
#include "engine/data/image_pack.h"

using namespace gl;

namespace {

bool same(const Tensor& a, const Tensor& b) { return a.shape() == b.shape() && a.vec() == b.vec(); }

DataDesc desc_of(DataKind k) {
  DataDesc d;
  d.kind = k;
  d.seed = 5;
  return d;
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_text(std::vector<uint8_t>& out, const std::string& s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

// A two-set pack in the documented format: "tiny" (1 x 2 x 3, 3 classes, max 10) and "digits" (1 x 8 x 8).
std::vector<uint8_t> tiny_pack() {
  std::vector<uint8_t> b = {'G', 'L', 'I', 'P'};
  put_u32(b, 1);
  put_u32(b, 2);
  put_text(b, "tiny");
  put_text(b, "a\nb\nc");
  for (uint32_t v : {1u, 2u, 3u, 3u, 4u, 2u, 10u}) put_u32(b, v);
  for (int i = 0; i < 4 * 6; ++i) b.push_back(static_cast<uint8_t>(i % 11));
  for (uint8_t c : {0, 1, 2, 1}) b.push_back(c);
  for (int i = 0; i < 2 * 6; ++i) b.push_back(10);
  for (uint8_t c : {2, 0}) b.push_back(c);
  put_text(b, "digits");
  put_text(b, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9");
  for (uint32_t v : {1u, 8u, 8u, 10u, 1u, 0u, 16u}) put_u32(b, v);
  for (int i = 0; i < 64; ++i) b.push_back(static_cast<uint8_t>(i % 17));
  b.push_back(7);
  return b;
}

}  // namespace

TEST_CASE("2D data sets have the documented shapes, stratified splits and balanced classes") {
  for (DataKind k : {DataKind::Spirals, DataKind::Circles, DataKind::Xor, DataKind::Blobs, DataKind::Moons,
                     DataKind::Linear}) {
    CAPTURE(data_kind_name(k));
    DataDesc d = desc_of(k);
    d.num_points = 300;
    d.num_classes = 3;
    d.train_frac = 0.7f;
    Dataset ds = make_dataset(d);
    const int classes = (k == DataKind::Spirals || k == DataKind::Circles || k == DataKind::Blobs) ? 3 : 2;
    CHECK(ds.num_classes == classes);
    CHECK(ds.x_train.shape() == Shape{ds.num_train(), 2});
    CHECK(ds.y_train.shape() == Shape{ds.num_train()});
    CHECK(ds.num_train() + ds.num_test() == 300);
    CHECK(std::abs(ds.num_train() - 210) <= classes);
    // Stratified: each class contributes round(0.7 * its count) to train, so per-split counts differ by <= 1.
    auto tr = class_counts(ds, Split::Train), te = class_counts(ds, Split::Test);
    for (int c = 0; c < classes; ++c) {
      CHECK(std::abs(tr[c] - tr[0]) <= 1);
      CHECK(std::abs(te[c] - te[0]) <= 1);
    }
    for (float v : ds.x_train.vec()) CHECK(std::fabs(v) < 1.6f);
  }
}

TEST_CASE("generated data sets repeat bit for bit for a seed and change with it") {
  for (DataKind k : {DataKind::Spirals, DataKind::Linear, DataKind::VideoMotion, DataKind::Sine, DataKind::Adding,
                     DataKind::Copy, DataKind::CharText}) {
    CAPTURE(data_kind_name(k));
    DataDesc d = desc_of(k);
    d.num_samples = 64;
    d.frames = 4;
    d.height = d.width = 12;
    Dataset a = make_dataset(d), b = make_dataset(d);
    CHECK(same(a.x_train, b.x_train));
    CHECK(same(a.y_train, b.y_train));
    CHECK(same(a.x_test, b.x_test));
    d.seed = 6;
    Dataset c = make_dataset(d);
    CHECK_FALSE((same(a.x_train, c.x_train) && same(a.y_train, c.y_train)));
  }
}

TEST_CASE("linear data keeps its margin and XOR labels follow the quadrants") {
  DataDesc d = desc_of(DataKind::Linear);
  d.noise = 0.0f;
  d.margin = 0.3f;
  Dataset ds = make_dataset(d);
  // Closest pair of opposite-class points must be at least the margin apart.
  float best = 1e9f;
  for (int i = 0; i < ds.num_train(); ++i)
    for (int j = 0; j < ds.num_train(); ++j)
      if (ds.y_train[i] != ds.y_train[j])
        best = std::min(best, std::hypot(ds.x_train[2 * i] - ds.x_train[2 * j], ds.x_train[2 * i + 1] - ds.x_train[2 * j + 1]));
  CHECK(best >= 0.3f);

  d = desc_of(DataKind::Xor);
  d.noise = 0.0f;
  ds = make_dataset(d);
  for (int i = 0; i < ds.num_train(); ++i) {
    bool same_sign = (ds.x_train[2 * i] > 0) == (ds.x_train[2 * i + 1] > 0);
    CHECK(ds.y_train[i] == (same_sign ? 0.0f : 1.0f));
  }
}

TEST_CASE("points placed by hand are added, found and removed") {
  DataDesc d = desc_of(DataKind::Hand2D);
  d.num_classes = 3;
  Dataset ds = make_dataset(d);
  CHECK(ds.num_train() == 0);
  CHECK(ds.num_test() == 0);
  add_point(ds, 0.5f, -0.25f, 2, Split::Train);
  add_point(ds, -0.5f, 0.75f, 0, Split::Train);
  add_point(ds, 0.1f, 0.1f, 1, Split::Test);
  CHECK(ds.x_train.shape() == Shape{2, 2});
  CHECK(ds.y_train.shape() == Shape{2});
  CHECK(ds.x_train[2] == -0.5f);
  CHECK(ds.y_train[0] == 2.0f);
  CHECK(class_counts(ds, Split::Train) == std::vector<int>{1, 0, 1});
  CHECK(ds.num_test() == 1);
  CHECK_THROWS_WITH_AS(add_point(ds, 0, 0, 3, Split::Train),
                       "add_point: class 3 out of range for 'hand2d' with 3 classes", EngineError);
  CHECK_FALSE(remove_nearest_point(ds, 0.9f, 0.9f, 0.1f, Split::Train));
  CHECK(remove_nearest_point(ds, 0.45f, -0.2f, 0.1f, Split::Train));
  CHECK(ds.num_train() == 1);
  CHECK(ds.y_train[0] == 0.0f);
  CHECK_THROWS_WITH_AS(remove_point(ds, 1, Split::Train),
                       "remove_point: index 1 out of range (1 points in the train split)", EngineError);
  remove_point(ds, 0, Split::Test);
  CHECK(ds.num_test() == 0);
  // Generated 2D sets accept extra points too; image sets do not.
  Dataset moons = make_dataset(desc_of(DataKind::Moons));
  int n = moons.num_train();
  add_point(moons, 0, 0, 1, Split::Train);
  CHECK(moons.num_train() == n + 1);
  Dataset copy = make_dataset(desc_of(DataKind::Copy));
  CHECK_THROWS_AS(add_point(copy, 0, 0, 0, Split::Train), EngineError);
}

TEST_CASE("bad settings are rejected with the data set and setting named") {
  DataDesc d = desc_of(DataKind::Spirals);
  d.num_classes = 1;
  CHECK_THROWS_WITH_AS(make_dataset(d), "spirals: num_classes 1 must be in [2, 8]", EngineError);
  d.num_classes = 9;  // a link could ask for 9 or 10: the plane has 8 class colours
  CHECK_THROWS_WITH_AS(make_dataset(d), "spirals: num_classes 9 must be in [2, 8]", EngineError);
  d = desc_of(DataKind::VideoMotion);
  d.num_classes = 17;
  CHECK_THROWS_WITH_AS(make_dataset(d), "video: num_classes 17 must be in [2, 16] (8 directions, 9..16 add fast ones)",
                       EngineError);
  d.num_classes = 4;
  d.channels = 5;
  CHECK_THROWS_WITH_AS(make_dataset(d), "video: clip 5 x 8 x 32 x 32 must have 1..4 channels, 2..64 frames and 8..128 "
                                        "pixels per side", EngineError);
  CHECK(parse_data_kind("moons") == DataKind::Moons);
  CHECK_THROWS_AS(parse_data_kind("mnist"), EngineError);
  d = desc_of(DataKind::Digits);
  CHECK_THROWS_AS(make_dataset(d), EngineError);  // no pack path
}

TEST_CASE("sequence tasks have the documented shapes and targets") {
  DataDesc d = desc_of(DataKind::Adding);
  d.seq_len = 30;
  d.num_samples = 200;
  Dataset add = make_dataset(d);
  CHECK_FALSE(add.is_classification());
  CHECK(add.x_train.shape() == Shape{160, 30, 2});
  CHECK(add.y_train.shape() == Shape{160, 1});
  for (int i = 0; i < add.num_train(); ++i) {
    float sum = 0;
    int markers = 0, last_marker = -1;
    for (int t = 0; t < 30; ++t) {
      const float* step = add.x_train.data() + (i * 30 + t) * 2;
      if (step[1] == 1.0f) sum += step[0], ++markers, last_marker = t;
    }
    CHECK(markers == 2);
    CHECK(last_marker < 15);  // both markers in the first half
    CHECK(sum == doctest::Approx(add.y_train[i]));
  }

  d = desc_of(DataKind::Sine);
  d.seq_len = 16;
  d.predict_steps = 3;
  d.noise = 0.0f;
  Dataset sine = make_dataset(d);
  CHECK(sine.x_train.shape() == Shape{800, 16, 1});
  CHECK(sine.target_shape() == Shape{3});
  for (float v : sine.y_train.vec()) CHECK(std::fabs(v) <= 1.0f);

  d = desc_of(DataKind::Copy);
  d.num_classes = 4;
  d.lag = 6;
  Dataset copy = make_dataset(d);
  CHECK(copy.x_train.shape() == Shape{800, 8, 5});
  for (int i = 0; i < copy.num_train(); ++i) {
    const float* seq = copy.x_train.data() + i * 8 * 5;
    CHECK(seq[static_cast<int>(copy.y_train[i])] == 1.0f);  // symbol at t = 0
    CHECK(seq[7 * 5 + 4] == 1.0f);                         // cue at the last step
  }
  CHECK(class_counts(copy, Split::Train) == std::vector<int>{200, 200, 200, 200});

  d = desc_of(DataKind::CharText);
  d.seq_len = 10;
  d.num_samples = 500;
  Dataset text = make_dataset(d);
  const int V = text.num_classes;
  CHECK(V >= 25);
  CHECK(V <= 40);
  CHECK(text.x_train.shape() == Shape{text.num_train(), 10, V});
  CHECK(text.num_train() + text.num_test() <= 500);
  CHECK(text.num_test() > 50);
  // Every step is one-hot and the windows spell text from the corpus.
  for (int i = 0; i < 5; ++i) {
    std::string window;
    for (int t = 0; t < 10; ++t) {
      int hot = -1;
      for (int v = 0; v < V; ++v)
        if (text.x_train[(i * 10 + t) * V + v] == 1.0f) hot = v;
      REQUIRE(hot >= 0);
      window += text.class_names[hot] == "\\n" ? "\n" : text.class_names[hot];
    }
    std::string next = text.class_names[static_cast<int>(text.y_train[i])];
    CHECK(char_corpus().find(window + (next == "\\n" ? "\n" : next)) != std::string::npos);
  }
}

TEST_CASE("video: a single frame carries no label information, the motion does") {
  DataDesc d = desc_of(DataKind::VideoMotion);
  d.num_classes = 4;
  d.num_samples = 2000;
  d.frames = 4;
  d.height = d.width = 16;
  d.noise = 0.0f;
  Dataset ds = make_dataset(d);
  const int N = ds.num_train(), HW = 16 * 16, T = 4;
  CHECK(ds.x_train.shape() == Shape{N, 1, T, 16, 16});
  // Per-class mean of frame 0 (and of the last frame): every pixel's mean is ~coverage p = side^2 / HW with
  // binomial std sqrt(p (1 - p) / n_c); require all class means within 5 std of the pooled mean.
  auto counts = class_counts(ds, Split::Train);
  for (int frame : {0, T - 1}) {
    std::vector<double> mean(static_cast<size_t>(4 * HW), 0.0), pooled(static_cast<size_t>(HW), 0.0);
    for (int i = 0; i < N; ++i) {
      int c = static_cast<int>(ds.y_train[i]);
      const float* f = ds.x_train.data() + (static_cast<int64_t>(i) * T + frame) * HW;
      for (int p = 0; p < HW; ++p) mean[c * HW + p] += f[p] / counts[c], pooled[p] += f[p] / N;
    }
    const double p = 9.0 / HW, tol = 5.0 * std::sqrt(p * (1 - p) / counts[0]);
    double worst = 0;
    for (int c = 0; c < 4; ++c)
      for (int q = 0; q < HW; ++q) worst = std::max(worst, std::fabs(mean[c * HW + q] - pooled[q]));
    CAPTURE(frame);
    CHECK(worst < tol);
  }
  // Motion: the centroid shift between frames 0 and 1 (on the torus, via circular means) gives the direction.
  int right = 0;
  for (int i = 0; i < N; ++i) {
    double shift[2] = {0, 0};
    for (int axis = 0; axis < 2; ++axis) {
      double ang[2];
      for (int t = 0; t < 2; ++t) {
        double cs = 0, sn = 0;
        const float* f = ds.x_train.data() + (static_cast<int64_t>(i) * T + t) * HW;
        for (int y = 0; y < 16; ++y)
          for (int x = 0; x < 16; ++x) {
            double a = 2 * 3.14159265358979 * (axis == 0 ? x : y) / 16;
            cs += f[y * 16 + x] * std::cos(a), sn += f[y * 16 + x] * std::sin(a);
          }
        ang[t] = std::atan2(sn, cs);
      }
      shift[axis] = std::remainder(ang[1] - ang[0], 2 * 3.14159265358979);
    }
    int guess = std::fabs(shift[0]) > std::fabs(shift[1]) ? (shift[0] > 0 ? 0 : 1) : (shift[1] > 0 ? 2 : 3);
    right += guess == static_cast<int>(ds.y_train[i]);
  }
  CHECK(right == N);
}

TEST_CASE("image pack: parse, scale to [0, 1], caps, and errors name the field") {
  std::vector<uint8_t> bytes = tiny_pack();
  ImagePack pack = parse_image_pack(bytes.data(), bytes.size());
  REQUIRE(pack.sets.size() == 2);
  Dataset tiny = image_dataset(pack, "tiny");
  CHECK(tiny.x_train.shape() == Shape{4, 1, 2, 3});
  CHECK(tiny.x_test.shape() == Shape{2, 1, 2, 3});
  CHECK(tiny.class_names == std::vector<std::string>{"a", "b", "c"});
  CHECK(tiny.x_train[7] == doctest::Approx(0.7f));
  CHECK(tiny.x_test[0] == 1.0f);
  CHECK(tiny.y_train[2] == 2.0f);
  Dataset capped = image_dataset(pack, "tiny", 3, 1);
  CHECK(capped.num_train() == 3);
  CHECK(capped.num_test() == 1);
  DataDesc d = desc_of(DataKind::Digits);
  Dataset digits = make_dataset(d, &pack);
  CHECK(digits.x_train.shape() == Shape{1, 1, 8, 8});
  CHECK(digits.x_train[16] == 1.0f);
  CHECK(digits.num_test() == 0);
  CHECK_THROWS_WITH_AS(image_dataset(pack, "fashion"), "image pack has no set 'fashion' (it has: tiny, digits)",
                       EngineError);

  std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + 60);
  CHECK_THROWS_WITH_AS(parse_image_pack(cut.data(), cut.size()),
                       "image pack: truncated reading train pixels at offset 57 (need 24 bytes, 3 left)", EngineError);
  std::vector<uint8_t> bad = bytes;
  bad[0] = 'X';
  CHECK_THROWS_AS(parse_image_pack(bad.data(), bad.size()), EngineError);
  bad = bytes;
  bad[57 + 24] = 3;  // the first train label, >= 3 classes
  CHECK_THROWS_WITH_AS(parse_image_pack(bad.data(), bad.size()), "image pack: set 'tiny' has label 3 >= 3",
                       EngineError);
}

TEST_CASE("the real image pack (GRADLAB_PACK, built by pack_images.py) has balanced digits and fashion") {
  const char* path = std::getenv("GRADLAB_PACK");
  if (!path || !std::ifstream(path).good()) {
    MESSAGE("GRADLAB_PACK not set: skipping the real pack (tests/train/run_acceptance.sh covers it)");
    return;
  }
  ImagePack pack = read_image_pack(path);
  Dataset digits = image_dataset(pack, "digits");
  CHECK(digits.x_train.shape() == Shape{1442, 1, 8, 8});
  CHECK(digits.num_test() == 355);
  for (int c : class_counts(digits, Split::Test)) CHECK(c >= 34);
  Dataset fashion = image_dataset(pack, "fashion", 0, 0);
  CHECK(fashion.x_train.shape() == Shape{6000, 1, 28, 28});
  CHECK(class_counts(fashion, Split::Train) == std::vector<int>(10, 600));
  CHECK(class_counts(fashion, Split::Test) == std::vector<int>(10, 100));
  float hi = 0;
  for (float v : fashion.x_test.vec()) hi = std::max(hi, v);
  CHECK(hi == 1.0f);
}

TEST_CASE("video: channels, frames and size are parameters (the exam's 3 x 8 x 64 x 64 clips, 10 motions)") {
  DataDesc d = desc_of(DataKind::VideoMotion);
  d.channels = 3;
  d.frames = 8;
  d.height = d.width = 64;
  d.num_classes = 10;
  d.num_samples = 40;
  d.noise = 0.0f;
  Dataset ds = make_dataset(d);
  CHECK(ds.sample_shape() == Shape{3, 8, 64, 64});
  CHECK(ds.num_classes == 10);
  CHECK(ds.class_names[8] == "fast right");
  CHECK(ds.class_names[9] == "fast left");
  CHECK(ds.num_train() + ds.num_test() == 40);
  // Every channel shows the same square (same pixels lit) in its own brightness in [0.3, 1]; classes >= 8
  // move 2 pixels per frame.
  const int64_t HW = 64 * 64, per = 3 * 8 * HW;
  for (int i = 0; i < ds.num_train(); ++i) {
    const float* clip = ds.x_train.data() + i * per;
    float level[3] = {0, 0, 0};
    int lit[3] = {0, 0, 0};
    for (int ch = 0; ch < 3; ++ch)
      for (int64_t p = 0; p < 8 * HW; ++p)
        if (clip[ch * 8 * HW + p] > 0) level[ch] = clip[ch * 8 * HW + p], ++lit[ch];
    CHECK(lit[0] == lit[1]);
    CHECK(lit[1] == lit[2]);
    for (float v : level) CHECK((v >= 0.3f && v <= 1.0f));
  }
  // 1-channel clips (the default) stay white squares on black.
  DataDesc one = desc_of(DataKind::VideoMotion);
  one.num_samples = 16;
  one.height = one.width = 8;
  one.noise = 0.0f;
  Dataset a = make_dataset(one);
  CHECK(a.sample_shape() == Shape{1, 8, 8, 8});
  for (int64_t p = 0; p < a.x_train.size(); ++p) CHECK((a.x_train[p] == 0.0f || a.x_train[p] == 1.0f));
}

TEST_CASE("video: a clip set holds at most kMaxClipSetBytes (a link may ask for 335 GB of clips)") {
  DataDesc d = desc_of(DataKind::VideoMotion);
  d.channels = 3;
  d.height = d.width = 64;
  d.num_classes = 10;
  d.num_samples = 170;  // 170 x 384 KiB = 63.75 MiB: the exam's clips as suggest_data_for_spec offers them
  CHECK(make_dataset(d).num_train() + make_dataset(d).num_test() == 170);
  d.num_samples = 180;
  CHECK_THROWS_WITH(make_dataset(d), "video: 180 clips of 3 x 8 x 64 x 64 need 67.5 MiB; a clip set holds at most "
                                     "64 MiB (170 clips of this size)");
  d.channels = 4, d.frames = 64, d.height = d.width = 128, d.num_samples = 20000;
  CHECK_THROWS_WITH(make_dataset(d), doctest::Contains("a clip set holds at most 64 MiB (4 clips of this size)"));
}
