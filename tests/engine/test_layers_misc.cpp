// Layer behaviour beyond golden values: error messages for impossible configurations, workspace reuse (no
// reallocation on a second step), both conv algorithms (im2col + GEMM, implicit GEMM) against the naive direct
// convolution, max-pool tie rule, dropout statistics and seeding, initialiser statistics and fans, ELU alpha and
// leaky slope, registry dispatch.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "engine/core/check.h"
#include "engine/layers/activation.h"
#include "engine/layers/conv.h"
#include "engine/layers/dropout.h"
#include "engine/layers/layer.h"
#include "engine/ops/conv_implicit.h"
#include "engine/ops/im2col.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {
LayerDesc sdesc(LayerKind kind, int units, std::vector<int> k, std::vector<int> s = {1}, std::vector<int> p = {0}) {
  LayerDesc d;
  d.kind = kind;
  d.units = units;
  d.kernel = std::move(k);
  d.stride = std::move(s);
  d.pad = std::move(p);
  return d;
}
// Builds conv layers with the given algorithm while in scope.
struct ConvAlgoScope {
  ConvAlgo prev = conv_algo();
  explicit ConvAlgoScope(ConvAlgo algo) { set_conv_algo(algo); }
  ~ConvAlgoScope() { set_conv_algo(prev); }
};
double sample_std(const Tensor& t) {
  double s = 0, s2 = 0;
  for (int64_t i = 0; i < t.size(); ++i) {
    s += t[i];
    s2 += double(t[i]) * t[i];
  }
  const double m = s / double(t.size());
  return std::sqrt(s2 / double(t.size()) - m * m);
}
}  // namespace

TEST_CASE("impossible configurations throw EngineError naming the layer and shapes") {
  auto mk = [](const LayerDesc& d, const Shape& in) { (void)make_layer(d, in); };
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Conv, 4, {5}), Shape{3, 3, 3}),
                       "conv: kernel 5 x 5 larger than padded input 3 x 3 (input 3 x 3 x 3, pad 0)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Conv, 4, {7, 3}, {1}, {1, 0}), Shape{2, 4, 9}),
                       "conv: kernel 7 x 3 larger than padded input 6 x 9 (input 2 x 4 x 9, pad 1 x 0)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::MaxPool, 0, {3}), Shape{2, 3, 4, 2}),
                       "maxpool: kernel 3 x 3 x 3 larger than padded input 3 x 4 x 2 (input 2 x 3 x 4 x 2, pad 0)",
                       EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Conv, 4, {3}, {0}), Shape{3, 8, 8}),
                       "conv: stride 0 x 0 must be at least 1 (input 3 x 8 x 8)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::AvgPool, 0, {2}, {2, -1}), Shape{3, 8, 8}),
                       "avgpool: stride 2 x -1 must be at least 1 (input 3 x 8 x 8)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::MaxPool, 0, {0}), Shape{2, 4, 4}),
                       "maxpool: kernel 0 x 0 must be positive (input 2 x 4 x 4)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::AvgPool, 0, {2}, {1}, {-1}), Shape{2, 4, 4}),
                       "avgpool: pad -1 x -1 must not be negative (input 2 x 4 x 4)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Conv, 8, {3, 3, 3}), Shape{3, 8, 8}),
                       "conv: kernel has 3 values (3 x 3 x 3) but the input 3 x 8 x 8 is 2D (give 1 or 2)",
                       EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::MaxPool, 0, {2}, {2, 2, 2}), Shape{3, 8, 8}),
                       "maxpool: stride has 3 values (2 x 2 x 2) but the input 3 x 8 x 8 is 2D (give 1 or 2)",
                       EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Conv, 8, {3}), Shape{10}),
                       "conv: expects input C x H x W or C x T x H x W, got 10 (rank 1)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::AvgPool, 0, {2}), Shape{4, 10}),
                       "avgpool: expects input C x H x W or C x T x H x W, got 4 x 10 (rank 2)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Conv, 8, {3}), Shape{3, 0, 8}),
                       "conv: input 3 x 0 x 8 has a zero or negative size", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Conv, 0, {3}), Shape{3, 8, 8}),
                       "conv: output channels must be positive, got 0 (input 3 x 8 x 8)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::Dense, -2, {1}), Shape{7}),
                       "dense: units must be positive, got -2 (input 7)", EngineError);
  CHECK_THROWS_WITH_AS(mk(sdesc(LayerKind::MaxPool, 0, {3}, {1}, {2}), Shape{1, 8, 8}),
                       "maxpool: pad 2 x 2 must be at most half the kernel 3 x 3 (input 1 x 8 x 8)", EngineError);
  LayerDesc drop;
  drop.kind = LayerKind::Dropout;
  drop.dropout_p = 1.5f;
  CHECK_THROWS_WITH_AS(mk(drop, Shape{10}), "dropout: drop probability must be in [0, 1], got 1.5 (input 10)",
                       EngineError);
  LayerDesc bnd;
  bnd.kind = LayerKind::BatchNorm;
  CHECK_THROWS_WITH_AS(mk(bnd, Shape{2, 2, 2, 2, 2}),
                       "batchnorm: expects input D, C x H x W or C x T x H x W, got 2 x 2 x 2 x 2 x 2 (rank 5)",
                       EngineError);

  // Wrong input at run time, and batch norm training on a single value per channel.
  LayerDesc dd;
  dd.kind = LayerKind::Dense;
  dd.units = 3;
  auto dense = make_layer(dd, Shape{7});
  Tensor out;
  CHECK_THROWS_WITH_AS(dense->forward(Tensor(Shape{4, 6}), out, true), "dense: expected input N x 7, got 4 x 6",
                       EngineError);
  auto bn = make_layer(bnd, Shape{5});
  CHECK_THROWS_WITH_AS(bn->forward(Tensor(Shape{1, 5}), out, true),
                       "batchnorm: training needs more than 1 value per channel, got input 1 x 5", EngineError);
  bn->forward(Tensor(Shape{1, 5}), out, false);  // eval on one sample is fine
  auto conv = make_layer(sdesc(LayerKind::Conv, 2, {3}), Shape{1, 5, 5});
  conv->forward(Tensor(Shape{2, 1, 5, 5}), out, true);
  Tensor dinp;
  CHECK_THROWS_WITH_AS(conv->backward(Tensor(Shape{2, 2, 4, 4}), dinp),
                       "conv: dout 2 x 2 x 4 x 4 does not match output 2 x 2 x 3 x 3 of the last forward",
                       EngineError);
}

TEST_CASE("output sizes follow floor((in + 2p - k) / s) + 1") {
  CHECK(make_layer(sdesc(LayerKind::Conv, 6, {5}, {3}, {2}), Shape{3, 8, 7})->output_shape() == Shape{6, 3, 3});
  CHECK(make_layer(sdesc(LayerKind::Conv, 2, {2, 3, 2}, {2, 1, 2}, {0, 1, 1}), Shape{3, 5, 6, 4})->output_shape() ==
        Shape{2, 2, 6, 3});
  CHECK(make_layer(sdesc(LayerKind::MaxPool, 0, {3}, {2}, {1}), Shape{4, 7, 6})->output_shape() == Shape{4, 4, 3});
  CHECK(make_layer(sdesc(LayerKind::AvgPool, 0, {2}, {2}), Shape{2, 5, 5, 5})->output_shape() == Shape{2, 2, 2, 2});
  LayerDesc f;
  f.kind = LayerKind::Flatten;
  CHECK(make_layer(f, Shape{3, 4, 5})->output_shape() == Shape{60});
}

TEST_CASE("a second forward/backward on the same shapes reuses every buffer") {
  Rng rng(3);
  for (ConvAlgo algo : {ConvAlgo::Im2col, ConvAlgo::Implicit})
    for (const Shape& in : {Shape{3, 9, 8}, Shape{2, 4, 5, 5}}) {
      CAPTURE(static_cast<int>(algo));
      ConvAlgoScope scope(algo);
      Conv conv(sdesc(LayerKind::Conv, 4, {3}, {2}, {1}), in);
      REQUIRE(conv.implicit_gemm() == (algo == ConvAlgo::Implicit));
      conv.init_params(InitDesc{}, rng);
      Tensor x = test::random_tensor(in.with_batch(3), rng), out, dinp;
      conv.forward(x, out, true);
      conv.backward(out, dinp);
      // The implicit GEMM keeps the padded input instead of a column matrix.
      const Tensor& work = conv.implicit_gemm() ? conv.padded_input_workspace() : conv.col_workspace();
      const float *col = work.data(), *dcol = conv.dcol_workspace().data();
      const float *po = out.data(), *pd = dinp.data();
      REQUIRE(col != nullptr);
      REQUIRE(dcol != nullptr);
      CHECK(conv.col_workspace().size() ==
            (conv.implicit_gemm() ? 0 : conv.geom().col_rows() * conv.geom().out_size()));
      for (int step = 0; step < 3; ++step) {
        x = test::random_tensor(in.with_batch(3), rng);  // same shape, new values
        conv.forward(x, out, true);
        conv.backward(out, dinp);
        CHECK(work.data() == col);
        CHECK(conv.dcol_workspace().data() == dcol);
        CHECK(out.data() == po);
        CHECK(dinp.data() == pd);
      }
      // A smaller batch keeps the allocations too.
      conv.forward(test::random_tensor(in.with_batch(2), rng), out, true);
      conv.backward(out, dinp);
      CHECK(out.data() == po);
      CHECK(work.data() == col);
    }
}

TEST_CASE("the direct stride-1 kernels reuse their buffers between steps") {
  Rng rng(5);
  ConvAlgoScope scope(ConvAlgo::Implicit);
  Conv conv(sdesc(LayerKind::Conv, 6, {5}, {1}, {2}), Shape{3, 14, 14});
  REQUIRE(conv.direct());
  conv.init_params(InitDesc{}, rng);
  Tensor x = test::random_tensor(Shape{4, 3, 14, 14}, rng), out, dinp;
  conv.forward(x, out, true);
  conv.backward(out, dinp);
  const float *xp = conv.padded_input_workspace().data(), *po = out.data(), *pd = dinp.data();
  for (int step = 0; step < 3; ++step) {
    conv.forward(test::random_tensor(Shape{4, 3, 14, 14}, rng), out, true);
    conv.backward(out, dinp);
    CHECK(conv.padded_input_workspace().data() == xp);
    CHECK(out.data() == po);
    CHECK(dinp.data() == pd);
  }
  CHECK(conv.col_workspace().size() == 0);
  CHECK(conv.dcol_workspace().size() == 0);  // the input gradient is a convolution of the padded dout
}

TEST_CASE("both conv algorithms (im2col + gemm, implicit GEMM) equal the naive direct convolution") {
  Rng rng(17);
  struct Cfg {
    Shape in;
    int units;
    std::vector<int> k, s, p;
  };
  const Cfg cfgs[] = {{Shape{3, 11, 9}, 5, {3}, {1}, {1}},       {Shape{2, 10, 13}, 4, {4, 3}, {3, 2}, {2, 1}},
                      {Shape{4, 6, 6}, 3, {1}, {1}, {0}},        {Shape{3, 7, 8}, 2, {1}, {2}, {1}},
                      {Shape{2, 5, 7, 6}, 3, {3, 2, 3}, {1, 2, 2}, {1, 0, 1}}, {Shape{1, 3, 3, 3}, 2, {3}, {1}, {0}},
                      // Past the packed GEMM's blocks: K = 300 > KC, P = 2250 > NC (and > KC for dW).
                      {Shape{12, 10, 10}, 3, {5}, {1}, {2}},     {Shape{12, 45, 50}, 3, {5, 3}, {1}, {2, 1}},
                      // Stride-1 2D (the direct kernels): the CNN benchmarks' layers (C_in 1 and 3, rows of 14 =
                      // 8 + 6 outputs and 3 x 4 + 2 for the weight gradient), odd channel counts, pad 0 (the
                      // input gradient's pad q = k - 1 - p at its largest), a one-column output, and pad > k - 1
                      // (q < 0: the input gradient falls back to W^T dout + col2im).
                      {Shape{1, 28, 28}, 8, {5}, {1}, {2}},      {Shape{8, 14, 14}, 16, {5}, {1}, {2}},
                      {Shape{3, 32, 32}, 16, {3}, {1}, {1}},     {Shape{5, 9, 11}, 7, {2, 4}, {1}, {0}},
                      {Shape{3, 6, 3}, 3, {3}, {1}, {0}},        {Shape{2, 5, 6}, 3, {1, 2}, {1}, {1, 0}}};
  for (ConvAlgo algo : {ConvAlgo::Im2col, ConvAlgo::Implicit}) {
    for (const Cfg& c : cfgs) {
      CAPTURE(c.in.str());
      CAPTURE(static_cast<int>(algo));
      ConvAlgoScope scope(algo);
      Conv conv(sdesc(LayerKind::Conv, c.units, c.k, c.s, c.p), c.in);
      const bool stride1_2d = c.in.rank() == 3 && c.s.size() == 1 && c.s[0] == 1;
      CHECK(conv.direct() == (algo == ConvAlgo::Implicit && stride1_2d && !conv.geom().is_pointwise()));
      conv.init_params(InitDesc{InitKind::Gaussian, 0.5f}, rng);
      auto ps = conv.params();
      for (int64_t i = 0; i < ps[1]->value.size(); ++i) ps[1]->value[i] = rng.normal();
      const int n = 2;
      Tensor x = test::random_tensor(c.in.with_batch(n), rng), out, dinp;
      conv.forward(x, out, true);
      Tensor dout = test::random_tensor(out.shape(), rng);
      for (Param* p : ps) p->grad.zero();
      conv.backward(dout, dinp);

      const ConvGeom& g = conv.geom();
      const int64_t in_sz = g.C * g.in_size(), out_sz = c.units * g.out_size();
      Tensor ref_out(out.shape()), ref_dx(x.shape()), ref_dw(ps[0]->value.shape()), ref_db(ps[1]->value.shape());
      for (int i = 0; i < n; ++i) {
        conv_direct_ref(g, c.units, x.data() + i * in_sz, ps[0]->value.data(), ps[1]->value.data(),
                        ref_out.data() + i * out_sz);
        conv_direct_ref_backward(g, c.units, x.data() + i * in_sz, ps[0]->value.data(), dout.data() + i * out_sz,
                                 ref_dx.data() + i * in_sz, ref_dw.data(), ref_db.data());
      }
      // Sums of hundreds of O(1) terms: entries near zero are judged against 1% of the tensor's largest
      // (float rounding is absolute at the scale of the terms, not of their small sum).
      auto close = [](const char* what, const Tensor& got, const Tensor& want) {
        float scale = 0.0f;
        for (float v : want.vec()) scale = std::max(scale, std::fabs(v));
        test::check_close(what, got, want.vec(), 1e-4, false, std::max(1e-3, 1e-2 * scale));
      };
      close("direct conv output", out, ref_out);
      close("direct conv dinp", dinp, ref_dx);
      close("direct conv dweight", ps[0]->grad, ref_dw);
      close("direct conv dbias", ps[1]->grad, ref_db);
    }
  }
}

TEST_CASE("max pool ties: the first maximum in window order gets the gradient") {
  auto pool = make_layer(sdesc(LayerKind::MaxPool, 0, {2}, {1}), Shape{1, 2, 3});
  Tensor x(Shape{1, 1, 2, 3}, 1.0f), out, dinp;  // all equal: every window is a tie
  pool->forward(x, out, true);
  REQUIRE(out.shape() == Shape({1, 1, 1, 2}));
  pool->backward(Tensor(out.shape(), 1.0f), dinp);
  // Window 0 covers columns 0-1, window 1 columns 1-2: winners are (0,0) and (0,1).
  CHECK(dinp.vec() == std::vector<float>{1, 1, 0, 0, 0, 0});
  // Padding is -inf for max: an all-negative input never yields a padded 0.
  auto padded = make_layer(sdesc(LayerKind::MaxPool, 0, {3}, {1}, {1}), Shape{1, 2, 2});
  padded->forward(Tensor(Shape{1, 1, 2, 2}, -5.0f), out, true);
  for (float v : out.vec()) CHECK(v == -5.0f);
  // Average pooling counts the padding: a corner window of a 2x2 ones image sees 4 of 9 cells.
  auto avg = make_layer(sdesc(LayerKind::AvgPool, 0, {3}, {1}, {1}), Shape{1, 2, 2});
  avg->forward(Tensor(Shape{1, 1, 2, 2}, 1.0f), out, true);
  for (float v : out.vec()) CHECK(v == doctest::Approx(4.0 / 9.0));
}

TEST_CASE("dropout: inverted scaling, drop rate, seeding, identity in eval") {
  LayerDesc d;
  d.kind = LayerKind::Dropout;
  d.dropout_p = 0.3f;
  Dropout a(d, Shape{100, 100}), b(d, Shape{100, 100});
  Tensor x(Shape{1, 100, 100}, 2.0f), ya, yb, dx;
  a.set_seed(9);
  b.set_seed(9);
  a.forward(x, ya, true);
  b.forward(x, yb, true);
  CHECK(ya.vec() == yb.vec());
  int zeros = 0, bad_scale = 0;
  for (float v : ya.vec()) {
    if (v == 0.0f) ++zeros;
    else if (std::fabs(v - 2.0f / 0.7f) > 1e-5f) ++bad_scale;
  }
  CHECK(bad_scale == 0);
  CHECK(std::fabs(zeros / 10000.0 - 0.3) < 0.02);
  b.set_seed(10);
  b.forward(x, yb, true);
  CHECK(ya.vec() != yb.vec());
  a.backward(Tensor(x.shape(), 1.0f), dx);
  int bad_grad = 0;
  for (int64_t i = 0; i < dx.size(); ++i)
    bad_grad += std::fabs(dx[i] - (ya[i] == 0.0f ? 0.0f : 1.0f / 0.7f)) > 1e-5f ? 1 : 0;
  CHECK(bad_grad == 0);
  a.forward(x, ya, false);
  CHECK(ya.vec() == x.vec());
  d.dropout_p = 1.0f;
  Dropout all(d, Shape{10});
  all.forward(Tensor(Shape{2, 10}, 3.0f), ya, true);
  for (float v : ya.vec()) CHECK(v == 0.0f);
}

TEST_CASE("initialisers: std per fan_in / fan_out, zero biases, BN gamma 1 beta 0, decay flags") {
  LayerDesc dd;
  dd.kind = LayerKind::Dense;
  dd.units = 200;
  auto dense = make_layer(dd, Shape{300});
  auto conv = make_layer(sdesc(LayerKind::Conv, 16, {5}), Shape{3, 12, 12});  // fan_in 75, fan_out 400
  struct Want {
    InitDesc init;
    double dense_std, conv_std;
  };
  const Want wants[] = {{{InitKind::Gaussian, 0.05f}, 0.05, 0.05},
                        {{InitKind::Xavier, 0}, std::sqrt(2.0 / 500), std::sqrt(2.0 / 475)},
                        {{InitKind::Kaiming, 0}, std::sqrt(2.0 / 300), std::sqrt(2.0 / 75)},
                        {{InitKind::Zeros, 0}, 0.0, 0.0}};
  for (const Want& w : wants) {
    CAPTURE(init_kind_name(w.init.kind));
    Rng rng(4);
    for (auto* layer : {dense.get(), conv.get()}) {
      for (Param* p : layer->params()) p->value.fill(7.0f);
      layer->init_params(w.init, rng);
      auto ps = layer->params();
      REQUIRE(ps.size() == 2);
      const double want = layer == dense.get() ? w.dense_std : w.conv_std;
      CHECK(sample_std(ps[0]->value) == doctest::Approx(want).epsilon(0.06));
      CHECK(ps[0]->decay);
      CHECK_FALSE(ps[1]->decay);
      CHECK(std::count(ps[1]->value.vec().begin(), ps[1]->value.vec().end(), 0.0f) == ps[1]->value.size());
      if (w.init.kind == InitKind::Zeros)
        CHECK(std::count(ps[0]->value.vec().begin(), ps[0]->value.vec().end(), 0.0f) == ps[0]->value.size());
    }
  }
  LayerDesc bd;
  bd.kind = LayerKind::BatchNorm;
  auto bn = make_layer(bd, Shape{4, 3, 3});
  for (Param* p : bn->params()) p->value.fill(5.0f);
  Rng rng(1);
  bn->init_params(InitDesc{}, rng);
  auto ps = bn->params();
  REQUIRE(ps.size() == 2);
  CHECK(ps[0]->name == "gamma");
  CHECK(ps[1]->name == "beta");
  for (Param* p : ps) CHECK_FALSE(p->decay);
  for (float v : ps[0]->value.vec()) CHECK(v == 1.0f);
  for (float v : ps[1]->value.vec()) CHECK(v == 0.0f);
  auto bufs = bn->buffers();
  REQUIRE(bufs.size() == 2);
  CHECK(bufs[0].first == "running_mean");
  CHECK(bufs[1].first == "running_var");
}

TEST_CASE("ELU alpha is elu_alpha (default 1, 0.01 allowed); leaky slope is act_param") {
  LayerDesc d;
  d.kind = LayerKind::Activation;
  d.act = ActKind::ELU;
  CHECK(d.elu_alpha == 1.0f);
  Tensor x(Shape{1, 1}, -1.0f), y;
  make_layer(d, Shape{1})->forward(x, y, true);
  CHECK(y[0] == doctest::Approx(std::expm1(-1.0)));
  d.elu_alpha = 0.5f;
  make_layer(d, Shape{1})->forward(x, y, true);
  CHECK(y[0] == doctest::Approx(0.5 * std::expm1(-1.0)));
  d.elu_alpha = 0.01f;  // LeakyReLU's default slope, once mistaken for "alpha not given"
  make_layer(d, Shape{1})->forward(x, y, true);
  CHECK(y[0] == doctest::Approx(0.01 * std::expm1(-1.0)));
  d.act_param = 0.5f;  // the LeakyReLU slope does not touch ELU
  make_layer(d, Shape{1})->forward(x, y, true);
  CHECK(y[0] == doctest::Approx(0.01 * std::expm1(-1.0)));
  d.act = ActKind::LeakyReLU;
  d.act_param = LayerDesc{}.act_param;
  make_layer(d, Shape{1})->forward(x, y, true);
  CHECK(y[0] == doctest::Approx(-0.01));
}

TEST_CASE("make_layer covers every kind and delegates formula and recurrent layers") {
  for (int k = 0; k < static_cast<int>(LayerKind::Count); ++k) {
    LayerDesc d;
    d.kind = static_cast<LayerKind>(k);
    d.units = 3;
    d.kernel = {2};
    Shape in = Shape{2, 4, 4};
    if (d.kind == LayerKind::RNN || d.kind == LayerKind::LSTM || d.kind == LayerKind::GRU) in = Shape{5, 4};
    if (d.kind == LayerKind::Frames) in = Shape{2, 3, 4, 4};
    CAPTURE(layer_kind_name(d.kind));
    auto layer = make_layer(d, in);
    REQUIRE(layer != nullptr);
    CHECK(layer->kind() == d.kind);
  }
  LayerDesc f;
  f.kind = LayerKind::Activation;
  f.act = ActKind::Formula;
  f.formula = "relu(-x)";
  auto layer = make_layer(f, Shape{3});
  CHECK(layer->kind() == LayerKind::Activation);
  Tensor x(Shape{1, 3}), y;
  x.vec() = {-2.0f, 0.5f, 3.0f};
  layer->forward(x, y, true);
  CHECK(y.vec() == std::vector<float>{2.0f, 0.0f, 0.0f});
}
