// "Pictures in words" (web/app/pictures_in_words.h): for each tab, the state JSON's "pictures" names the
// numbers the tab draws. The expected numbers are computed here from the session (grids, histories, model
// weights, trajectories) or by hand (the graph), not by the description code; only the rounding for listening
// (spoken_number, tested on literals first) is shared.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/json.h"
#include "engine/session/spec_data.h"
#include "tests/ui/headless.h"
#include "web/app/app.h"
#include "web/app/pictures_in_words.h"

using namespace gl;
using gl::test::Headless;

namespace {

// The pictures of the visible tab, one sentence a line.
std::string pictures(const App& app) {
  Json s = Json::parse(app.state_json());
  std::string out;
  for (const Json& l : s["pictures"].arr()) out += l.str() + "\n";
  return out;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A headless App opened at a link; open() runs `frames` frames and returns the pictures then.
struct Page {
  Headless h;
  NullGfx gfx;
  App app{gfx};
  std::string open(const std::string& hash, int frames) {
    app.set_url_hash(hash);
    h.frames(app, frames);
    return pictures(app);
  }
  // Paused, `steps` single steps (the Step button, one a frame): the same run on every machine (a playing
  // run's length depends on the clock). Returns the pictures then.
  std::string step(int steps) {
    for (int i = 0; i < steps; ++i) {
      app.pending_intents().step = true;
      h.frames(app, 1);
    }
    return pictures(app);
  }
};

// Eight sigmoid layers (vanishing gradients) on the spirals, plain SGD, paused.
const char* kSigmoidStack = "#tab=curves&play=0&opt=sgd&lr=0.01&spec=INPUT 2%0AFC-16%0ASIGMOID%0AFC-16%0ASIGMOID"
                            "%0AFC-16%0ASIGMOID%0AFC-16%0ASIGMOID%0AFC-16%0ASIGMOID%0AFC-16%0ASIGMOID%0AFC-16%0ASIGMOID"
                            "%0AFC-16%0ASIGMOID%0AFC-2";

}  // namespace

TEST_CASE("numbers are rounded for listening") {
  CHECK(spoken_number(0.59312) == "0.593");
  CHECK(spoken_number(-12) == "-12");
  CHECK(spoken_number(1234.6) == "1235");
  CHECK(spoken_number(0) == "0");
  CHECK(spoken_number(3.6e-4) == "3.6 times 10 to the minus 4");
  CHECK(spoken_number(2.5e7) == "2.5 times 10 to the 7");
  CHECK(spoken_number(std::nan("")) == "not a number");
  CHECK(spoken_number(5.6e-45) == "0");  // a float that underflowed, not a number to listen to
  CHECK(spoken_percent(0.974) == "97%");
}

TEST_CASE("pictures in words: the decision boundary's classes, unsure area, accuracies and hand-placed points") {
  Page pg;
  App& app = pg.app;
  const std::string text = pg.open("#tab=boundary&pts=a0.5_0.5~B-0.5_0.25~r0.1_0.1", 40);
  INFO(text);
  const TrainLab& tl = app.session().train();
  const PlaneGrid& g = tl.last_grid();
  REQUIRE(g.n > 0);
  int unsure = 0, class0 = 0;
  for (int i = 0; i < g.n * g.n; ++i) {
    const float p0 = g.probs[static_cast<size_t>(i) * 2], p1 = g.probs[static_cast<size_t>(i) * 2 + 1];
    unsure += std::max(p0, p1) < 0.6f;
    class0 += p0 >= p1;
  }
  const double cells = static_cast<double>(g.n) * g.n;
  CHECK(has(text, "among 2 classes: class 0 " + spoken_percent(class0 / cells)));
  CHECK(has(text, "under 0.6) over " + spoken_percent(unsure / cells)));
  const Trainer* t = current_run(tl);
  REQUIRE(t);
  REQUIRE(!t->evals().empty());
  CHECK(has(text, "train accuracy " + spoken_percent(t->evals().back().acc_train)));
  CHECK(has(text, "test accuracy " + spoken_percent(t->evals().back().acc_test)));
  CHECK(has(text, "2 added by hand and 1 removed"));  // a training point (a), a test point (B), a removal (r)
  CHECK(has(text, std::to_string(tl.data()->num_test()) + " test points"));
}

TEST_CASE("pictures in words: the loss curve's trend, the last evaluation and vanishing gradients") {
  Page pg;
  App& app = pg.app;
  pg.open(kSigmoidStack, 1);
  const std::string text = pg.step(40);
  INFO(text);
  const Trainer* t = current_run(app.session().train());
  REQUIRE(t);
  REQUIRE(t->steps() == 40);
  float lo = t->history().front().loss_data;
  for (const StepRecord& r : t->history()) lo = std::min(lo, r.loss_data);
  CHECK(has(text, spoken_number(t->first_loss()) + " at the first step, lowest " + spoken_number(lo)));
  // The first dense layer's gradient norm over the last one's, from the training lab's history.
  const auto& gn = app.session().train().grad_norm_history();
  const auto& stats = t->layer_stats();
  double first = -1, last = -1;
  for (size_t i = 0; i < stats.size() && i < gn.size(); ++i)
    if (stats[i].has_params && !gn[i].empty()) (first < 0 ? first : last) = gn[i].back();
  REQUIRE(first > 0);
  REQUIRE(last > 0);
  REQUIRE(first / last < 1e-2);  // eight sigmoids: each passes back at most a quarter of the gradient
  CHECK(has(text, spoken_number(last / first) + " times smaller than the last layer's: vanishing gradients"));
  CHECK(has(text, ": flat."));  // 40 steps of plain SGD through eight sigmoids barely move the loss
  if (t->evals().empty()) CHECK(has(text, "No full evaluation yet (step 40)."));
  else CHECK(has(text, "(step " + std::to_string(t->evals().back().step) + "): train accuracy"));
}

TEST_CASE("pictures in words: every node of the graph with its value and gradient, step by step") {
  Page pg;
  // CS231n's circuit: q = x + y, f = q z at x = -2, y = 5, z = -4: q = 3, f = -12; df/dz = q = 3,
  // df/dq = z = -4, df/dx = df/dy = -4.
  std::string text = pg.open("#tab=graph&f=(x%2By)*z&v=x~-2~y~5~z~-4", 3);
  INFO(text);
  CHECK(has(text, "Node 0, x: value -2, gradient -4."));
  CHECK(has(text, "Node 1, y: value 5, gradient -4."));
  CHECK(has(text, "Node 2, x + y: value 3, gradient -4."));
  CHECK(has(text, "Node 3, z: value -4, gradient 3."));
  CHECK(has(text, "Node 4 (output), node 2 * z: value -12, gradient 1."));
  CHECK(has(text, "dL/dz 3 vs 3"));
  // Half way through the reveal: the forward pass done, two gradients found (the output's, then z's).
  text = pg.open("#tab=graph&f=(x%2By)*z&v=x~-2~y~5~z~-4&gstep=7", 3);
  CHECK(has(text, "Backward pass, 2 of 5 gradients found."));
  CHECK(has(text, "Node 3, z: value -4, gradient 3."));
  CHECK(has(text, "Node 2, x + y: value 3."));
  CHECK(!has(text, "Gradient check"));
}

TEST_CASE("pictures in words: each optimizer's position, value, steps and fate in the race") {
  Page pg;
  App& app = pg.app;
  std::string text = pg.open("#tab=optimizers&surf=bowl&rsame=1&rsamelr=0.1&race=sgd_adam", 90);
  INFO(text);
  const PlaygroundLab& lab = app.session().playground();
  int described = 0;
  for (const Racer& r : lab.racers()) {
    if (!r.enabled) continue;
    const TrajPoint& p = r.run.trajectory().back();
    CAPTURE(optim_kind_name(r.optim.kind));
    CHECK(has(text, std::string(optim_kind_name(r.optim.kind)) + " (lr 0.1): at (" + spoken_number(p.x) + ", " +
                        spoken_number(p.y) + "), f " + spoken_number(p.f) + ", after " +
                        std::to_string(r.run.trajectory().size() - 1) + " steps"));
    ++described;
  }
  CHECK(described == 2);
  CHECK(!has(text, "momentum"));
  // On the bowl x^2 + y^2 SGD at lr 0.1 shrinks the point by 0.8 a step: at the minimum after enough steps.
  pg.open("#tab=optimizers&surf=bowl&rsame=1&rsamelr=0.1&race=sgd", 1);
  for (int i = 0; i < 60 && lab.steps() < 120; ++i) pg.h.frames(app, 10);
  REQUIRE(lab.steps() >= 120);
  CHECK(has(pictures(app), "reached a minimum"));
  // At lr 1.5 it overshoots further every step (x -> -2 x): it leaves the plot at once, and once |x| passes
  // 1e6 (2.5 x 2^19) the run has diverged.
  pg.open("#tab=optimizers&surf=bowl&rsame=1&rsamelr=1.5&race=sgd", 6);
  REQUIRE(lab.steps() >= 1);
  REQUIRE(lab.steps() < 19);
  CHECK(has(pictures(app), "left the plot at step 1"));
  for (int i = 0; i < 60 && lab.steps() < 25; ++i) pg.h.frames(app, 10);
  CHECK(has(pictures(app), "diverged at step"));
}

TEST_CASE("pictures in words: each compare run's steps, loss, accuracy, weight norm, and the best") {
  Page pg;
  App& app = pg.app;
  const std::string text = pg.open("#tab=compare", 120);
  INFO(text);
  const CompareLab& lab = app.session().compare();
  REQUIRE(lab.group());
  const RunGroup& g = *lab.group();
  int best = -1;
  for (int i = 0; i < g.size(); ++i) {
    const Trainer& t = g.run(i);
    REQUIRE(t.steps() > 0);
    CHECK(has(text, g.label(i) + ": " + std::to_string(t.steps()) + " steps, last batch loss " +
                        spoken_number(t.last_step().loss_data)));
    CHECK(has(text, "weight norm " + spoken_number(lab.weight_norm(i))));
    if (!t.evals().empty()) CHECK(has(text, "test accuracy " + spoken_percent(t.evals().back().acc_test)));
    const auto score = [&](int k) { return g.run(k).evals().empty() ? -1.0f : g.run(k).evals().back().acc_test; };
    if (!t.diverged() && (best < 0 || score(i) > score(best))) best = i;
  }
  REQUIRE(best >= 0);
  CHECK(has(text, "Best so far: " + g.label(best) + "."));
}

TEST_CASE("pictures in words: the classifiers' accuracies and settings, and the MLP's") {
  Page pg;
  App& app = pg.app;
  const std::string text = pg.open("#tab=classifiers", 30);
  INFO(text);
  const ClassicLab& lab = app.session().classic();
  const ClassicView& knn = lab.view(ClassicKind::KNN);
  CHECK(has(text, "kNN (k " + std::to_string(lab.desc(ClassicKind::KNN).k) + ", L2 distance): train accuracy " +
                      spoken_percent(knn.acc_train) + ", test accuracy " + spoken_percent(knn.acc_test)));
  const ClassicView& svm = lab.view(ClassicKind::SVM);
  CHECK(has(text, "Linear SVM (reg 0.001, lr 0.1, " + std::to_string(svm.steps) + " steps"));
  const Trainer* t = current_run(app.session().train());
  REQUIRE(t);
  CHECK(has(text, "Your MLP (step " + std::to_string(t->steps()) + ")"));
}

TEST_CASE("pictures in words: Inside names the hidden units and each FC layer's largest |W|") {
  Page pg;
  App& app = pg.app;
  const std::string text = pg.open("#tab=inside&play=0", 5);
  INFO(text);
  CHECK(has(text, "16 of 16 hidden units, each painted over the plane"));
  const Trainer* t = current_run(app.session().train());
  REQUIRE(t);
  // The first layer's units over the plane: relu(W p + b) > 0 where W p + b > 0, at the grid's cell centres.
  const InsideSnapshot& snap = probe_inside(app.session().train(), InsideProbeDesc{});
  Tensor pts;
  plane_cell_centres(snap.n, snap.x0, snap.x1, snap.y0, snap.y1, pts);
  const Param* w = t->model().params()[0];
  const Param* b = t->model().params()[1];
  REQUIRE(w->name == "weight");
  std::string shares = "above 0:";
  for (int u = 0; u < 16; ++u) {
    int above = 0;
    for (int p = 0; p < snap.n * snap.n; ++p)
      above += w->value[u * 2] * pts[p * 2] + w->value[u * 2 + 1] * pts[p * 2 + 1] + b->value[u] > 0;
    shares += std::string(u ? "," : "") + " unit " + std::to_string(u) + " " + spoken_percent(above / double(snap.n * snap.n));
  }
  CHECK(has(text, shares + "."));
  size_t at = 0;
  int layers = 0;
  for (const Param* p : t->model().params()) {
    if (p->name != "weight") continue;
    float mx = 0;
    for (int64_t i = 0; i < p->value.size(); ++i) mx = std::max(mx, std::fabs(p->value.data()[i]));
    const size_t found = text.find("largest weight magnitude " + spoken_number(mx), at);
    CHECK(found != std::string::npos);  // in the order of the layers
    if (found != std::string::npos) at = found + 1;
    ++layers;
  }
  CHECK(layers == 3);
}

TEST_CASE("pictures in words: batch norm's batch and running statistics, gamma and beta per layer") {
  Page pg;
  App& app = pg.app;
  pg.open("#tab=batchnorm&spec=INPUT%202%0AFC-16%0ABN%0ARELU%0AFC-2", 20);
  app.pending_intents().play = false;  // paused: the probe catches up with the model's last step
  pg.h.frames(app, 20);
  const std::string text = pictures(app);
  INFO(text);
  const Trainer* t = current_run(app.session().train());
  REQUIRE(t);
  CHECK(has(text, "(step " + std::to_string(t->steps()) + ")"));
  // Gamma straight from the model's BN layer.
  const Param* gamma = nullptr;
  for (const Param* p : t->model().params())
    if (p->name == "gamma") gamma = p;
  REQUIRE(gamma);
  const float* gv = gamma->value.data();
  const auto [lo, hi] = std::minmax_element(gv, gv + gamma->value.size());
  CHECK(has(text, "16 channels: batch mean from "));
  CHECK(has(text, "gamma from " + spoken_number(*lo) + " to " + spoken_number(*hi)));
  CHECK(has(text, "in train mode"));
}

TEST_CASE("pictures in words: the data set, its sizes, classes and sample shape; the inspector's totals") {
  Page pg;
  App& app = pg.app;
  std::string text = pg.open("#tab=data&data=circles", 3);
  INFO(text);
  const Dataset* d = app.session().train().data();
  REQUIRE(d);
  CHECK(has(text, "Data set circles: " + std::to_string(d->num_train()) + " training and " +
                      std::to_string(d->num_test()) + " test samples, each of shape 2."));
  CHECK(has(text, "2 classes: class 0, class 1."));
  int zeros = 0;
  for (int64_t i = 0; i < d->y_train.size(); ++i) zeros += d->y_train[i] == 0;
  CHECK(has(text, "Training samples per class: class 0 " + std::to_string(zeros) + ", class 1 " +
                      std::to_string(d->num_train() - zeros) + "."));
  // Digits: the image grid's first page of 8 x 8 images.
  app.load_image_pack(std::string(GRADLAB_SOURCE_DIR) + "/build/data/images.glpack");
  text = pg.open("#tab=data&data=digits&spec=INPUT%201%20x%208%20x%208%0AFC-10", 3);
  d = app.session().train().data();
  REQUIRE(d);
  REQUIRE(d->num_classes == 10);
  CHECK(has(text, "The grid shows images 1 to 64 of the " + std::to_string(d->num_train()) + " images of the training split"));
  // INPUT 2, FC-16, FC-16, FC-2: (2 + 1) 16 + (16 + 1) 16 + (16 + 1) 2 parameters.
  text = pg.open("#tab=inspector&spec=INPUT%202%0AFC-16%0AFC-16%0AFC-2", 3);
  CHECK(has(text, std::to_string(3 * 16 + 17 * 16 + 17 * 2) + " learnable parameters"));
  CHECK(has(text, "output shape 2."));
}

TEST_CASE("pictures in words: while an exercise is open, the numbers are said but not what they mean") {
  Page pg;
  App& app = pg.app;
  pg.open(kSigmoidStack, 1);
  pg.step(60);
  PictureViews views;
  auto text = [&](MainTab tab) {
    std::string out;
    for (const std::string& l : describe_pictures(tab, app.session(), views)) out += l + "\n";
    return out;
  };
  const std::string told = text(MainTab::Curves);
  INFO(told);
  CHECK(has(told, "vanishing gradients"));
  CHECK((has(told, ": flat.") || has(told, ": falling.") || has(told, ": rising.")));
  views.verdicts = false;
  for (MainTab tab : {MainTab::Curves, MainTab::Boundary, MainTab::Optimizers, MainTab::Compare, MainTab::Classifiers}) {
    const std::string quiet = text(tab);
    CAPTURE(quiet);
    for (const char* verdict : {"flat.", "falling", "rising", "steady", "overfitting", "vanishing", "exploding",
                                "reached a minimum", "stalled", "still moving", "Best so far"})
      CHECK_FALSE(has(quiet, verdict));
  }
  CHECK(has(text(MainTab::Curves), "First to last layer gradient ratio"));  // the number stays

  // The app holds the verdicts back while a lab's exercise is open and not passed.
  app.load_labs_file(std::string(GRADLAB_SOURCE_DIR) + "/web/labs/labs.json");
  const std::string in_lab = pg.open("#lab=learning-rate:1", 30);
  REQUIRE(app.session().exercise().active());
  REQUIRE_FALSE(app.session().exercise().passed());
  INFO(in_lab);
  CHECK_FALSE(in_lab.empty());
  for (const char* verdict : {"flat.", "falling", "rising", "overfitting", "vanishing", "Best so far"})
    CHECK_FALSE(has(in_lab, verdict));
}

TEST_CASE("pictures in words: a recurrent layer's gradient norm at every time step, smallest and largest") {
  Page pg;
  App& app = pg.app;
  pg.open("#tab=curves&play=0&data=adding&seqlen=12&spec=INPUT%20SEQ%2012%20x%202%0ARNN-8%0AFC-1%0AMSE", 2);
  const std::string text = pg.step(5);
  INFO(text);
  const Trainer* t = current_run(app.session().train());
  REQUIRE(t);
  const auto& stats = t->layer_stats();
  int layers = 0;
  for (size_t i = 0; i < stats.size(); ++i) {
    const std::vector<float>& hn = stats[i].hidden_grad_norms;
    if (hn.empty()) continue;
    ++layers;
    REQUIRE(hn.size() == 12u);
    std::string want = "per time step of layer " + std::to_string(i) + " " + stats[i].kind + ", last batch:";
    for (size_t k = 0; k < hn.size(); ++k) want += std::string(k ? "," : "") + " t " + std::to_string(k + 1) + " " + spoken_number(hn[k]);
    size_t lo = 0, hi = 0;
    for (size_t k = 1; k < hn.size(); ++k) {
      if (hn[k] < hn[lo]) lo = k;
      if (hn[k] > hn[hi]) hi = k;
    }
    CHECK(has(text, want + "; smallest at t " + std::to_string(lo + 1) + ", largest at t " + std::to_string(hi + 1) + "."));
  }
  CHECK(layers == 1);
}

TEST_CASE("pictures in words: sigmoid units are said above 0.5, not above 0 (every output is positive)") {
  Page pg;
  const std::string text = pg.open("#tab=inside&play=0&spec=INPUT%202%0AFC-8%0ASIGMOID%0AFC-2", 5);
  INFO(text);
  // The dense row before it has signed outputs: above 0 there.
  CHECK(has(text, "FC-8 (dense): 8 of 8 hidden units, each painted over the plane (step 0). Share of the plane where "
                  "each unit is above 0:"));
  CHECK(has(text, "SIGMOID (sigmoid): 8 of 8 hidden units, each painted over the plane (step 0). Every output is "
                  "positive; share of the plane where each unit is above 0.5:"));
}
