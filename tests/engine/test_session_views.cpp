// The session's views and revisions: revisions move exactly when data, model or grid change (and not while
// paused), the parameter list follows the model, probe_forward leaves training untouched, the batch-norm
// view matches a hand computation, and hand-placed data with no points waits instead of throwing.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/session/batchnorm_view.h"
#include "engine/session/probe.h"
#include "engine/session/session.h"
#include "tests/engine/session_access.h"

using namespace gl;

TEST_CASE("session revisions: data, model and decision grid move only when they change") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  const Revision data0 = tl.data_revision(), model0 = tl.model_revision();
  CHECK(data0 != 0);
  CHECK(model0 != 0);
  const Revision grid0 = tl.decision_grid(8).rev;
  CHECK(tl.decision_grid(8).rev == grid0);  // nothing changed: the same grid
  tl.set_playing(false);
  CHECK(tl.train_for(20.0) == 0);           // paused: no step, no new grid
  CHECK(tl.decision_grid(8).rev == grid0);
  tl.step_once();
  const Revision grid1 = tl.decision_grid(8).rev;
  CHECK(grid1 != grid0);
  CHECK(tl.model_revision() == model0);     // a step is not a new model
  tl.reset();
  CHECK(tl.model_revision() != model0);
  CHECK(tl.decision_grid(8).rev != grid1);  // fresh weights at step 0: recomputed although the step is the same
  tl.add_point(0.1f, 0.2f, 1, Split::Train);
  CHECK(tl.data_revision() != data0);
  TrainDesc t = tl.train_desc();
  t.optim.lr = 0.05f;
  const Revision model1 = tl.model_revision();
  tl.set_train(t);
  CHECK(tl.model_revision() != model1);
}

TEST_CASE("session defaults are the one source of the labs' starting settings") {
  Session s;
  CHECK(s.valid_spec_text() == kDefaultSpecText);
  CHECK(s.train().train_desc().batch_size == default_train_desc().batch_size);
  CHECK(s.train().train_desc().optim.kind == default_train_desc().optim.kind);
  CHECK(s.train().train_desc().optim.lr == default_train_desc().optim.lr);
  CHECK(s.train().data_desc().kind == default_data_desc().kind);
  CHECK(s.graph_lab().formula() == kDefaultGraphFormula);
  CHECK(s.graph_lab().values().size() == default_graph_values().size());
  REQUIRE(s.playground().racers().size() == default_racers().size());
  CHECK(s.playground().racers()[3].optim.lr == default_racers()[3].lr);
  CHECK(s.playground().surface_desc().kind == default_surface().kind);
}

TEST_CASE("the parameter list follows the model and is empty after a failed rebuild") {
  Session s;
  const std::vector<ParamInfo>& ps = s.train().param_list();
  REQUIRE(ps.size() == 6);  // 3 dense layers x (weight, bias)
  CHECK(ps[0].size == 16 * 2);
  CHECK(ps[0].label.find("weight") != std::string::npos);
  s.set_spec("INPUT 2\nFC-4\nFC-2\nSOFTMAX");
  CHECK(s.train().param_list().size() == 4);
  s.set_spec("INPUT 1 x 8 x 8\nCONV3-4\nFC-2\nSOFTMAX");  // valid, but not for 2D points
  CHECK(!s.train().error().empty());
  CHECK(s.train().param_list().empty());
}

TEST_CASE("probe_forward keeps every output and leaves batch-norm statistics untouched") {
  Session s;
  s.set_spec("INPUT 2\nFC-8\nBN\nFC-2\nSOFTMAX");
  TrainLab& tl = SessionTestAccess::train(s);
  REQUIRE(tl.error().empty());
  for (int i = 0; i < 5; ++i) tl.step_once();
  Model& m = tl.trainer()->model();
  std::vector<std::vector<float>> before;
  for (int i = 0; i < m.num_layers(); ++i)
    for (const auto& [name, t] : m.layer(i).buffers()) before.push_back(t->vec());
  const Tensor& x = tl.data()->x_train;
  std::vector<Tensor> acts;
  probe_forward(m, x, true, acts);
  REQUIRE(static_cast<int>(acts.size()) == m.num_layers() + 1);
  std::vector<std::vector<float>> after;
  for (int i = 0; i < m.num_layers(); ++i)
    for (const auto& [name, t] : m.layer(i).buffers()) after.push_back(t->vec());
  CHECK(after == before);
  // In eval mode the probe's output is the model's own eval forward.
  probe_forward(m, x, false, acts);
  const Tensor& out = m.forward(x, false);
  CHECK(acts.back().vec() == out.vec());
  CHECK(engine_layer_title(tl.spec(), m, 0).find("FC-8") == 0);
}

TEST_CASE("the batch-norm view: batch moments by hand, running statistics, and a suggestion without BN") {
  Session s;
  s.set_spec("INPUT 2\nFC-4\nBN\nFC-2\nSOFTMAX");
  TrainLab& tl = SessionTestAccess::train(s);
  BnSnapshot v = probe_batchnorm(tl, BnProbeDesc{true, 16, 0, 0, -1});
  REQUIRE(v.message.empty());
  REQUIRE(v.layers.size() == 1);
  const BnLayerView& l = v.layers[0];
  CHECK(l.channels == 4);
  CHECK(l.per_channel == 16);
  // The BN input is the first layer's output on the first 16 samples.
  Model& m = tl.trainer()->model();
  std::vector<Tensor> acts;
  Tensor x(Shape{16, 2});
  std::copy(tl.data()->x_train.data(), tl.data()->x_train.data() + 32, x.data());
  probe_forward(m, x, true, acts);
  const Tensor& in = acts[static_cast<size_t>(l.layer)];
  for (int c = 0; c < 4; ++c) {
    double sum = 0, sq = 0;
    for (int n = 0; n < 16; ++n) sum += in[n * 4 + c];
    const double mean = sum / 16;
    for (int n = 0; n < 16; ++n) sq += (in[n * 4 + c] - mean) * (in[n * 4 + c] - mean);
    CHECK(l.batch_mean[static_cast<size_t>(c)] == doctest::Approx(mean).epsilon(1e-5));
    CHECK(l.batch_var[static_cast<size_t>(c)] == doctest::Approx(sq / 16).epsilon(1e-4));
    CHECK(l.out_mean[static_cast<size_t>(c)] == doctest::Approx(l.beta[static_cast<size_t>(c)]).epsilon(1e-3));
  }
  CHECK(l.running_var.size() == 4);
  s.set_spec("INPUT 2\nFC-4\nFC-2\nSOFTMAX");
  v = probe_batchnorm(s.train(), BnProbeDesc{});
  CHECK(v.layers.empty());
  CHECK(v.suggestion.find("BN") != std::string::npos);
  CHECK(parse_spec(v.suggestion).ok());
}

TEST_CASE("hand-placed data with no points yet: training waits instead of throwing") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  DataDesc d = tl.data_desc();
  d.kind = DataKind::Hand2D;
  tl.set_data(d);
  CHECK(tl.data()->num_train() == 0);
  CHECK_NOTHROW(tl.train_for(10.0));
  CHECK_NOTHROW(tl.step_once());
  tl.add_point(0.2f, 0.3f, 0, Split::Train);
  tl.add_point(-0.2f, 0.3f, 1, Split::Train);
  CHECK(tl.train_for(10.0) > 0);
  CHECK(tl.remove_point_at(0.2f, 0.3f));
  CHECK(tl.data()->num_train() == 1);
}

TEST_CASE("Session::apply: one frame's edits, and the log of hand-placed points a link carries") {
  Session s;
  SessionEdits e;
  e.play = false;
  e.add_point = SessionEdits::Point{0.12345f, -0.5f, 1, true};
  s.apply(e);
  CHECK_FALSE(s.train().playing());
  REQUIRE(s.point_edits().size() == 1);
  CHECK(s.point_edits()[0].x1 == round_point_coord(0.12345f));  // kept to kPointDecimals decimals
  CHECK(s.point_edits()[0].test);
  SessionEdits r;
  r.remove_point = std::make_pair(50.0f, 50.0f);  // nothing there: not logged
  s.apply(r);
  CHECK(s.point_edits().size() == 1);
  SessionEdits race;
  race.racer_enabled = {{0, false}, {99, true}};  // an index out of range is ignored
  race.playground_start = std::make_pair(0.5f, 0.5f);
  s.apply(race);
  CHECK_FALSE(s.playground().racers()[0].enabled);
  CHECK(s.playground().start_chosen());
  SessionEdits d;
  d.data = s.train().data_desc();
  s.apply(d);
  CHECK(s.point_edits().empty());  // a new data set: the points went with the old one
  Session t;
  t.replay_points({{false, 0.1f, 0.2f, 0, false}, {false, -0.3f, 0.4f, 1, false}});
  CHECK(t.point_edits().size() == 2);
  CHECK(t.train().data()->num_train() + t.train().data()->num_test() == 402);
}

TEST_CASE("the graph lab's tie rule: a tied max sends its gradient by the rule chosen, through Session::apply") {
  Session s;
  SessionEdits e;
  e.formula = "max(a, b) * c";
  s.apply(e);
  e = SessionEdits{};
  e.formula_values = {{0, 2.0}, {1, 2.0}, {2, 3.0}};  // a = b: the max is tied
  s.apply(e);
  const GraphLab& g = s.graph_lab();
  REQUIRE(g.tied_nodes().size() == 1);
  CHECK(g.tie_rule() == ExprTieRule::First);
  CHECK(g.graph().var_grads() == std::vector<double>{3, 0, 2});
  e = SessionEdits{};
  e.formula_ties = ExprTieRule::Both;  // the exam's answer: both inputs get the gradient
  s.apply(e);
  CHECK(g.graph().var_grads() == std::vector<double>{3, 3, 2});
  e.formula_ties = ExprTieRule::Split;
  s.apply(e);
  CHECK(g.graph().var_grads() == std::vector<double>{1.5, 1.5, 2});
  e = SessionEdits{};
  e.formula_values = {{1, 1.0}};  // no tie: every rule routes to the winner
  s.apply(e);
  CHECK(g.tied_nodes().empty());
  CHECK(g.graph().var_grads() == std::vector<double>{3, 0, 2});
}

TEST_CASE("the race's 'same learning rate for all': every racer runs at it, own rates come back when off") {
  Session s;
  SessionEdits e;
  e.race = RaceDesc{true, 0.3f};
  s.apply(e);
  const PlaygroundLab& pg = s.playground();
  CHECK(pg.race().same_lr);
  for (const Racer& r : pg.racers()) CHECK(r.run.optim().lr == 0.3f);
  const std::vector<OptimDesc> own = default_racers();
  for (size_t i = 0; i < own.size(); ++i) CHECK(pg.racers()[i].optim.lr == own[i].lr);  // kept for later
  e.race = RaceDesc{false, 0.3f};
  s.apply(e);
  for (size_t i = 0; i < own.size(); ++i) CHECK(pg.racers()[i].run.optim().lr == own[i].lr);
  e.race = RaceDesc{true, -1.0f};  // refused with a message; the race stays as it was
  s.apply(e);
  CHECK(s.playground_error().find("learning rate") != std::string::npos);
  CHECK_FALSE(pg.race().same_lr);
}
