// The training loop: bitwise determinism for a seed, pause/resume equivalence, divergence detection with
// the model left inspectable, evaluation and per-layer metrics, the bounded step history, spec/data mismatch
// errors, and RunGroup.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "engine/core/check.h"
#include "engine/layers/recurrent.h"
#include "engine/spec/spec.h"
#include "engine/train/trainer.h"

using namespace gl;

namespace {

std::shared_ptr<const Dataset> spirals(int points = 200) {
  DataDesc d;
  d.kind = DataKind::Spirals;
  d.num_points = points;
  d.noise = 0.05f;
  d.seed = 3;
  return std::make_shared<const Dataset>(make_dataset(d));
}

TrainDesc sgd(float lr) {
  TrainDesc t;
  t.batch_size = 16;
  t.optim.kind = OptimKind::SGD;
  t.optim.lr = lr;
  t.optim.momentum = 0.9f;
  t.seed = 11;
  t.stats_every = 5;
  return t;
}

const char* kMlp = "INPUT 2\nFC-16\nFC-16\nFC-2\nSOFTMAX";

std::vector<float> weights_of(Trainer& t) {
  std::vector<float> w;
  for (Param* p : t.model().params()) w.insert(w.end(), p->value.vec().begin(), p->value.vec().end());
  return w;
}

bool bitwise_equal(const std::vector<StepRecord>& a, const std::vector<StepRecord>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i].loss_data, &b[i].loss_data, sizeof(float)) != 0 || a[i].acc_batch != b[i].acc_batch)
      return false;
  return true;
}

// Field by field, floats bit for bit (the struct's padding bytes are not part of the record).
bool same_eval(const EvalRecord& a, const EvalRecord& b) {
  const float fa[] = {a.loss_train, a.loss_test, a.acc_train, a.acc_test, a.loss_reg, a.lr};
  const float fb[] = {b.loss_train, b.loss_test, b.acc_train, b.acc_test, b.loss_reg, b.lr};
  return a.step == b.step && a.epoch == b.epoch && std::memcmp(fa, fb, sizeof fa) == 0;
}

}  // namespace

TEST_CASE("same seed and settings repeat bit for bit; another seed differs") {
  auto data = spirals();
  ModelSpec spec = parse_spec_or_throw(kMlp);
  TrainDesc d = sgd(0.05f);
  d.l2 = 1e-3f;
  Trainer a(spec, data, d), b(spec, data, d);
  for (int i = 0; i < 40; ++i) a.step();
  b.train_for(1e9, 40);
  CHECK(b.steps() == 40);
  CHECK(bitwise_equal(a.history(), b.history()));
  CHECK(weights_of(a) == weights_of(b));
  CHECK(a.history().back().loss_reg > 0.0f);
  d.seed = 12;
  Trainer c(spec, data, d);
  c.train_for(1e9, 40);
  CHECK_FALSE(bitwise_equal(a.history(), c.history()));
  // reset() replays the same run.
  a.reset();
  a.train_for(1e9, 40);
  CHECK(bitwise_equal(a.history(), b.history()));
}

TEST_CASE("training in pieces (a pause in the page): 4 steps, then 6, equals 10 steps") {
  auto data = spirals();
  ModelSpec spec = parse_spec_or_throw(kMlp);
  Trainer a(spec, data, sgd(0.05f)), b(spec, data, sgd(0.05f));
  a.train_for(1e9, 10);
  b.train_for(1e9, 4);
  CHECK(b.steps() == 4);
  b.train_for(1e9, 6);
  CHECK(b.steps() == 10);
  CHECK(bitwise_equal(a.history(), b.history()));
  CHECK(weights_of(a) == weights_of(b));
  // Single steps (the page's Step button) keep the same sequence.
  Trainer c(spec, data, sgd(0.05f));
  for (int i = 0; i < 10; ++i) CHECK(c.step());
  CHECK(bitwise_equal(a.history(), c.history()));
}

TEST_CASE("a too-large learning rate is reported as divergence and the run stays inspectable") {
  auto data = spirals();
  ModelSpec spec = parse_spec_or_throw(kMlp);
  TrainDesc d = sgd(50.0f);
  Trainer t(spec, data, d);
  t.train_for(1e9, 500);
  REQUIRE(t.diverged());
  CHECK(t.steps() < 500);
  CHECK(t.message().find(" at step " + std::to_string(t.steps()) + "; the learning rate 50 may be too high") !=
        std::string::npos);
  CHECK((t.message().rfind("loss became NaN", 0) == 0 || t.message().rfind("loss became Inf", 0) == 0 ||
         t.message().rfind("loss exceeded 1000 x the first loss", 0) == 0));
  const size_t n = t.history().size();
  CHECK(n == static_cast<size_t>(t.steps()));
  CHECK_FALSE(t.step());  // stays stopped
  CHECK(t.train_for(100.0) == 0);
  CHECK(t.history().size() == n);
  // Model and metrics are still readable.
  CHECK(t.model().params().size() == 6);
  (void)t.evaluate(Split::Train);
  // A sane learning rate does not trip the detector.
  Trainer ok(spec, data, sgd(0.05f));
  ok.train_for(1e9, 200);
  CHECK_FALSE(ok.diverged());
  CHECK(ok.message().empty());
}

TEST_CASE("metrics: per-step records, epoch evaluations and per-layer statistics") {
  auto data = spirals(200);  // 160 train -> 10 steps per epoch at batch 16
  ModelSpec spec = parse_spec_or_throw(kMlp);
  Trainer t(spec, data, sgd(0.1f));
  CHECK(t.steps_per_epoch() == 10);
  CHECK(t.run_epoch() == 10);
  CHECK(t.epoch() == 1);
  REQUIRE(t.evals().size() == 1);
  const EvalRecord& e = t.evals()[0];
  CHECK(e.step == 10);
  CHECK(e.epoch == 1);
  // The recorded evaluation is the model's loss on the full sets at that point.
  Trainer::Eval tr = t.evaluate(Split::Train), te = t.evaluate(Split::Test);
  CHECK(e.loss_train == tr.loss);
  CHECK(e.acc_test == te.acc);
  CHECK(e.acc_train >= 0.0f);
  CHECK(e.acc_train <= 1.0f);
  // Accuracy is a multiple of 1/160 on the train split.
  CHECK(std::fabs(e.acc_train * 160 - std::round(e.acc_train * 160)) < 1e-3);
  for (const StepRecord& r : t.history()) {
    CHECK(r.lr == doctest::Approx(0.1f));
    CHECK(r.grad_norm > 0.0f);
    CHECK(r.acc_batch * 16 == doctest::Approx(std::round(r.acc_batch * 16)));
  }
  // Stats were taken at step 1, 6 (stats_every 5): the last at step 6.
  CHECK(t.stats_step() == 6);
  const auto& stats = t.layer_stats();
  REQUIRE(stats.size() == static_cast<size_t>(t.model().num_layers()));
  int with_params = 0;
  for (const LayerStats& s : stats) {
    CAPTURE(s.kind);
    int64_t acts = 0;
    for (int c : s.acts.counts) acts += c;
    CHECK(s.acts.counts.size() == 32);
    CHECK(acts == 16 * t.model().activation(s.layer).shape().tail(1));
    if (!s.has_params) continue;
    ++with_params;
    CHECK(s.weight_norm > 0.0f);
    CHECK(s.grad_norm > 0.0f);
    CHECK(s.update_ratio > 0.0f);
    CHECK(s.update_ratio < 1.0f);
    int64_t w = 0;
    for (int c : s.weights.counts) w += c;
    CHECK(w > 0);
    CHECK(s.weights.lo < s.weights.hi);
  }
  CHECK(with_params == 3);  // three dense layers; ReLUs have none

  float v[] = {0.0f, 1.0f, 1.0f, 2.0f, NAN};
  Histogram h = make_histogram(v, 5, 4);
  CHECK(h.lo == 0.0f);
  CHECK(h.hi == 2.0f);
  CHECK(h.counts == std::vector<int>{1, 0, 2, 1});
}

TEST_CASE("evaluation every K steps, learning-rate schedule and L2 reported apart") {
  auto data = spirals(200);
  ModelSpec spec = parse_spec_or_throw(kMlp);
  TrainDesc d = sgd(0.1f);
  d.eval_every = 3;
  d.eval_max_samples = 50;
  d.schedule.kind = ScheduleKind::Step;
  d.schedule.step_size = 5;
  d.schedule.gamma = 0.5f;
  d.l2 = 0.01f;
  Trainer t(spec, data, d);
  t.train_for(1e9, 12);
  REQUIRE(t.evals().size() == 4);
  CHECK(t.evals()[3].step == 12);
  CHECK(t.history()[4].lr == doctest::Approx(0.1f));
  CHECK(t.history()[5].lr == doctest::Approx(0.05f));
  CHECK(t.evals()[3].loss_reg > 0.0f);
  // loss_reg is 0.5 * l2 * sum of squared weights (decay params only).
  double s = 0;
  for (Param* p : t.model().params())
    if (p->decay)
      for (float w : p->value.vec()) s += static_cast<double>(w) * w;
  CHECK(t.evals()[3].loss_reg == doctest::Approx(0.5 * 0.01 * s).epsilon(1e-4));
}

TEST_CASE("sliced evaluation: one batch per tiny budget, no step while pending, the same record as at once") {
  // The page bounds each frame's work: a 16 M-parameter net's evaluation took 0.8 s in one frame. Sliced, a
  // due evaluation runs batch by batch before the next step and records what record_eval would.
  auto data = spirals(200);
  ModelSpec spec = parse_spec_or_throw(kMlp);
  TrainDesc d = sgd(0.1f);
  d.eval_every = 4;
  d.eval_max_samples = 60;
  d.l2 = 0.01f;
  Trainer whole(spec, data, d), sliced(spec, data, d), stepped(spec, data, d);
  sliced.slice_evaluations(7);
  stepped.slice_evaluations(7);
  whole.train_for(1e9, 4);
  REQUIRE(whole.evals().size() == 1);

  // A budget too small for anything runs one step, or one evaluation batch, per call.
  int calls = 0;
  while (sliced.steps() < 4 || sliced.eval_pending()) {
    const int64_t before = sliced.steps();
    sliced.train_for(1e-9);
    ++calls;
    CHECK(sliced.steps() - before <= 1);
    REQUIRE(calls < 100);
  }
  // 4 steps, then ceil(min(n, 60) / 7) batches of each split (the last batch's call also closes its split).
  auto batches = [&](int n) { return (std::min(n, 60) + 6) / 7; };
  CHECK(calls == 4 + batches(data->num_train()) + batches(data->num_test()));
  CHECK(sliced.steps() == 4);
  REQUIRE(sliced.evals().size() == 1);
  const EvalRecord &a = sliced.evals()[0], &b = whole.evals()[0];
  CHECK(a.step == 4);
  CHECK(a.loss_train == doctest::Approx(b.loss_train).epsilon(1e-5));
  CHECK(a.loss_test == doctest::Approx(b.loss_test).epsilon(1e-5));
  CHECK(a.acc_train == doctest::Approx(b.acc_train).epsilon(1e-6));
  CHECK(a.acc_test == doctest::Approx(b.acc_test).epsilon(1e-6));
  CHECK(a.loss_reg == b.loss_reg);

  // step() finishes a pending evaluation first, with the same batches: bit for bit the sliced record.
  stepped.train_for(1e9, 4);
  CHECK(stepped.eval_pending());
  CHECK(stepped.evals().empty());
  stepped.step();
  REQUIRE(stepped.evals().size() == 1);
  CHECK(same_eval(stepped.evals()[0], a));

  // A snapshot taken mid-evaluation restarts it on restore, and ends with the same record.
  Trainer mid(spec, data, d), resumed(spec, data, d);
  mid.slice_evaluations(7);
  resumed.slice_evaluations(7);
  mid.train_for(1e9, 4);
  mid.advance_eval(0.0);
  REQUIRE(mid.eval_pending());
  const TrainerState st = mid.save_state();
  CHECK(st.eval_pending);
  auto w = mid.model().params();
  auto r = resumed.model().params();
  for (size_t k = 0; k < w.size(); ++k) r[k]->value = w[k]->value;
  resumed.restore_state(st);
  CHECK(resumed.eval_pending());
  resumed.finish_eval();
  REQUIRE(resumed.evals().size() == 1);
  CHECK(same_eval(resumed.evals()[0], a));
}

TEST_CASE("statistics of a large layer read a bounded sample; its norms stay exact") {
  // FC-300 on 300 inputs: 90,000 weights, more than kStatsSample, so histograms and the update ratio read
  // every second weight; the smaller layers are read in full, as before.
  DataDesc dd;
  dd.kind = DataKind::Spirals;
  dd.num_points = 64;
  auto base = make_dataset(dd);
  Dataset wide = base;
  for (Tensor* x : {&wide.x_train, &wide.x_test}) {  // 2 features -> 300, repeated
    Tensor y(Shape{x->dim(0), 300});
    for (int r = 0; r < x->dim(0); ++r)
      for (int c = 0; c < 300; ++c) y[r * 300 + c] = (*x)[r * 2 + c % 2] * (1.0f + 0.01f * static_cast<float>(c));
    *x = std::move(y);
  }
  auto data = std::make_shared<const Dataset>(std::move(wide));
  TrainDesc d = sgd(0.01f);
  d.stats_every = 1;
  Trainer t(parse_spec_or_throw("INPUT 300\nFC-300\nFC-2\nSOFTMAX"), data, d);
  std::vector<float> before = t.model().layer(0).params()[0]->value.vec();
  t.step();
  const Param& w = *t.model().layer(0).params()[0];
  REQUIRE(w.value.size() == 90000);
  CHECK(stats_stride(90000) == 2);
  CHECK(stats_stride(kStatsSample) == 1);
  const LayerStats& s = t.layer_stats()[0];
  int total = 0;
  for (int c : s.weights.counts) total += c;
  CHECK(total == 45000);
  double w2 = 0, d2 = 0, b2 = 0;
  for (int64_t j = 0; j < w.value.size(); ++j) {
    w2 += static_cast<double>(w.value[j]) * w.value[j];
    d2 += std::pow(static_cast<double>(w.value[j]) - before[static_cast<size_t>(j)], 2);
    b2 += static_cast<double>(before[static_cast<size_t>(j)]) * before[static_cast<size_t>(j)];
  }
  CHECK(s.weight_norm == doctest::Approx(std::sqrt(w2)).epsilon(1e-5));
  CHECK(s.update_ratio == doctest::Approx(std::sqrt(d2 / b2)).epsilon(0.05));
  int small = 0;
  for (int c : t.layer_stats().back().weights.counts) small += c;
  CHECK(small == 600);  // FC-2's 600 weights, all of them
}

TEST_CASE("recurrent layers report the gradient norm per time step; a vanilla RNN's shrinks back in time") {
  DataDesc dd;
  dd.kind = DataKind::Adding;
  dd.num_points = 64;
  dd.seq_len = 30;
  dd.seed = 2;
  auto data = std::make_shared<const Dataset>(make_dataset(dd));
  TrainDesc d = sgd(0.01f);
  d.stats_every = 1;
  d.init.kind = InitKind::Gaussian;  // small weights: the textbook vanishing case
  d.init.sigma = 0.1f;
  Trainer t(parse_spec_or_throw("INPUT SEQ 30 x 2, RNN-16, FC-1, MSE"), data, d);
  t.step();
  const auto& stats = t.layer_stats();
  REQUIRE(stats.size() == 2);
  CHECK(stats[1].hidden_grad_norms.empty());  // dense
  const auto& hn = stats[0].hidden_grad_norms;
  REQUIRE(hn.size() == 30);
  const auto& rnn = dynamic_cast<const RecurrentLayer&>(t.model().layer(0));
  CHECK(hn == rnn.hidden_grad_norms());
  CHECK(hn.back() > 0.0f);
  CHECK(hn.front() < 1e-3f * hn.back());  // only the last step feeds the loss; the rest is carried back
}

TEST_CASE("the step history stays bounded: records become exact means of runs of steps") {
  auto data = spirals();
  ModelSpec spec = parse_spec_or_throw(kMlp);
  for (int cap : {8, 7}) {
    CAPTURE(cap);
    TrainDesc capped = sgd(0.05f), full = sgd(0.05f);
    capped.history_max = cap;
    full.history_max = 1 << 20;
    Trainer a(spec, data, capped), b(spec, data, full);
    for (int i = 0; i < 100; ++i) {
      a.step();
      b.step();
      REQUIRE(a.history().size() <= static_cast<size_t>(cap));
      // Thinning the record changes nothing else: same step, same weights.
      CHECK(std::memcmp(&a.last_step().loss_data, &b.last_step().loss_data, sizeof(float)) == 0);
    }
    CHECK(weights_of(a) == weights_of(b));
    CHECK(a.first_loss() == b.history().front().loss_data);
    CHECK(a.history_stride() == 16);  // 100 steps in at most 8 (7) records of a power-of-two length
    // Every record is the mean of the steps it covers, ends at its last step, and together they cover all 100.
    int64_t prev = 0;
    for (const StepRecord& r : a.history()) {
      double sum = 0;
      for (int64_t st = prev + 1; st <= r.step; ++st) sum += b.history()[static_cast<size_t>(st - 1)].loss_data;
      const int64_t n = r.step - prev;
      CHECK(n >= 1);
      CHECK(n <= a.history_stride());
      CHECK(r.loss_data == doctest::Approx(sum / static_cast<double>(n)).epsilon(1e-5));
      prev = r.step;
    }
    CHECK(prev == 100);
  }
}

TEST_CASE("spec and data mismatches are rejected with both shapes named") {
  auto data = spirals();
  CHECK_THROWS_WITH_AS(Trainer(parse_spec_or_throw("INPUT 3\nFC-2"), data, TrainDesc{}),
                       "trainer: the spec's INPUT is 3 but data set 'spirals' has samples of 2", EngineError);
  CHECK_THROWS_WITH_AS(Trainer(parse_spec_or_throw("INPUT 2\nFC-3"), data, TrainDesc{}),
                       "trainer: the model outputs 3 scores but data set 'spirals' has 2 classes (end with FC-2)",
                       EngineError);
  CHECK_THROWS_AS(Trainer(parse_spec_or_throw("INPUT 2\nFC-2\nMSE"), data, TrainDesc{}), EngineError);
  // The same checks without building a model (TrainLab frees the old trainer only after they pass); with a
  // loss row, the scores are the last layer's output.
  CHECK_THROWS_WITH_AS(check_spec_fits_data(parse_spec_or_throw("INPUT 2\nFC-3\nSVM"), *data),
                       "trainer: the model outputs 3 scores but data set 'spirals' has 2 classes (end with FC-2)",
                       EngineError);
  CHECK_NOTHROW(check_spec_fits_data(parse_spec_or_throw("INPUT 2\nFC-8\nTANH\nFC-2\nSVM"), *data));
  // An unfinished network (the inspector shows it): the reason training is off, at its row.
  CHECK_THROWS_AS(check_spec_fits_data(parse_spec_or_throw("INPUT 3 x 16 x 16\nCONV3-8-p1-s1"), *data), SpecException);
  DataDesc hand;
  hand.kind = DataKind::Hand2D;
  Trainer empty(parse_spec_or_throw(kMlp), std::make_shared<const Dataset>(make_dataset(hand)), TrainDesc{});
  CHECK_THROWS_WITH_AS(empty.step(), "trainer: data set 'hand2d' has no training samples", EngineError);
}

TEST_CASE("a run group sweeps learning rates in lockstep; a diverging run does not stop the others") {
  auto data = spirals();
  ModelSpec spec = parse_spec_or_throw(kMlp);
  RunGroup g = RunGroup::lr_sweep(spec, data, sgd(0.0f), {0.01f, 0.05f, 0.2f, 50.0f});
  REQUIRE(g.size() == 4);
  CHECK(g.label(1) == "lr=0.05");
  g.train_for(1e9, 60);
  CHECK(g.run(0).steps() == 60);
  CHECK(g.run(2).steps() == 60);
  CHECK(g.run(3).diverged());
  // Same seed and data: every run starts from the same weights, so the first losses match exactly.
  CHECK(g.run(0).history()[0].loss_data == g.run(1).history()[0].loss_data);
  CHECK(g.run(0).history()[0].loss_data == g.run(3).history()[0].loss_data);
  CHECK(g.run(0).history()[59].loss_data != g.run(1).history()[59].loss_data);
  // An A/B pair: a solo run with the same desc matches its group member bit for bit.
  Trainer solo(spec, data, [] { TrainDesc d = sgd(0.0f); d.optim.lr = 0.05f; return d; }());
  solo.train_for(1e9, 60);
  CHECK(bitwise_equal(solo.history(), g.run(1).history()));
}
