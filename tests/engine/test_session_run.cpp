// Run files through the session (what the page's Save run / Load run / Download for PyTorch buttons call):
// a saved run loads into a fresh session and continues exactly as the original, a run file is told apart
// from a model file, and a broken or mismatched file is refused with nothing changed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "engine/session/session.h"
#include "tests/engine/session_access.h"
#include "engine/session/session_io.h"
#include "engine/session/work_estimate.h"

using namespace gl;

namespace {
std::vector<float> all_weights(const Session& s) {
  std::vector<float> out;
  for (const Param* p : const_cast<Trainer*>(s.train().trainer())->model().params())
    out.insert(out.end(), p->value.data(), p->value.data() + p->value.size());
  return out;
}
}  // namespace

TEST_CASE("session run files: save, load into a fresh session, continue bit for bit") {
  Session a;
  REQUIRE_FALSE(a.set_spec("INPUT 2\nFC-8\nTANH\nFC-2"));
  for (int i = 0; i < 25; ++i) SessionTestAccess::train(a).step_once();
  std::string error;
  const std::string run = save_run_file(a, error);
  REQUIRE_MESSAGE(error.empty(), error);
  CHECK(is_run_file(run));
  CHECK_FALSE(is_run_file(model_file_json(a, "#tab=curves")));
  CHECK_FALSE(is_run_file("{\"format\": 3"));
  CHECK(is_run_file("{ \"format\" :\n \"gradlab-run\", \"version\": 1"));  // a damaged one: load_run says why
  CHECK_FALSE(is_run_file("{\"format\": \"gradlab-runner\"}"));
  CHECK_FALSE(is_run_file("{\"spec\": \"INPUT 2\", \"format\""));

  Session b;
  REQUIRE(b.load_run(run).empty());
  CHECK(b.valid_spec_text() == a.valid_spec_text());
  CHECK(b.train().trainer()->steps() == 25);
  CHECK(all_weights(b) == all_weights(a));
  for (int i = 0; i < 10; ++i) {
    SessionTestAccess::train(a).step_once();
    SessionTestAccess::train(b).step_once();
  }
  CHECK(all_weights(b) == all_weights(a));  // the same batches, the same optimizer state

  const std::string script = export_pytorch_script(a, error);
  REQUIRE_MESSAGE(error.empty(), error);
  CHECK(script.find("import torch") != std::string::npos);
}

TEST_CASE("a run file waits for the image pack only when its data set is an image set") {
  // The page fetches the pack on first use: a digits run asks for it and is tried again when it arrives;
  // any other problem is reported at once (it used to wait for a 5.6 MB download too).
  Session a;
  for (int i = 0; i < 3; ++i) SessionTestAccess::train(a).step_once();
  std::string error;
  const std::string run = save_run_file(a, error);
  REQUIRE(error.empty());
  const size_t at = run.find("\"spirals\"");
  REQUIRE(at != std::string::npos);
  std::string digits = run;
  digits.replace(at, 9, "\"digits\"");
  Session page;
  CHECK_FALSE(page.load_run(digits).empty());
  CHECK(page.run_needs_images());
  CHECK_FALSE(page.load_run(run.substr(0, run.size() / 2)).empty());
  CHECK_FALSE(page.run_needs_images());
  CHECK(page.load_run(run).empty());
  CHECK_FALSE(page.run_needs_images());
}

TEST_CASE("a due evaluation finishes while training is paused (the curves catch up after a Step)") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  SessionEdits pause;
  pause.play = false;
  s.apply(pause);
  Trainer& t = *tl.trainer();
  t.slice_evaluations(1);  // one sample per slice: step 50 leaves the evaluation pending
  while (t.steps() < 50) t.step();
  REQUIRE(t.eval_pending());
  REQUIRE(t.evals().empty());
  for (int frame = 0; frame < 2000 && t.eval_pending(); ++frame) CHECK(s.train_for(16.0) == 0);
  CHECK_FALSE(t.eval_pending());
  REQUIRE(t.evals().size() == 1);
  CHECK(t.evals()[0].step == 50);
  CHECK(t.steps() == 50);
}

TEST_CASE("session run files: a broken or mismatched file changes nothing") {
  Session a;
  REQUIRE_FALSE(a.set_spec("INPUT 2\nFC-8\nFC-2"));
  SessionTestAccess::train(a).step_once();
  std::string error;
  std::string run = save_run_file(a, error);
  REQUIRE(error.empty());

  Session b;
  REQUIRE_FALSE(b.set_spec("INPUT 2\nFC-4\nFC-2"));
  const std::string spec_before = b.valid_spec_text();
  const Trainer* trainer_before = b.train().trainer();
  CHECK_FALSE(b.load_run("{\"format\":\"gradlab-run\",\"version\":99}").empty());
  // The run's spec says FC-8 but its weights are cut to another shape: the shape check refuses it.
  std::string bad = run;
  const size_t at = bad.find("FC-8");
  REQUIRE(at != std::string::npos);
  bad.replace(at, 4, "FC-9");
  const std::string err = b.load_run(bad);
  CHECK_FALSE(err.empty());
  CHECK(b.valid_spec_text() == spec_before);
  CHECK(b.train().trainer() == trainer_before);
}

TEST_CASE("a stalled run is reported by the training lab, a healthy one is not") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  TrainDesc t = tl.train_desc();
  t.optim = optim_defaults(OptimKind::SGD);
  t.optim.lr = 5.0f;  // the case: SGD at lr 5 on spirals sits at chance
  tl.set_train(t);
  for (int i = 0; i < 400 && tl.stall_message().empty(); ++i) tl.step_once();
  CHECK_FALSE(tl.stall_message().empty());
  CHECK(tl.stall_message().find("tall") != std::string::npos);
  tl.reset();
  CHECK(tl.stall_message().empty() == true);  // a new model: no verdict yet
  Session healthy;  // Adam at 0.01, the page's default
  for (int i = 0; i < 400; ++i) SessionTestAccess::train(healthy).step_once();
  CHECK(healthy.train().stall_message().empty());
}

TEST_CASE("a step the page cannot afford is refused with its estimate; the decision grid is sized to fit") {
  Session s;
  REQUIRE_FALSE(s.set_spec("INPUT 2, FC-4000, FC-4000, FC-2"));  // the 16 M-parameter net
  TrainLab& tl = SessionTestAccess::train(s);
  TrainDesc t = tl.train_desc();
  t.batch_size = 1024;  // 6 x 16 M x 1024 = 98 GFLOP per step: over 200 ms on any machine below 490 GFLOP/s
  tl.set_train(t);
  REQUIRE(tl.error().empty());
  CHECK(tl.step_too_slow());
  CHECK(tl.work_note().find("Training is off") != std::string::npos);
  CHECK(tl.work_note().find("GFLOP") != std::string::npos);
  const int64_t before = tl.trainer()->steps();
  CHECK(tl.train_for(50.0) == 0);
  tl.step_once();
  CHECK(tl.trainer()->steps() == before);
  // The decision grid: the cells it evaluates are sized by the estimate (8 x 8 at least, once per model).
  const PlaneGrid& g = tl.decision_grid(64);
  CHECK(g.n >= 8);
  CHECK(g.n < 64);
  const Revision painted = g.rev;
  CHECK(tl.decision_grid(64).rev == painted);

  Session small;  // the default net: affordable, no note, the full grid
  CHECK_FALSE(small.train().step_too_slow());
  CHECK(small.train().work_note().empty());
  // 320 multiplications per sample: the full 64 x 64 grid unless this machine is very slow right now.
  const double cells = kMaxViewMs / estimate_forward(small.summary().total_mults, 1).ms;
  CHECK(SessionTestAccess::train(small).decision_grid(64).n == std::max(8, std::min(64, static_cast<int>(std::sqrt(cells)))));
}

TEST_CASE("an image data set asked for before the pack arrives opens when it does (GRADLAB_PACK)") {
  const char* path = std::getenv("GRADLAB_PACK");
  if (!path || !*path) return;  // the pack is built by ./build.sh (engine/data/pack_images.py)
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  DataDesc d = tl.data_desc();
  d.kind = DataKind::Digits;
  tl.set_data(d);  // as a link opened while the page still fetches the pack
  CHECK(tl.data_desc().kind == DataKind::Spirals);
  CHECK(tl.error().find("still loading") != std::string::npos);
  CHECK(tl.load_image_pack(path).empty());
  CHECK(tl.data_desc().kind == DataKind::Digits);
  CHECK(tl.data()->sample_shape() == Shape{1, 8, 8});
}

TEST_CASE("a failed pack download gives up the image set that waited for it, and says why") {
  Session s;
  TrainLab& tl = SessionTestAccess::train(s);
  DataDesc d = tl.data_desc();
  d.kind = DataKind::FashionMnist;
  tl.set_data(d);
  REQUIRE(tl.waiting_for_images());
  s.image_pack_failed("TypeError: Failed to fetch");
  CHECK_FALSE(tl.waiting_for_images());  // the page stops asking for it
  CHECK(tl.error() == "fashion: the image data sets could not be downloaded (TypeError: Failed to fetch); pick the "
                      "data set again to retry");
  tl.set_data(d);  // picked again: asked for again
  CHECK(tl.waiting_for_images());
}

TEST_CASE("the Compare tab refuses side-by-side runs whose round of steps the page cannot afford") {
  ModelSpec wide = parse_spec_or_throw("INPUT 2, FC-2000, FC-2000, FC-2");  // 4 M parameters: within the budget
  CompareLab lab;
  CompareDesc desc;
  desc.kind = CompareKind::Batch;  // batches 8, 32, 128: 6 x 4 M x 168 = 4 GFLOP a round
  TrainDesc base;
  lab.configure(wide, std::make_shared<const Dataset>(make_dataset(DataDesc{})), base, desc);
  REQUIRE(lab.error().find("budget") == std::string::npos);
  if (estimate_step(4008000, 4012002, 168).ms > kMaxStepMs) {
    CHECK(lab.group() == nullptr);
    CHECK(lab.error().find("longer than the page can give a frame") != std::string::npos);
  }
}
