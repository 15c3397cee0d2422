// Model against the inspector: the engine layers a spec builds have the output shapes and parameter counts
// the summary computed from the spec alone; forward / backward run end to end; init is seeded.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/model/model.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {

const char* const kSpecs[] = {
    "INPUT 3 x 16 x 16, CONV5-6-p2-s1, POOL2, CONV3-8-s2, BN, AVGPOOL2-s1, DROPOUT-0.2, FC-12, TANH, FC-4, SVM",
    "INPUT 2 x 4 x 12 x 12, CONV(3x1x1)-4-p(1,0,0), CONV3-4-p1-s(1,2,2), BN, POOL(1x2x2), FLATTEN, FC-3",
    "INPUT SEQ 6 x 3, LSTM-5-seq, GRU-4-seq, RNN-3, FC-2, MSE",
    "INPUT 5, FC-8, BN, LEAKYRELU-0.1, FC-8, ELU, FC-6, GELU, FC-6, ACT(x*sigmoid(x)), FC-1, BCE",
};

Tensor targets_for(const ModelSpec& spec, const Shape& out, int n, Rng& rng) {
  if (spec.loss.kind == LossKind::SoftmaxCE || spec.loss.kind == LossKind::SVM) {
    Tensor t(Shape{n});
    for (int i = 0; i < n; ++i) t[i] = static_cast<float>(rng.below(static_cast<uint32_t>(out[0])));
    return t;
  }
  Tensor t(out.with_batch(n));
  for (int64_t i = 0; i < t.size(); ++i)
    t[i] = spec.loss.kind == LossKind::BCEWithLogits ? static_cast<float>(rng.below(2)) : rng.normal();
  return t;
}

}  // namespace

TEST_CASE("model: built layers agree with the summary's shapes and parameter counts") {
  for (const char* text : kSpecs) {
    INFO("spec: " << text);
    ModelSpec spec = parse_spec_or_throw(text);
    SummaryResult sum = summarize_spec(spec, 4, false);
    REQUIRE(sum.ok());
    Model model(spec);
    std::vector<int64_t> params(spec.rows.size(), 0), running(spec.rows.size(), 0);
    int64_t engine_floats = spec.input.numel();
    for (int i = 0; i < model.num_layers(); ++i) {
      int row = model.layer_row(i);
      INFO("engine layer " << i << " (" << layer_kind_name(model.layer(i).kind()) << ") of row " << row << " "
                           << spec.rows[static_cast<size_t>(row)].text);
      CHECK(model.layer(i).output_shape() == sum.summary.rows[static_cast<size_t>(row)].output_shape);
      for (Param* p : model.layer(i).params()) params[static_cast<size_t>(row)] += p->value.size();
      for (const auto& b : model.layer(i).buffers()) running[static_cast<size_t>(row)] += b.second->size();
      engine_floats += model.layer(i).output_shape().numel();
    }
    int64_t total = 0;
    for (size_t r = 0; r < spec.rows.size(); ++r) {
      INFO("row " << r << " " << spec.rows[r].text);
      CHECK(params[r] == sum.summary.rows[r].params());
      CHECK(running[r] == sum.summary.rows[r].bn_running);
      total += params[r];
    }
    CHECK(total == sum.summary.total_params);
    CHECK(engine_floats == sum.summary.activation_floats);
    CHECK(model.output_shape() == sum.summary.rows[spec.has_loss_row ? spec.rows.size() - 2 : spec.rows.size() - 1].output_shape);
  }
}

TEST_CASE("model: forward and backward run and produce gradients") {
  for (const char* text : kSpecs) {
    INFO("spec: " << text);
    ModelSpec spec = parse_spec_or_throw(text);
    Model model(spec);
    model.init_params(InitDesc{}, 11);
    Rng rng(5);
    const int n = 4;
    Tensor x = test::random_tensor(spec.input.with_batch(n), rng);
    const Tensor& scores = model.forward(x, true);
    CHECK(scores.shape() == model.output_shape().with_batch(n));
    for (int i = 0; i < model.num_layers(); ++i)
      CHECK(model.activation(i).shape() == model.layer(i).output_shape().with_batch(n));
    Tensor t = targets_for(spec, model.output_shape(), n, rng);
    float loss = model.backward(t);
    CHECK(std::isfinite(loss));
    CHECK(loss > 0.0f);
    double grad_norm = 0;
    for (Param* p : model.params())
      for (int64_t k = 0; k < p->grad.size(); ++k) grad_norm += static_cast<double>(p->grad[k]) * p->grad[k];
    CHECK(grad_norm > 0.0);
    CHECK(std::isfinite(grad_norm));
    // Further steps reuse the buffers and zero the grads first: in eval mode (no dropout, BN running stats)
    // the same batch gives the same loss and grads twice, not accumulated ones.
    auto grads = [&] {
      std::vector<float> g;
      for (Param* p : model.params()) g.insert(g.end(), p->grad.vec().begin(), p->grad.vec().end());
      return g;
    };
    model.forward(x, false);
    float loss2 = model.backward(t);
    std::vector<float> g2 = grads();
    model.forward(x, false);
    float loss3 = model.backward(t);
    CHECK(loss2 == loss3);
    CHECK(grads() == g2);
  }
}

TEST_CASE("model: the backward pass matches a numeric gradient of the loss (softmax MLP)") {
  ModelSpec spec = parse_spec_or_throw("INPUT 3, FC-4, TANH, FC-3, SOFTMAX");
  Model model(spec);
  model.init_params(InitDesc{InitKind::Gaussian, 0.5f}, 3);
  Rng rng(9);
  Tensor x = test::random_tensor(Shape{5, 3}, rng);
  Tensor t(Shape{5});
  for (int i = 0; i < 5; ++i) t[i] = static_cast<float>(i % 3);
  model.forward(x, true);
  model.backward(t);
  Param* w = model.params()[0];
  Tensor dscratch;
  for (int64_t k = 0; k < w->value.size(); k += 3) {
    float orig = w->value[k];
    const float eps = 1e-2f;
    Tensor d;
    w->value[k] = orig + eps;
    double lp = loss_forward_backward(spec.loss, model.forward(x, true), t, d);
    w->value[k] = orig - eps;
    double lm = loss_forward_backward(spec.loss, model.forward(x, true), t, d);
    w->value[k] = orig;
    double numeric = (lp - lm) / (2 * eps);
    CHECK(test::rel_err(w->grad[k], numeric, 1e-2) < 2e-2);
  }
}

TEST_CASE("model: init is seeded and every layer gets its own stream") {
  ModelSpec spec = parse_spec_or_throw("INPUT 4, FC-4, FC-4, FC-2");
  Model a(spec), b(spec), c(spec);
  a.init_params(InitDesc{}, 42);
  b.init_params(InitDesc{}, 42);
  c.init_params(InitDesc{}, 43);
  auto pa = a.params(), pb = b.params(), pc = c.params();
  REQUIRE(pa.size() == 6);
  CHECK(pa[0]->value.vec() == pb[0]->value.vec());
  CHECK(pa[4]->value.vec() == pb[4]->value.vec());
  CHECK(pa[0]->value.vec() != pc[0]->value.vec());
  CHECK(pa[0]->value.vec() != pa[2]->value.vec());  // same shape, different sub-seed
}

TEST_CASE("model: errors name the row") {
  ModelSpec spec = parse_spec_or_throw("INPUT 3 x 8 x 8, CONV3-4, FC-2");
  spec.rows[1].desc.kernel = {9};  // made impossible after parsing
  CHECK_THROWS_WITH_AS(Model{spec}, "line 1, col 18: CONV3-4: output height would be 0 (input 3 x 8 x 8, kernel 9, pad 0, stride 1)",
                       SpecException);
  Model m(parse_spec_or_throw("INPUT 3, FC-2"));
  Tensor bad(Shape{2, 4});
  CHECK_THROWS_WITH_AS(m.forward(bad, true), "Model::forward: input is 2 x 4, expected N x 3", EngineError);
}

TEST_CASE("model: an unfinished network parses but is not built for training") {
  ModelSpec spec = parse_spec_or_throw("INPUT 3 x 8 x 8, CONV3-4");
  CHECK_THROWS_WITH_AS(Model{spec},
                       "line 1, col 18: CONV3-4: cannot be trained yet: the network ends with 4 x 6 x 6 but the default "
                       "loss SOFTMAX needs a vector of class scores; end with FC-<classes> (or write MSE)",
                       SpecException);
  CHECK_THROWS_AS(Model{parse_spec_or_throw("INPUT 3")}, SpecException);
}
