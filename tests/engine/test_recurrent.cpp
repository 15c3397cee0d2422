// Recurrent layers (RNN, LSTM, GRU): finite-difference gradient checks over several shapes, PyTorch golden
// cases (tests/reference/gen_recurrent.py), parameter layout, init, error messages, and the per-step
// hidden-gradient norms behind the vanishing-gradient view.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/core/check.h"
#include "engine/layers/recurrent.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {

LayerDesc rnn_desc(LayerKind kind, int units, bool seq) {
  LayerDesc d;
  d.kind = kind;
  d.units = units;
  d.return_sequences = seq;
  return d;
}

RecurrentLayer& as_recurrent(std::unique_ptr<Layer>& l) {
  auto* r = dynamic_cast<RecurrentLayer*>(l.get());
  REQUIRE(r != nullptr);
  return *r;
}

// Every parameter (biases included) random, so no gate sits at a trivial value.
void randomize_params(Layer& layer, Rng& rng, float scale) {
  for (Param* p : layer.params())
    for (int64_t i = 0; i < p->value.size(); ++i) p->value[i] = scale * rng.normal();
}

}  // namespace

TEST_CASE("recurrent layers pass the finite-difference gradient check") {
  struct Config {
    int N, T, D, H;
    bool seq;
  };
  const Config configs[] = {{1, 1, 3, 2, false}, {3, 1, 2, 3, true}, {3, 5, 4, 3, true},
                            {3, 5, 5, 7, false}, {1, 5, 1, 1, true}, {2, 6, 3, 5, false}};
  Rng rng(11);
  for (LayerKind kind : {LayerKind::RNN, LayerKind::LSTM, LayerKind::GRU}) {
    for (const Config& c : configs) {
      CAPTURE(layer_kind_name(kind));
      CAPTURE(c.N);
      CAPTURE(c.T);
      CAPTURE(c.D);
      CAPTURE(c.H);
      CAPTURE(c.seq);
      auto layer = make_recurrent(rnn_desc(kind, c.H, c.seq), Shape{c.T, c.D});
      randomize_params(*layer, rng, 0.5f);
      Tensor inp = test::random_tensor(Shape{c.N, c.T, c.D}, rng);
      test::check_layer_grads(*layer, inp, {.eps = 1e-2f, .tol = 2e-2, .max_checks = 60, .seed = 5});
    }
  }
}

TEST_CASE("recurrent layers match PyTorch nn.RNN / nn.LSTM / nn.GRU goldens") {
  for (const char* prefix : {"rnn_", "lstm_", "gru_"}) {
    std::vector<std::string> names = test::list_golden(prefix);
    REQUIRE_MESSAGE(names.size() >= 4, "missing golden cases for ", prefix, ": run tests/reference/gen_recurrent.py");
    for (const std::string& name : names) {
      CAPTURE(name);
      Json g = test::load_golden(name);
      const std::string kind = g["kind"].str();
      const LayerKind lk = kind == "rnn" ? LayerKind::RNN : kind == "lstm" ? LayerKind::LSTM : LayerKind::GRU;
      REQUIRE(kind == std::string(layer_kind_name(lk)));
      auto layer = make_recurrent(rnn_desc(lk, g["H"].as_int(), g["return_sequences"].as_bool()),
                                  Shape{g["T"].as_int(), g["D"].as_int()});
      for (Param* p : layer->params()) {
        p->value = test::tensor_from_json(g[p->name]);
        p->grad.zero();
      }
      Tensor inp = test::tensor_from_json(g["input"]), out, dinp;
      layer->forward(inp, out, true);
      Tensor want_out = test::tensor_from_json(g["output"]);
      REQUIRE(out.shape() == want_out.shape());
      test::check_close(name + " output", out, want_out.vec(), 1e-4);
      layer->backward(test::tensor_from_json(g["dout"]), dinp);
      REQUIRE(dinp.shape() == inp.shape());
      test::check_close(name + " dinp", dinp, g["dinp"]["data"].floats(), 1e-4);
      for (Param* p : layer->params())
        test::check_close(name + " d" + p->name, p->grad, g["grad_" + p->name]["data"].floats(), 1e-4);
    }
  }
}

TEST_CASE("recurrent parameters follow PyTorch's layout, accumulate grads and initialise per InitDesc") {
  auto lstm = make_recurrent(rnn_desc(LayerKind::LSTM, 20, false), Shape{7, 10});
  CHECK(lstm->kind() == LayerKind::LSTM);
  CHECK(lstm->output_shape() == Shape{20});
  auto ps = lstm->params();
  REQUIRE(ps.size() == 4);
  CHECK(ps[0]->name == "weight_ih");
  CHECK(ps[0]->value.shape() == Shape{80, 10});
  CHECK(ps[1]->name == "weight_hh");
  CHECK(ps[1]->value.shape() == Shape{80, 20});
  CHECK(ps[2]->name == "bias_ih");
  CHECK(ps[3]->name == "bias_hh");
  CHECK(ps[0]->decay);
  CHECK_FALSE(ps[2]->decay);
  CHECK_FALSE(ps[3]->decay);
  int64_t count = 0;
  for (Param* p : ps) count += p->value.size();
  CHECK(count == 2560);  // sum(p.numel() for p in nn.LSTM(10, 20).parameters())
  auto gru = make_recurrent(rnn_desc(LayerKind::GRU, 4, true), Shape{3, 2});
  CHECK(gru->output_shape() == Shape{3, 4});
  CHECK(gru->params()[1]->value.shape() == Shape{12, 4});
  CHECK(as_recurrent(gru).gates() == 3);

  // Kaiming: N(0, 2 / fan_in) with fan_in = D for weight_ih and H for weight_hh; biases zero.
  // Xavier: N(0, 2 / (fan_in + fan_out)) with fan_out = G*H.
  auto big = make_recurrent(rnn_desc(LayerKind::GRU, 64, false), Shape{4, 16});
  Rng rng(3);
  big->init_params({InitKind::Kaiming, 0.01f}, rng);
  auto std_of = [](const Tensor& t) {
    double s2 = 0;
    for (int64_t i = 0; i < t.size(); ++i) s2 += double(t[i]) * t[i];
    return std::sqrt(s2 / double(t.size()));
  };
  auto bp = big->params();
  CHECK(std_of(bp[0]->value) == doctest::Approx(std::sqrt(2.0 / 16)).epsilon(0.05));
  CHECK(std_of(bp[1]->value) == doctest::Approx(std::sqrt(2.0 / 64)).epsilon(0.05));
  CHECK(std_of(bp[2]->value) == 0.0);
  big->init_params({InitKind::Xavier, 0.01f}, rng);
  CHECK(std_of(bp[1]->value) == doctest::Approx(std::sqrt(2.0 / (64 + 192))).epsilon(0.05));  // Glorot
  as_recurrent(big).init_params_pytorch(rng);
  for (Param* p : bp)
    for (int64_t i = 0; i < p->value.size(); ++i) REQUIRE(std::fabs(p->value[i]) <= 1.0f / 8.0f);
  CHECK(std_of(bp[3]->value) == doctest::Approx(0.125 / std::sqrt(3.0)).epsilon(0.15));

  // Gradients accumulate across backward() calls (the trainer zeroes them).
  auto rnn = make_recurrent(rnn_desc(LayerKind::RNN, 3, true), Shape{4, 2});
  randomize_params(*rnn, rng, 0.5f);
  Tensor inp = test::random_tensor(Shape{2, 4, 2}, rng), out, dinp;
  rnn->forward(inp, out, true);
  Tensor dout = test::random_tensor(out.shape(), rng);
  for (Param* p : rnn->params()) p->grad.zero();
  rnn->backward(dout, dinp);
  Tensor once = rnn->params()[1]->grad;
  rnn->backward(dout, dinp);
  const Tensor& twice = rnn->params()[1]->grad;
  for (int64_t i = 0; i < once.size(); ++i) CHECK(twice[i] == doctest::Approx(2.0f * once[i]));
}

TEST_CASE("recurrent layers reject impossible configurations with a message naming the shapes") {
  CHECK_THROWS_WITH_AS(make_recurrent(rnn_desc(LayerKind::LSTM, 8, false), Shape{3, 32, 32}),
                       "lstm: expects T x D input per sample, got 3 x 32 x 32", EngineError);
  CHECK_THROWS_WITH_AS(make_recurrent(rnn_desc(LayerKind::GRU, 0, false), Shape{5, 8}),
                       "gru: hidden size (units) must be positive, got 0 (input 5 x 8)", EngineError);
  CHECK_THROWS_WITH_AS(make_recurrent(rnn_desc(LayerKind::Dense, 4, false), Shape{5, 8}),
                       "recurrent: layer kind dense is not rnn, lstm or gru (input 5 x 8)", EngineError);
  auto rnn = make_recurrent(rnn_desc(LayerKind::RNN, 4, false), Shape{5, 8});
  Tensor out, dinp;
  CHECK_THROWS_WITH_AS(rnn->backward(Tensor(Shape{2, 4}), dinp), "rnn: backward() called before forward()",
                       EngineError);
  CHECK_THROWS_WITH_AS(rnn->forward(Tensor(Shape{2, 6, 8}), out, true),
                       "rnn: built for input 5 x 8 per sample, got a batch of shape 2 x 6 x 8", EngineError);
  rnn->forward(Tensor(Shape{2, 5, 8}), out, true);
  CHECK(out.shape() == Shape{2, 4});
  CHECK_THROWS_WITH_AS(rnn->backward(Tensor(Shape{2, 5, 4}), dinp),
                       "rnn: dout of shape 2 x 5 x 4 does not match the output 2 x 4", EngineError);
}

TEST_CASE("hidden-gradient norms: small weights make the RNN's gradient vanish back through time") {
  const int N = 2, T = 30, D = 4, H = 16;
  Rng rng(21);
  Tensor inp = test::random_tensor(Shape{N, T, D}, rng);

  auto rnn = make_recurrent(rnn_desc(LayerKind::RNN, H, false), Shape{T, D});
  rnn->init_params({InitKind::Gaussian, 0.05f}, rng);
  Tensor out, dinp;
  rnn->forward(inp, out, true);
  Tensor dout = test::random_tensor(out.shape(), rng);
  rnn->backward(dout, dinp);
  std::vector<float> norms = as_recurrent(rnn).hidden_grad_norms();
  REQUIRE(norms.size() == static_cast<size_t>(T));
  double dout_norm = 0;
  for (int64_t i = 0; i < dout.size(); ++i) dout_norm += double(dout[i]) * dout[i];
  CHECK(norms[T - 1] == doctest::Approx(std::sqrt(dout_norm)));  // the last step sees dout itself
  for (int t = 0; t + 1 < T; ++t) CHECK(norms[t] <= norms[t + 1]);  // never grows going back
  CHECK(norms[T - 2] < 0.5f * norms[T - 1]);                         // shrinks at every step ...
  CHECK(norms[0] < 1e-10f * norms[T - 1]);                           // ... and is gone after 30 steps
  // dinp at the first step is negligible next to the last one: the early inputs get no training signal.
  double first = 0, last = 0;
  for (int n = 0; n < N; ++n)
    for (int d = 0; d < D; ++d) {
      first += std::fabs(dinp[(n * T + 0) * D + d]);
      last += std::fabs(dinp[(n * T + T - 1) * D + d]);
    }
  CHECK(first < 1e-10 * last);

  // Same small weights, but an LSTM whose forget gate is held open (b_f = 4): the cell path carries the
  // gradient back, so far more of it reaches step 0 than in the RNN.
  auto lstm = make_recurrent(rnn_desc(LayerKind::LSTM, H, false), Shape{T, D});
  lstm->init_params({InitKind::Gaussian, 0.05f}, rng);
  Param* b_ih = lstm->params()[2];
  for (int j = H; j < 2 * H; ++j) (*b_ih).value[j] = 4.0f;
  lstm->forward(inp, out, true);
  lstm->backward(dout, dinp);
  std::vector<float> lnorms = as_recurrent(lstm).hidden_grad_norms();
  REQUIRE(lnorms.size() == static_cast<size_t>(T));
  CHECK(lnorms[0] / lnorms[T - 1] > 1e4f * (norms[0] / norms[T - 1]));

  // With return_sequences every step receives its own dout, so no norm is zero.
  auto seq = make_recurrent(rnn_desc(LayerKind::GRU, H, true), Shape{T, D});
  seq->init_params({InitKind::Gaussian, 0.05f}, rng);
  seq->forward(inp, out, true);
  seq->backward(test::random_tensor(out.shape(), rng), dinp);
  for (float v : as_recurrent(seq).hidden_grad_norms()) CHECK(v > 0.1f);
}
