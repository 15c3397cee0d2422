// Shortcuts the engine takes for speed give exactly what the general code gives: the unpadded max-pool
// walker (and its 2 x 2 unrolled loop) against a window-by-window reference of pool.h's rule, ties and NaN
// included; the bit-mask ReLU backward against the select it replaces, bit for bit; and layers told that their input gradient is unused (the first layers of a model) skip it
// without changing any parameter gradient.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "engine/layers/layer.h"
#include "engine/model/model.h"
#include "engine/ops/pool.h"
#include "engine/spec/spec.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {
// pool.h's rule, written the slow obvious way: windows in (t, h, w) order, the first maximum wins, NaN is taken.
void maxpool_reference(const ConvGeom& g, int64_t planes, const float* x, float* y, int32_t* argmax) {
  const int64_t in = g.in_size(), P = g.out_size();
  for (int64_t pl = 0; pl < planes; ++pl) {
    int64_t oi = 0;
    for (int ot = 0; ot < g.out[0]; ++ot)
      for (int oh = 0; oh < g.out[1]; ++oh)
        for (int ow = 0; ow < g.out[2]; ++ow, ++oi) {
          float m = 0;
          int32_t best = -1;
          for (int t = 0; t < g.k[0]; ++t)
            for (int h = 0; h < g.k[1]; ++h)
              for (int w = 0; w < g.k[2]; ++w) {
                const int32_t i = ((ot * g.s[0] + t) * g.in[1] + oh * g.s[1] + h) * g.in[2] + ow * g.s[2] + w;
                const float v = x[pl * in + i];
                if (best < 0 || v > m || std::isnan(v)) m = v, best = i;
              }
          y[pl * P + oi] = m;
          argmax[pl * P + oi] = best;
        }
  }
}
}  // namespace

TEST_CASE("max pool without padding: the fast walker equals the window-by-window rule (ties, NaN, 2D, 3D)") {
  Rng rng(17);
  for (int trial = 0; trial < 200; ++trial) {
    ConvGeom g;
    g.C = 1;
    const bool is3d = trial % 3 == 0;
    g.is3d = is3d;
    for (int a = is3d ? 0 : 1; a < 3; ++a) {
      g.k[a] = trial % 4 == 1 ? 2 : 1 + static_cast<int>(rng.below(3));  // every 4th: 2 x 2(x 2)
      g.s[a] = trial % 4 == 1 ? 2 : 1 + static_cast<int>(rng.below(3));
      g.in[a] = g.k[a] + static_cast<int>(rng.below(6));
    }
    g.compute_out();
    const int64_t planes = 1 + rng.below(3);
    std::vector<float> x(static_cast<size_t>(planes * g.in_size()));
    for (float& v : x) v = static_cast<float>(rng.below(4));  // few distinct values: many ties
    if (trial % 5 == 0) x[rng.below(static_cast<uint32_t>(x.size()))] = std::numeric_limits<float>::quiet_NaN();
    const size_t n_out = static_cast<size_t>(planes * g.out_size());
    std::vector<float> y(n_out), y_ref(n_out);
    std::vector<int32_t> a(n_out), a_ref(n_out);
    maxpool_forward(g, planes, x.data(), y.data(), a.data());
    maxpool_reference(g, planes, x.data(), y_ref.data(), a_ref.data());
    INFO("trial " << trial << ": in " << g.in[0] << "x" << g.in[1] << "x" << g.in[2] << ", k " << g.k[0] << "x"
                  << g.k[1] << "x" << g.k[2] << ", s " << g.s[0] << "x" << g.s[1] << "x" << g.s[2]);
    CHECK(a == a_ref);
    for (size_t i = 0; i < n_out; ++i) CHECK((y[i] == y_ref[i] || (std::isnan(y[i]) && std::isnan(y_ref[i]))));
  }
}

TEST_CASE("ReLU backward is the select x > 0 ? dout : 0, bit for bit (NaN, infinities, signed zeros)") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<float> xs{1.0f, -1.0f, 0.0f, -0.0f, nan, inf, -inf, 1e-40f, -1e-40f, 3.5f, -2.0f};
  const std::vector<float> ds{2.0f, -3.0f, -0.0f, 0.0f, nan, -inf, inf, 1e-40f, 5.0f, nan, -0.0f};
  LayerDesc d;
  d.kind = LayerKind::Activation;
  d.act = ActKind::ReLU;
  const int n = static_cast<int>(xs.size());
  auto relu = make_layer(d, Shape{n});
  Tensor x(Shape{1, n}), dout(Shape{1, n}), out, dinp;
  for (int i = 0; i < n; ++i) x[i] = xs[size_t(i)], dout[i] = ds[size_t(i)];
  relu->forward(x, out, true);
  relu->backward(dout, dinp);
  for (int i = 0; i < n; ++i) {
    const float want = xs[size_t(i)] > 0.0f ? ds[size_t(i)] : 0.0f;
    INFO("x " << xs[size_t(i)] << ", dout " << ds[size_t(i)]);
    CHECK(std::memcmp(&dinp[i], &want, sizeof(float)) == 0);
  }
}

TEST_CASE("a layer whose input gradient is unused skips it and computes the same parameter gradients") {
  for (const char* text : {"INPUT 2 x 7 x 9, CONV3-4-p1-s2, MSE", "INPUT 2 x 3 x 6 x 5, CONV(3x1x3)-3-p(1,0,1), MSE",
                           "INPUT 6, FC-5", "INPUT 4 x 5 x 5, CONV1-3, MSE", "INPUT 3 x 4 x 5, BN, MSE",
                           "INPUT SEQ 5 x 3, LSTM-4-seq, MSE", "INPUT SEQ 5 x 3, GRU-4, MSE"}) {
    INFO(std::string(text));
    const ModelSpec spec = parse_spec_or_throw(text);
    const LayerDesc& desc = spec.rows.at(1).desc;
    const Shape& in = spec.input;
    auto full = make_layer(desc, in), lean = make_layer(desc, in);
    REQUIRE(lean->input_grad());
    lean->set_input_grad(false);
    Rng rng(3), init_a(8), init_b(8);
    full->init_params(InitDesc{}, init_a);
    lean->init_params(InitDesc{}, init_b);
    Tensor x = test::random_tensor(in.with_batch(3), rng), y1, y2;
    full->forward(x, y1, true);
    lean->forward(x, y2, true);
    Tensor dy = test::random_tensor(y1.shape(), rng), dx_full, dx_lean(Shape{2}, 42.0f);
    full->backward(dy, dx_full);
    lean->backward(dy, dx_lean);
    CHECK(dx_full.shape() == x.shape());
    CHECK(dx_lean.vec() == std::vector<float>{42.0f, 42.0f});  // untouched
    for (size_t p = 0; p < full->params().size(); ++p)
      CHECK(full->params()[p]->grad.vec() == lean->params()[p]->grad.vec());
  }
}

TEST_CASE("a model turns the input gradient off up to its first layer with parameters") {
  Model model(parse_spec_or_throw("INPUT 3 x 8 x 8, DROPOUT-0.1, CONV3-4-p1, POOL2, FC-5, FC-2"));
  REQUIRE(model.num_layers() >= 5);
  CHECK_FALSE(model.layer(0).input_grad());  // dropout
  CHECK_FALSE(model.layer(1).input_grad());  // the first conv
  for (int i = 2; i < model.num_layers(); ++i) CHECK(model.layer(i).input_grad());
}

TEST_CASE("layers without parameters before the first one with: the model trains (their backward is not run)") {
  for (const char* text : {"INPUT 2, DROPOUT-0.2, FC-3", "INPUT 1 x 8 x 8, POOL2, FLATTEN, RELU, FC-3",
                           "INPUT 5, TANH, BN, FC-3"}) {
    INFO(std::string(text));
    Model model(parse_spec_or_throw(text));
    model.init_params(InitDesc{}, 4);
    Rng rng(6);
    Tensor x = test::random_tensor(model.input_shape().with_batch(4), rng), y(Shape{4});
    for (int i = 0; i < 4; ++i) y[i] = static_cast<float>(i % 3);
    model.forward(x, true);
    const float loss = model.backward(y);
    CHECK(std::isfinite(loss));
    double g2 = 0;
    for (Param* p : model.params())
      for (float g : p->grad.vec()) g2 += double(g) * g;
    CHECK(g2 > 0.0);
  }
}
