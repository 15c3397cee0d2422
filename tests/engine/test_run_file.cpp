// Run files (engine/train/run_file.h): N + M steps straight equal N steps, save, load, M steps, bit for bit
// (weights, BN running statistics, optimizer moments, losses), for SGD with momentum, Adam, batch norm and
// dropout; shape and format errors are clear values; the size limit; the PyTorch run export's contents.
#include <doctest/doctest.h>

#include <cstring>

#include "engine/train/run_export.h"
#include "engine/train/run_file.h"

using namespace gl;

namespace {

DataDesc spirals_desc() {
  DataDesc d;
  d.kind = DataKind::Spirals;
  d.num_points = 120;
  d.noise = 0.05f;
  d.seed = 5;
  return d;
}

std::vector<float> state_of(Trainer& t) {
  std::vector<float> w;
  for (Param* p : t.model().params()) w.insert(w.end(), p->value.vec().begin(), p->value.vec().end());
  for (int i = 0; i < t.model().num_layers(); ++i)
    for (const auto& [name, b] : t.model().layer(i).buffers()) w.insert(w.end(), b->vec().begin(), b->vec().end());
  OptimState os = t.optimizer().export_state();
  for (const auto& s : os.slots)
    for (const Tensor& b : s) w.insert(w.end(), b.vec().begin(), b.vec().end());
  return w;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Trains n + m steps straight and n steps, save, load, m steps; checks every number is the same.
void check_resume(const char* spec_text, TrainDesc td, int n, int m) {
  const DataDesc dd = spirals_desc();
  auto data = std::make_shared<const Dataset>(make_dataset(dd));
  const ModelSpec spec = parse_spec_or_throw(spec_text);
  Trainer straight(spec, data, td), first(spec, data, td);
  straight.train_for(1e9, n + m);
  first.train_for(1e9, n);
  const std::string text = save_run_json(first, spec, dd);
  RunLoad loaded = load_run_json(text);
  REQUIRE_MESSAGE(loaded.ok(), loaded.error);
  auto data2 = std::make_shared<const Dataset>(make_dataset(loaded.run.data));
  std::unique_ptr<Trainer> resumed = make_trainer_from_run(loaded.run, data2);
  CHECK(resumed->steps() == n);
  resumed->train_for(1e9, m);
  CHECK(resumed->steps() == n + m);
  CHECK(same_bits(state_of(straight), state_of(*resumed)));
  REQUIRE(straight.history().size() == resumed->history().size());
  CHECK(std::memcmp(&straight.history().back().loss_data, &resumed->history().back().loss_data, 4) == 0);
  CHECK(straight.evals().size() == resumed->evals().size());
  // The saved file of the resumed run equals the straight run's (same spec, state and weights).
  CHECK(save_run_json(straight, spec, dd) == save_run_json(*resumed, spec, dd));
}

}  // namespace

TEST_CASE("run file: N + M steps straight equal N steps, save, load, M steps, bit for bit") {
  TrainDesc td;
  td.batch_size = 16;
  td.optim = optim_defaults(OptimKind::SGD);
  td.optim.lr = 0.05f;
  td.optim.momentum = 0.9f;
  td.l2 = 1e-3f;
  td.seed = 9;
  SUBCASE("MLP, SGD with momentum, across an epoch boundary") {
    check_resume("INPUT 2, FC-16, FC-16, FC-2, SOFTMAX", td, 7, 9);  // 96 training samples: 6 steps per epoch
  }
  SUBCASE("batch norm and dropout, Adam with a schedule and clipping") {
    td.optim = optim_defaults(OptimKind::Adam);
    td.schedule.kind = ScheduleKind::Step;
    td.schedule.step_size = 4;
    td.clip_norm = 1.0f;
    check_resume("INPUT 2, FC-16, BN, DROPOUT-0.3, FC-16, FC-2, SOFTMAX", td, 5, 8);
  }
  SUBCASE("saved before the first step") { check_resume("INPUT 2, FC-8, FC-2, SVM", td, 0, 5); }
}

TEST_CASE("run file: a different model is refused with a message naming the layer and both shapes") {
  const DataDesc dd = spirals_desc();
  auto data = std::make_shared<const Dataset>(make_dataset(dd));
  const ModelSpec spec = parse_spec_or_throw("INPUT 2, FC-16, FC-2, SOFTMAX");
  TrainDesc td;
  Trainer t(spec, data, td);
  t.train_for(1e9, 3);
  RunFile run = parse_run_or_throw(save_run_json(t, spec, dd));
  const std::vector<float> before = state_of(t);
  Trainer other(parse_spec_or_throw("INPUT 2, FC-12, FC-2, SOFTMAX"), data, td);
  const std::vector<float> other_before = state_of(other);
  try {
    apply_run(other, run);
    FAIL("a run of FC-16 was applied to FC-12");
  } catch (const EngineError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("'weight' of layer 0") != std::string::npos);
    CHECK(msg.find("16 x 2") != std::string::npos);
    CHECK(msg.find("12 x 2") != std::string::npos);
  }
  CHECK(same_bits(state_of(other), other_before));  // nothing changed
  // Loading into the right model works and reproduces the weights.
  Trainer same(spec, data, td);
  apply_run(same, run);
  CHECK(same_bits(state_of(same), before));
}

TEST_CASE("run file: format errors are values naming the field; the size limit") {
  CHECK(load_run_json("{\"format\": \"something\"}").error.find("not a GradLab run file") != std::string::npos);
  CHECK(load_run_json("[1,").error.find("run file") != std::string::npos);
  const DataDesc dd = spirals_desc();
  auto data = std::make_shared<const Dataset>(make_dataset(dd));
  const ModelSpec spec = parse_spec_or_throw("INPUT 2, FC-4, FC-2, SOFTMAX");
  Trainer t(spec, data, TrainDesc{});
  std::string text = save_run_json(t, spec, dd);
  std::string bad = text;
  bad.replace(bad.find("\"lr\":"), 5, "\"lr\":\"x\",\"lr_\":");
  CHECK(load_run_json(bad).error == "run file: field 'train.optimizer.lr' must be a number");
  bad = text;
  const size_t at = bad.find("\"f32\":\"") + 7;
  bad[at] = '!';
  CHECK(load_run_json(bad).error.find("invalid base64 character") != std::string::npos);
  const RunLoad big = load_run_json(std::string(kMaxRunFileBytes + 1, ' '));
  CHECK(big.error.find("more than the 64 MiB") != std::string::npos);
  CHECK(floats_from_base64(base64_floats(std::vector<float>{1.5f, -2.0f, 3.25f}.data(), 3), "t") ==
        std::vector<float>{1.5f, -2.0f, 3.25f});
  CHECK(base64_floats(std::vector<float>{1.0f}.data(), 1) == "AACAPw==");
}

TEST_CASE("PyTorch run export: the script embeds the run, the data and the module of every engine layer") {
  DataDesc dd = spirals_desc();
  auto data = std::make_shared<const Dataset>(make_dataset(dd));
  const ModelSpec spec = parse_spec_or_throw("INPUT 2, FC-8, BN, FC-2, SVM-2");
  TrainDesc td;
  td.optim = optim_defaults(OptimKind::Adam);
  Trainer t(spec, data, td);
  t.train_for(1e9, 4);
  const RunFile run = run_from_trainer(t, spec, dd);
  const std::string py = export_pytorch_run(run, *data);
  // The run literal reads back as the same run file.
  const std::string open = "RUN = json.loads(r'''";
  const size_t a = py.find(open);
  REQUIRE(a != std::string::npos);
  const size_t b = py.find("''')", a);
  CHECK(py.substr(a + open.size(), b - a - open.size()) == run_to_json(run).dump());
  // One module per engine layer (FC-8 and its ReLU, BN, FC-2), in the order the weights are stored.
  CHECK(py.find("ENGINE_MODULES = [\"fc_r1\", \"relu_r1\", \"batchnorm_r2\", \"fc_r3\"]") != std::string::npos);
  CHECK(py.find("LOSS_KIND = \"svm\"\nSVM_MARGIN = 2\n") != std::string::npos);
  // The training data, bit for bit.
  CHECK(py.find(base64_floats(data->x_train.data(), static_cast<size_t>(data->x_train.size()))) != std::string::npos);
  CHECK(py.find("torch.optim.Adam") != std::string::npos);
  CHECK(py.find("DistributedDataParallel") != std::string::npos);
}

TEST_CASE("optimizer state export / import: same moments, and a size mismatch names the param and both sizes") {
  Param w;
  w.name = "weight";
  w.value = Tensor(Shape{2, 3}, 0.5f);
  w.grad = Tensor(Shape{2, 3}, 0.25f);
  std::vector<Param*> ps{&w};
  Optimizer a(optim_defaults(OptimKind::Adam));
  a.step(ps);
  a.step(ps);
  const OptimState st = a.export_state();
  REQUIRE(st.slots.size() == 1);
  CHECK(st.steps == 2);
  CHECK(st.slots[0].size() == 2);  // exp_avg, exp_avg_sq
  Optimizer b(optim_defaults(OptimKind::Adam));
  b.import_state(st, ps);
  Param w2 = w;
  std::vector<Param*> ps2{&w2};
  a.step(ps);
  b.step(ps2);
  CHECK(w.value.vec() == w2.value.vec());
  Param small;
  small.name = "weight";
  small.value = Tensor(Shape{4}, 0.0f);
  small.grad = Tensor(Shape{4}, 0.0f);
  std::vector<Param*> other{&small};
  try {
    b.import_state(st, other);
    FAIL("a 6-element state was imported for a 4-element param");
  } catch (const EngineError& e) {
    CHECK(std::string(e.what()) == "adam: saved state of param 0 'weight' has 6 elements but the param has 4 (4)");
  }
}
