// Feed-forward layers against PyTorch (tests/reference/cases/layer_*.json, written by gen_layers.py) and
// central-difference gradient checks of every layer in several configurations (odd sizes, stride 2, padding,
// kernels that do not tile the input, 3D, batch > 1, train and eval). Errors and workspaces: test_layers_misc.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/core/check.h"
#include "engine/layers/batch_norm.h"
#include "engine/layers/layer.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {

template <class Kind, class NameFn>
Kind kind_by_name(const std::string& name, Kind count, NameFn fn) {
  for (int i = 0; i < static_cast<int>(count); ++i)
    if (name == fn(static_cast<Kind>(i))) return static_cast<Kind>(i);
  throw EngineError("golden case: unknown kind " + name);
}

LayerDesc desc_from_json(const Json& j) {
  LayerDesc d;
  d.kind = kind_by_name(j["kind"].str(), LayerKind::Count, layer_kind_name);
  d.units = static_cast<int>(j.get("units", 0.0));
  if (j.has("kernel")) d.kernel = j["kernel"].ints();
  if (j.has("stride")) d.stride = j["stride"].ints();
  if (j.has("pad")) d.pad = j["pad"].ints();
  if (j.has("bias")) d.bias = j["bias"].as_bool();
  if (j.has("act")) d.act = kind_by_name(j["act"].str(), ActKind::Count, act_kind_name);
  // The golden files keep one "act_param" key: LeakyReLU's slope or ELU's alpha.
  if (j.has("act_param"))
    (d.act == ActKind::ELU ? d.elu_alpha : d.act_param) = static_cast<float>(j["act_param"].num());
  if (j.has("dropout_p")) d.dropout_p = static_cast<float>(j["dropout_p"].num());
  return d;
}

// Layer whose params are drawn N(0, 0.5^2) (BN: gamma around 1), so gradient checks see non-trivial weights.
std::unique_ptr<Layer> build(const LayerDesc& d, const Shape& in, uint64_t seed = 5) {
  auto layer = make_layer(d, in);
  Rng rng(seed);
  layer->init_params(InitDesc{InitKind::Gaussian, 0.5f}, rng);
  for (Param* p : layer->params())
    if (p->name == "bias" || p->name == "beta" || p->name == "gamma")
      for (int64_t i = 0; i < p->value.size(); ++i) p->value[i] = (p->name == "gamma" ? 1.0f : 0.0f) + 0.3f * rng.normal();
  return layer;
}

// Distinct values 0.05 apart in random order: no max-pool ties or near-ties within the checker's step.
Tensor distinct_tensor(const Shape& s, Rng& rng) {
  Tensor t(s);
  for (int64_t i = 0; i < t.size(); ++i) t[i] = 0.05f * static_cast<float>(i) - 0.025f * static_cast<float>(t.size());
  for (int64_t i = t.size() - 1; i > 0; --i) std::swap(t[i], t[static_cast<int64_t>(rng.below(uint32_t(i + 1)))]);
  return t;
}

// Normal values pushed at least 0.1 away from 0 (kinks of relu / leaky relu / elu).
Tensor away_from_zero(const Shape& s, Rng& rng) {
  Tensor t = test::random_tensor(s, rng);
  for (int64_t i = 0; i < t.size(); ++i) t[i] = t[i] >= 0 ? t[i] + 0.1f : t[i] - 0.1f;
  return t;
}

LayerDesc spatial_desc(LayerKind kind, int units, std::vector<int> k, std::vector<int> s, std::vector<int> p,
                       bool bias = true) {
  LayerDesc d;
  d.kind = kind;
  d.units = units;
  d.kernel = std::move(k);
  d.stride = std::move(s);
  d.pad = std::move(p);
  d.bias = bias;
  return d;
}

}  // namespace

TEST_CASE("layers match PyTorch golden cases (forward, dinp, param grads, running stats)") {
  const auto names = test::list_golden("layer_");
  REQUIRE(names.size() >= 33);
  for (const std::string& name : names) {
    CAPTURE(name);
    const Json j = test::load_golden(name);
    const LayerDesc desc = desc_from_json(j["desc"]);
    const bool train = j["desc"]["train"].as_bool();
    const Tensor inp = test::tensor_from_json(j["input"]);
    auto layer = make_layer(desc, inp.shape().drop_batch());
    const auto params = layer->params();
    REQUIRE(params.size() == j["params"].size());
    for (Param* p : params) {
      REQUIRE(j["params"].has(p->name));
      Tensor v = test::tensor_from_json(j["params"][p->name]);
      REQUIRE(v.shape() == p->value.shape());
      p->value = v;
      p->grad.zero();
    }
    if (j.has("buffers_init")) {
      auto* bn = dynamic_cast<BatchNorm*>(layer.get());
      REQUIRE(bn != nullptr);
      bn->running_mean() = test::tensor_from_json(j["buffers_init"]["running_mean"]);
      bn->running_var() = test::tensor_from_json(j["buffers_init"]["running_var"]);
    }
    Tensor out, dinp;
    layer->forward(inp, out, train);
    const Tensor want_out = test::tensor_from_json(j["output"]);
    REQUIRE(out.shape() == want_out.shape());
    CHECK(out.shape().drop_batch() == layer->output_shape());
    test::check_close(name + " output", out, want_out.vec(), 1e-4);
    layer->backward(test::tensor_from_json(j["dout"]), dinp);
    REQUIRE(dinp.shape() == inp.shape());
    test::check_close(name + " dinp", dinp, test::tensor_from_json(j["dinp"]).vec(), 1e-4);
    for (Param* p : params)
      test::check_close(name + " d" + p->name, p->grad, test::tensor_from_json(j["grads"][p->name]).vec(), 1e-4);
    if (j.has("buffers")) {
      const auto bufs = layer->buffers();
      REQUIRE(bufs.size() == 2);
      for (const auto& [bname, t] : bufs)
        test::check_close(name + " " + bname, *t, test::tensor_from_json(j["buffers"][bname]).vec(), 1e-4);
    }
  }
  MESSAGE("layer golden checks: " << test::golden_stats().cases << " tensors, worst relative error "
                                  << test::golden_stats().worst << " (" << test::golden_stats().worst_where << ")");
}

TEST_CASE("dense gradients") {
  Rng rng(11);
  LayerDesc d;
  d.kind = LayerKind::Dense;
  d.units = 5;
  auto a = build(d, Shape{7});
  test::check_layer_grads(*a, test::random_tensor(Shape{4, 7}, rng));
  d.units = 3;
  d.bias = false;
  auto b = build(d, Shape{2, 3, 3});  // flattened 18 -> 3, batch 1
  test::check_layer_grads(*b, test::random_tensor(Shape{1, 2, 3, 3}, rng));
}

TEST_CASE("conv gradients: 2D and 3D, stride, padding, non-tiling and 1x1 kernels") {
  struct Cfg {
    Shape in;
    int units;
    std::vector<int> k, s, p;
    bool bias;
    int n;
  };
  const Cfg cfgs[] = {
      {Shape{3, 7, 6}, 4, {3}, {1}, {1}, true, 2},             // same padding, odd sizes
      {Shape{2, 9, 8}, 3, {3, 2}, {2}, {1, 0}, true, 2},       // rect kernel, stride 2, per-axis pad
      {Shape{2, 8, 7}, 2, {5}, {3}, {2}, false, 3},            // stride does not tile the input
      {Shape{4, 5, 5}, 3, {1}, {1}, {0}, true, 2},             // pointwise (skips im2col)
      {Shape{3, 6, 6}, 2, {1}, {2}, {0}, true, 1},             // 1x1 with stride 2 (not pointwise)
      {Shape{2, 3, 4, 4}, 3, {3}, {1}, {1}, true, 2},          // 3D same padding
      {Shape{3, 5, 6, 4}, 2, {2, 3, 2}, {2, 1, 2}, {0, 1, 1}, true, 1},  // 3D per-axis everything
      {Shape{1, 4, 5, 5}, 2, {3}, {2}, {0}, false, 2},         // 3D stride 2, no bias
  };
  int i = 0;
  for (const Cfg& c : cfgs) {
    CAPTURE(i++);
    Rng rng(20 + i);
    auto layer = build(spatial_desc(LayerKind::Conv, c.units, c.k, c.s, c.p, c.bias), c.in);
    test::check_layer_grads(*layer, test::random_tensor(c.in.with_batch(c.n), rng));
  }
}

TEST_CASE("pool gradients: max and average, 2D and 3D, padding and non-tiling windows") {
  struct Cfg {
    Shape in;
    std::vector<int> k, s, p;
  };
  const Cfg cfgs[] = {
      {Shape{2, 6, 6}, {2}, {2}, {0}},
      {Shape{2, 7, 7}, {3}, {2}, {1}},
      {Shape{3, 5, 6}, {3, 2}, {1, 2}, {1, 0}},
      {Shape{1, 7, 5}, {4}, {3}, {2}},                 // windows overlap the edge, do not tile
      {Shape{2, 4, 4, 4}, {2}, {2}, {0}},
      {Shape{2, 5, 6, 5}, {3}, {2}, {1}},
      {Shape{1, 4, 5, 5}, {2, 3, 3}, {1, 2, 2}, {1, 1, 1}},
  };
  int i = 0;
  for (LayerKind kind : {LayerKind::MaxPool, LayerKind::AvgPool})
    for (const Cfg& c : cfgs) {
      CAPTURE(i++);
      Rng rng(40 + i);
      auto layer = build(spatial_desc(kind, 0, c.k, c.s, c.p), c.in);
      test::check_layer_grads(*layer, distinct_tensor(c.in.with_batch(2), rng));
    }
}

TEST_CASE("batchnorm gradients in train and eval, features / 2D / 3D") {
  int i = 0;
  for (const Shape& in : {Shape{5}, Shape{3, 4, 3}, Shape{2, 3, 2, 3}, Shape{2, 5}}) {
    for (bool train : {true, false}) {
      CAPTURE(i++);
      Rng rng(60 + i);
      LayerDesc d;
      d.kind = LayerKind::BatchNorm;
      auto layer = build(d, in);
      auto* bn = dynamic_cast<BatchNorm*>(layer.get());
      for (int c = 0; c < in[0]; ++c) {
        bn->running_mean()[c] = 0.3f * rng.normal();
        bn->running_var()[c] = 0.5f + std::fabs(rng.normal());
      }
      test::GradCheckDesc g;
      g.train = train;
      test::check_layer_grads(*layer, test::random_tensor(in.with_batch(4), rng, 1.5f), g);
    }
  }
}

TEST_CASE("dropout, flatten and activation gradients") {
  Rng rng(80);
  LayerDesc d;
  d.kind = LayerKind::Dropout;
  for (float p : {0.0f, 0.3f, 0.7f}) {
    d.dropout_p = p;
    for (bool train : {true, false}) {
      CAPTURE(p);
      CAPTURE(train);
      auto layer = build(d, Shape{3, 5});
      test::GradCheckDesc g;
      g.train = train;
      test::check_layer_grads(*layer, test::random_tensor(Shape{4, 3, 5}, rng), g);
    }
  }
  d.kind = LayerKind::Flatten;
  auto flat = build(d, Shape{2, 3, 4});
  test::check_layer_grads(*flat, test::random_tensor(Shape{3, 2, 3, 4}, rng));

  d.kind = LayerKind::Activation;
  for (int a = 0; a < static_cast<int>(ActKind::Formula); ++a)
    for (float param : {LayerDesc{}.act_param, 0.3f}) {
      d.act = static_cast<ActKind>(a);
      d.act_param = d.elu_alpha = param;
      CAPTURE(act_kind_name(d.act));
      CAPTURE(param);
      auto layer = build(d, Shape{4, 3});
      test::check_layer_grads(*layer, away_from_zero(Shape{3, 4, 3}, rng));
    }
}
