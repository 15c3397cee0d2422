// The Inside view (probe_inside) against hand computations: unit maps over the plane are a forward pass of
// the MLP at each cell centre, the conv filters are the conv weights and a feature map is the convolution of
// the chosen sample, the |W| views are the FC weights, and looking never changes training.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "engine/data/image_pack.h"
#include "engine/session/inside_view.h"
#include "engine/session/session.h"
#include "tests/engine/session_access.h"

using namespace gl;

namespace {

const Tensor& param(Model& m, int layer, const char* name) {
  for (Param* p : m.layer(layer).params())
    if (p->name == name) return p->value;
  FAIL("layer ", layer, " has no parameter ", name);
  static const Tensor none;
  return none;
}

// relu(W x + b) for a dense layer's weight (out x in) and bias.
std::vector<float> dense_relu(const Tensor& W, const Tensor& b, const std::vector<float>& x) {
  std::vector<float> y(static_cast<size_t>(W.dim(0)));
  for (int o = 0; o < W.dim(0); ++o) {
    double sum = b[o];
    for (int i = 0; i < W.dim(1); ++i) sum += static_cast<double>(W[static_cast<int64_t>(o) * W.dim(1) + i]) * x[static_cast<size_t>(i)];
    y[static_cast<size_t>(o)] = static_cast<float>(std::max(0.0, sum));
  }
  return y;
}

// Every parameter and buffer (BN running statistics) of the model, in order.
std::vector<std::vector<float>> model_state(Model& m) {
  std::vector<std::vector<float>> out;
  for (int i = 0; i < m.num_layers(); ++i) {
    for (Param* p : m.layer(i).params()) out.push_back(p->value.vec());
    for (const auto& [name, t] : m.layer(i).buffers()) out.push_back(t->vec());
  }
  return out;
}

// A small "digits" pack: 12 training images of 1 x 8 x 8 with pixels 0..16 from a fixed sequence.
std::shared_ptr<const ImagePack> tiny_digits() {
  ImageSet set;
  set.name = "digits";
  for (int c = 0; c < 10; ++c) set.class_names.push_back(std::to_string(c));
  set.channels = 1;
  set.height = set.width = 8;
  set.num_classes = 10;
  set.max_value = 16;
  set.n_train = 12;
  set.n_test = 4;
  uint32_t r = 12345;
  auto next = [&r] { return static_cast<uint8_t>(((r = r * 1103515245u + 12345u) >> 16) % 17); };
  for (int i = 0; i < set.n_train * 64; ++i) set.train_pixels.push_back(next());
  for (int i = 0; i < set.n_test * 64; ++i) set.test_pixels.push_back(next());
  for (int i = 0; i < set.n_train; ++i) set.train_labels.push_back(static_cast<uint8_t>(i % 10));
  for (int i = 0; i < set.n_test; ++i) set.test_labels.push_back(static_cast<uint8_t>(i % 10));
  auto pack = std::make_shared<ImagePack>();
  pack->sets.push_back(std::move(set));
  return pack;
}

}  // namespace

TEST_CASE("the Inside view over the plane: each unit map is the MLP's forward pass at the cell centres") {
  Session s;
  REQUIRE_FALSE(s.set_spec("INPUT 2\nFC-3\nFC-2\nFC-2\nSOFTMAX"));
  TrainLab& tl = SessionTestAccess::train(s);
  REQUIRE(tl.error().empty());
  for (int i = 0; i < 20; ++i) tl.step_once();  // biases away from their start
  const int n = 8;
  const InsideSnapshot v = probe_inside(tl, InsideProbeDesc{0, -1, n, true});
  REQUIRE(v.message.empty());
  CHECK(v.kind == InsideSnapshot::Kind::Plane);
  CHECK(v.step == 20);
  CHECK(v.version != 0);
  REQUIRE(v.n == n);
  REQUIRE(v.unit_rows.size() == 2);  // the two hidden rows; not the output row
  CHECK(v.unit_rows[0].units == 3);
  CHECK(v.unit_rows[1].units == 2);
  CHECK(v.unit_rows[0].title.find("FC-3") == 0);
  Model& m = tl.trainer()->model();  // engine layers: Dense, ReLU, Dense, ReLU, Dense
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      // Row 0 is the top of the plane (largest x2), column 0 its left (smallest x1).
      const float x1 = v.x0 + (static_cast<float>(c) + 0.5f) / n * (v.x1 - v.x0);
      const float x2 = v.y1 - (static_cast<float>(r) + 0.5f) / n * (v.y1 - v.y0);
      const std::vector<float> h1 = dense_relu(param(m, 0, "weight"), param(m, 0, "bias"), {x1, x2});
      const std::vector<float> h2 = dense_relu(param(m, 2, "weight"), param(m, 2, "bias"), h1);
      for (size_t k = 0; k < 2; ++k) {
        const std::vector<float>& h = k == 0 ? h1 : h2;
        const InsideUnitRow& row = v.unit_rows[k];
        for (int u = 0; u < row.units; ++u) {
          const InsideImage& im = v.images[static_cast<size_t>(row.first_image + u)];
          CHECK(im.scale == ValueScale::Signed);
          CHECK(im.values[static_cast<size_t>(r * n + c)] == doctest::Approx(h[static_cast<size_t>(u)]).epsilon(1e-4));
          CHECK(im.hi == -im.lo);  // symmetric around 0
        }
      }
    }
  // The grid is clamped to what the view can afford.
  CHECK(probe_inside(tl, InsideProbeDesc{0, -1, 1000, true}).n == 128);
}

TEST_CASE("the Inside view's |W| maps are the weights of every fully connected layer") {
  Session s;
  REQUIRE_FALSE(s.set_spec("INPUT 2\nFC-3\nFC-2\nFC-2\nSOFTMAX"));
  TrainLab& tl = SessionTestAccess::train(s);
  for (int i = 0; i < 5; ++i) tl.step_once();
  const InsideSnapshot v = probe_inside(tl, InsideProbeDesc{});
  Model& m = tl.trainer()->model();
  REQUIRE(v.weights.size() == 3);
  const int dense[3] = {0, 2, 4};
  for (int k = 0; k < 3; ++k) {
    const InsideWeightView& wv = v.weights[static_cast<size_t>(k)];
    const Tensor& W = param(m, dense[k], "weight");
    CHECK(wv.layer == dense[k]);
    CHECK(wv.d_out == W.dim(0));
    CHECK(wv.d_in == W.dim(1));
    CHECK(wv.block == 1);
    CHECK(wv.w == W.vec());
    const InsideImage& im = v.images[static_cast<size_t>(wv.image)];
    CHECK(im.scale == ValueScale::Magnitude);
    float top = 0;
    for (int64_t i = 0; i < W.size(); ++i) {
      CHECK(im.values[static_cast<size_t>(i)] == std::fabs(W[i]));
      top = std::max(top, std::fabs(W[i]));
    }
    CHECK(im.lo == 0.0f);
    CHECK(im.hi == top);
  }
}

TEST_CASE("the Inside view of a conv net on digits: filters are the conv weights, maps a forward of the sample") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  tl.set_image_pack(tiny_digits());
  DataDesc d = tl.data_desc();
  d.kind = DataKind::Digits;
  tl.set_data(d);
  REQUIRE_FALSE(s.set_spec("INPUT 1 x 8 x 8\nCONV3-4\nPOOL2\nFC-10\nSOFTMAX"));
  REQUIRE(tl.error().empty());
  REQUIRE(tl.data()->sample_shape() == Shape{1, 8, 8});
  for (int i = 0; i < 3; ++i) tl.step_once();
  const int sample = 7;
  const InsideSnapshot v = probe_inside(tl, InsideProbeDesc{sample, -1, 32, true});
  REQUIRE(v.message.empty());
  REQUIRE(v.kind == InsideSnapshot::Kind::Spatial);
  CHECK(v.sample == sample);
  CHECK(v.num_samples == tl.data()->num_train());
  CHECK(v.label == static_cast<int>(tl.data()->y_train[sample]));
  CHECK(v.label_name == tl.data()->class_names[static_cast<size_t>(v.label)]);
  Model& m = tl.trainer()->model();  // engine layers: Conv, ReLU, MaxPool, Dense
  const float* x = tl.data()->x_train.data() + sample * 64;
  // The input: the sample's pixels, grey.
  REQUIRE(v.input_first >= 0);
  CHECK(v.input_c == 1);
  const InsideImage& in = v.images[static_cast<size_t>(v.input_first)];
  CHECK(in.scale == ValueScale::Intensity);
  CHECK(in.values == std::vector<float>(x, x + 64));
  // Filters: the conv weights, 4 x 1 x 3 x 3, on one symmetric range.
  const Tensor& W = param(m, 0, "weight");
  const Tensor& b = param(m, 0, "bias");
  REQUIRE(v.filter_first >= 0);
  CHECK(v.c_out == 4);
  CHECK(v.c_in == 1);
  CHECK(v.kt == 1);
  float absmax = 0;
  for (int64_t i = 0; i < W.size(); ++i) absmax = std::max(absmax, std::fabs(W[i]));
  CHECK(v.filter_absmax == absmax);
  for (int o = 0; o < 4; ++o) {
    const InsideImage& f = v.images[static_cast<size_t>(v.filter_first + o)];
    CHECK(f.rows == 3);
    CHECK(f.cols == 3);
    CHECK(f.values == std::vector<float>(W.data() + o * 9, W.data() + (o + 1) * 9));
  }
  // Feature maps: by default the conv's output after its ReLU, 4 maps of 6 x 6 (no padding).
  CHECK(v.map_layer == 1);
  CHECK(v.map_c == 4);
  CHECK(v.map_c_total == 4);
  REQUIRE(v.map_first >= 0);
  for (int c = 0; c < 4; ++c) {
    const InsideImage& im = v.images[static_cast<size_t>(v.map_first + c)];
    REQUIRE(im.rows == 6);
    REQUIRE(im.cols == 6);
    CHECK(im.scale == ValueScale::Magnitude);  // after a ReLU: nothing below 0
    for (int y = 0; y < 6; ++y)
      for (int xx = 0; xx < 6; ++xx) {
        double sum = b[c];
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) sum += static_cast<double>(W[c * 9 + ky * 3 + kx]) * x[(y + ky) * 8 + xx + kx];
        CHECK(im.values[static_cast<size_t>(y * 6 + xx)] == doctest::Approx(std::max(0.0, sum)).epsilon(1e-4));
      }
  }
  // Another layer asked for: the pool's 3 x 3 maps; a layer without spatial output falls back to the default.
  const InsideSnapshot pool = probe_inside(tl, InsideProbeDesc{sample, 2, 32, false});
  CHECK(pool.map_layer == 2);
  CHECK(pool.images[static_cast<size_t>(pool.map_first)].rows == 3);
  CHECK(probe_inside(tl, InsideProbeDesc{sample, 3, 32, true}).map_layer == 1);
  CHECK(probe_inside(tl, InsideProbeDesc{1000, -1, 32, true}).sample == v.num_samples - 1);
}

TEST_CASE("looking inside never changes training: parameters, BN statistics and the next step are the same") {
  auto make = [](Session& s) {
    REQUIRE_FALSE(s.set_spec("INPUT 2\nFC-8\nBN\nFC-4\nFC-2\nSOFTMAX"));
    TrainLab& tl = SessionTestAccess::train(s);
    REQUIRE(tl.error().empty());
    for (int i = 0; i < 4; ++i) tl.step_once();
    return &tl;
  };
  Session sa, sb;
  TrainLab& a = *make(sa);
  TrainLab& b = *make(sb);  // never looked at
  Model& ma = a.trainer()->model();
  Model& mb = b.trainer()->model();
  const std::vector<std::vector<float>> before = model_state(ma);
  REQUIRE(before == model_state(mb));  // the two runs are the same so far
  for (int n : {8, 33, 64}) CHECK(probe_inside(a, InsideProbeDesc{0, -1, n, n % 2 == 0}).message.empty());
  CHECK(a.trainer()->steps() == 4);
  CHECK(model_state(ma) == before);
  a.step_once();
  b.step_once();
  CHECK(model_state(ma) == model_state(mb));
  CHECK(a.trainer()->history().back().loss_data == b.trainer()->history().back().loss_data);
}

TEST_CASE("the Inside view without a model says why") {
  Session s;
  s.set_spec("INPUT 1 x 8 x 8\nCONV3-4\nFC-2\nSOFTMAX");  // valid, but not for 2D points
  const InsideSnapshot v = probe_inside(s.train(), InsideProbeDesc{});
  CHECK(v.kind == InsideSnapshot::Kind::None);
  CHECK(v.message == s.train().error());
  CHECK(v.images.empty());
}

TEST_CASE("value_range: signed ranges are symmetric, magnitudes start at 0, non-finite values are skipped") {
  const float v[] = {-0.5f, 2.0f, NAN, 1.0f, INFINITY};
  float lo = 0, hi = 0;
  value_range(v, 5, ValueScale::Signed, lo, hi);
  CHECK(lo == -2.0f);
  CHECK(hi == 2.0f);
  value_range(v, 5, ValueScale::Magnitude, lo, hi);
  CHECK(lo == -0.5f);
  CHECK(hi == 2.0f);
  value_range(v + 1, 3, ValueScale::Magnitude, lo, hi);
  CHECK(lo == 0.0f);
  value_range(v + 1, 3, ValueScale::Intensity, lo, hi);
  CHECK(lo == 1.0f);
  CHECK(hi == 2.0f);
  value_range(v + 3, 1, ValueScale::Intensity, lo, hi);  // constant: a unit range around it
  CHECK(lo == 0.5f);
  CHECK(hi == 1.5f);
}
