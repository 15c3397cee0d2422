// Exercises: answers checked against the inspector and the computation graph, the common mistakes named
// (never with the right answer in the feedback), goals on a run, typed-answer parsing, the JSON form.
#include <doctest/doctest.h>

#include "engine/course/exercise.h"
#include "engine/spec/spec.h"

using namespace gl;

namespace {

struct Fixture {
  ModelSpec spec;
  ModelSummary summary;
  ExprGraph graph;
  CheckFacts facts() const {
    CheckFacts f;
    f.spec = &spec;
    f.summary = &summary;
    f.graph = graph.root >= 0 ? &graph : nullptr;
    return f;
  }
};

Fixture fixture(const std::string& spec_text, const std::string& formula = "") {
  Fixture fx;
  SpecResult r = parse_spec(spec_text);
  REQUIRE(r.ok());
  fx.spec = r.spec;
  SummaryResult s = summarize_spec(fx.spec, kDefaultSummaryBatch, false);
  REQUIRE(s.ok());
  fx.summary = s.summary;
  if (!formula.empty()) {
    REQUIRE(parse_expr(formula, fx.graph).ok());
  }
  return fx;
}

ExerciseCheck cell(int row, CellField f) {
  ExerciseCheck c;
  c.kind = CheckKind::Cell;
  c.row = row;
  c.field = f;
  return c;
}

// Checks `answer` is wrong, that the feedback contains `mistake`, and that it does not give the answer away.
void wrong_with(const Fixture& fx, const ExerciseCheck& c, const std::string& answer, const std::string& mistake) {
  const CheckOutcome o = check_answer(c, answer, fx.facts(), 0, 0);
  INFO(answer << " -> " << o.feedback);
  CHECK_FALSE(o.passed);
  CHECK_FALSE(o.pending);
  CHECK(o.feedback.find(mistake) != std::string::npos);
  CHECK(o.feedback.find(expected_answer(c, fx.facts())) == std::string::npos);
  CHECK(o.revealed.empty());
}

}  // namespace

TEST_CASE("exercise: typed numbers and shapes as students write them") {
  CHECK(parse_answer_number("1200") == 1200.0);
  CHECK(parse_answer_number(" 1,200 ") == 1200.0);
  CHECK(parse_answer_number("5 x 5 x 3 x 16") == 1200.0);
  CHECK(parse_answer_number("5*5*3*16") == 1200.0);
  CHECK(parse_answer_number("5 \xC3\x97 5") == 25.0);
  CHECK(parse_answer_number("-0.25") == -0.25);
  CHECK(parse_answer_number("1.2e3") == 1200.0);
  CHECK_FALSE(parse_answer_number("0x1F"));
  CHECK_FALSE(parse_answer_number("nan"));
  CHECK_FALSE(parse_answer_number("1e999"));
  CHECK_FALSE(parse_answer_number("twelve"));
  CHECK_FALSE(parse_answer_number(""));
  CHECK(parse_answer_shape("16 x 32 x 32") == std::vector<int64_t>{16, 32, 32});
  CHECK(parse_answer_shape("(16, 32, 32)") == std::vector<int64_t>{16, 32, 32});
  CHECK(parse_answer_shape("[16,32,32]") == std::vector<int64_t>{16, 32, 32});
  CHECK_FALSE(parse_answer_shape("16 x 3.5"));
  CHECK_FALSE(parse_answer_shape("a x b"));
}

TEST_CASE("exercise: inspector cells are checked against the summary") {
  Fixture fx = fixture("INPUT 3 x 32 x 32, CONV5-16-p2-s1, POOL2, BN, FC-10");
  const CheckFacts f = fx.facts();
  CHECK(check_answer(cell(1, CellField::Shape), "16 x 32 x 32", f, 0, 0).passed);
  CHECK(check_answer(cell(1, CellField::Weights), "5 x 5 x 3 x 16", f, 0, 0).passed);
  CHECK(check_answer(cell(1, CellField::Biases), "16", f, 0, 0).passed);
  CHECK(check_answer(cell(1, CellField::Mults), "5 x 5 x 3 x 32 x 32 x 16", f, 0, 0).passed);
  CHECK(check_answer(cell(2, CellField::Shape), "16x16x16", f, 0, 0).passed);
  CHECK(check_answer(cell(3, CellField::BnParams), "32", f, 0, 0).passed);
  CHECK(check_answer(cell(2, CellField::ReceptiveField), "6 x 6", f, 0, 0).passed);
  CHECK(check_answer(cell(2, CellField::ReceptiveField), "6", f, 0, 0).passed);
  CHECK(check_answer(cell(-1, CellField::Params), std::to_string(fx.summary.total_params), f, 0, 0).passed);
  CHECK(expected_answer(cell(1, CellField::Shape), f) == "16 x 32 x 32");
  CHECK(expected_answer(cell(1, CellField::Weights), f) == "1200");
}

TEST_CASE("exercise: common counting mistakes are named, the answer is not") {
  Fixture fx = fixture("INPUT 3 x 32 x 32, CONV5-16-p2-s2, BN, POOL2, FC-10");
  wrong_with(fx, cell(1, CellField::Weights), "1216", "includes the biases");
  wrong_with(fx, cell(1, CellField::Weights), "400", "C_in");
  wrong_with(fx, cell(1, CellField::Shape), "16 x 14 x 14", "padding");
  wrong_with(fx, cell(1, CellField::Shape), "16 x 32 x 32", "stride");
  wrong_with(fx, cell(1, CellField::Shape), "16 x 15 x 15", "Off by one");
  wrong_with(fx, cell(1, CellField::Shape), "3 x 16 x 16", "one channel per filter");
  wrong_with(fx, cell(1, CellField::Shape), "16 x 16", "whole shape");
  wrong_with(fx, cell(2, CellField::BnParams), "64", "running mean");
  wrong_with(fx, cell(2, CellField::BnParams), "16", "two numbers per channel");
  wrong_with(fx, cell(1, CellField::Mults), "5 x 5 x 16 x 16 x 16", "C_in");
  wrong_with(fx, cell(1, CellField::Mults), "5 x 5 x 3 x 16", "one output position");
  wrong_with(fx, cell(3, CellField::Shape), "32 x 8 x 8", "channels does not change");
  // No known mistake: a generic hint, still without the answer.
  wrong_with(fx, cell(1, CellField::Weights), "7", "K x K");
}

TEST_CASE("exercise: 3D convolutions: forgetting the kernel's depth") {
  Fixture fx = fixture("INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, POOL2, FC-10");
  const CheckFacts f = fx.facts();
  CHECK(check_answer(cell(1, CellField::Weights), "5 x 5 x 5 x 3 x 16", f, 0, 0).passed);
  wrong_with(fx, cell(1, CellField::Weights), "5 x 5 x 3 x 16", "depth");
  wrong_with(fx, cell(1, CellField::Mults), "5 x 5 x 3 x 16 x 8 x 64 x 64", "depth");
  CHECK(check_answer(cell(1, CellField::Shape), "16 x 8 x 64 x 64", f, 0, 0).passed);
}

TEST_CASE("exercise: receptive field that forgot the strides") {
  Fixture fx = fixture("INPUT 1 x 32 x 32, CONV3-8-p1-s2, CONV3-8-p1-s1, FC-2");
  const ExerciseCheck c = cell(2, CellField::ReceptiveField);
  CHECK(expected_answer(c, fx.facts()) == "7 x 7");
  wrong_with(fx, c, "5 x 5", "strides");
}

TEST_CASE("exercise: graph values and gradients, with the sign mistake named") {
  Fixture fx = fixture("INPUT 2, FC-2", "max(w0*x0 + w1*x1 + b, 0)");
  std::vector<std::pair<std::string, double>> vals{{"w0", 2}, {"x0", -1}, {"w1", -3}, {"x1", -2}, {"b", -3}};
  REQUIRE(expr_forward(fx.graph, vals).ok());
  expr_backward(fx.graph);
  ExerciseCheck out;
  out.kind = CheckKind::Graph;
  out.qty = GraphQty::Value;
  CHECK(check_answer(out, "1", fx.facts(), 0, 0).passed);
  ExerciseCheck g;
  g.kind = CheckKind::Graph;
  g.var = "w1";
  g.qty = GraphQty::Grad;
  CHECK(check_answer(g, "-2", fx.facts(), 0, 0).passed);
  CHECK(check_answer(g, "-2.003", fx.facts(), 0, 0).passed);  // rounding within 1%
  wrong_with(fx, g, "2", "sign");
  wrong_with(fx, g, "-3", "forward value");
}

TEST_CASE("exercise: reveal only after the allowed number of attempts") {
  Fixture fx = fixture("INPUT 3 x 32 x 32, CONV5-16-p2-s1, FC-10");
  const ExerciseCheck c = cell(1, CellField::Weights);
  CHECK(check_answer(c, "1", fx.facts(), 0, 3).revealed.empty());
  CHECK(check_answer(c, "1", fx.facts(), 1, 3).revealed.empty());
  CHECK(check_answer(c, "1", fx.facts(), 2, 3).revealed == "1200");
  CHECK(check_answer(c, "1", fx.facts(), 50, 0).revealed.empty());  // never
}

TEST_CASE("exercise: choices and goals") {
  Fixture fx = fixture("INPUT 2, FC-8, FC-2");
  ExerciseCheck ch;
  ch.kind = CheckKind::Choice;
  ch.options = {"a", "b", "c"};
  ch.answer = 1;
  CHECK(check_answer(ch, "1", fx.facts(), 0, 0).passed);
  CHECK_FALSE(check_answer(ch, "2", fx.facts(), 0, 0).passed);

  ExerciseCheck goal;
  goal.kind = CheckKind::Goal;
  goal.metric = GoalMetric::AccTest;
  goal.value = 0.9;
  goal.max_params = 100;
  goal.max_steps = 2000;
  CheckFacts f = fx.facts();
  CHECK(check_answer(goal, "", f, 0, 0).pending);  // no run yet
  f.run = {true, 500, 0.3, 0.35, 0.93, 0.91, 0};
  CHECK(check_answer(goal, "", f, 0, 0).passed);
  f.run.acc_test = 0.8;
  CheckOutcome o = check_answer(goal, "", f, 0, 0);
  CHECK(o.pending);
  CHECK(o.feedback.find("0.8") != std::string::npos);
  f.run.step = 2500;
  o = check_answer(goal, "", f, 0, 0);
  CHECK_FALSE(o.passed);
  CHECK_FALSE(o.pending);
  goal.max_params = 10;  // the net has 2*8+8 + 8*2+2 = 42
  f.run.acc_test = 0.95;
  f.run.step = 100;
  o = check_answer(goal, "", f, 0, 0);
  CHECK_FALSE(o.passed);
  CHECK(o.feedback.find("42") != std::string::npos);
  ExerciseCheck loss = goal;
  loss.metric = GoalMetric::LossTrain;
  loss.value = 0.1;
  loss.max_params = 0;
  f.run.loss_train = 0.05;
  CHECK(check_answer(loss, "", f, 0, 0).passed);
}

TEST_CASE("exercise: JSON round trip and located errors") {
  Exercise ex;
  ex.title = "Conv shapes";
  ex.task = "What does **CONV5-16-p2-s1** do to a `3 x 32 x 32` input?";
  ex.checks = {cell(1, CellField::Shape), cell(1, CellField::Weights)};
  ExerciseCheck ch;
  ch.kind = CheckKind::Choice;
  ch.options = {"yes", "no"};
  ch.answer = 0;
  ex.checks.push_back(ch);
  ExerciseCheck goal;
  goal.kind = CheckKind::Goal;
  goal.metric = GoalMetric::LossTest;
  goal.value = 0.5;
  goal.max_steps = 1000;
  ex.checks.push_back(goal);
  ex.lock = {"network", "data"};
  ex.hints = {"Padding keeps the size."};
  ex.reveal_after = 3;
  std::string err;
  auto back = exercise_from_json(Json::parse(exercise_to_json(ex).dump()), err);
  REQUIRE_MESSAGE(back, err);
  CHECK(exercise_to_json(*back).dump() == exercise_to_json(ex).dump());
  CHECK(back->checks[3].max_steps == 1000);

  auto bad = [](const std::string& text) {
    std::string e;
    CHECK_FALSE(exercise_from_json(Json::parse(text), e));
    return e;
  };
  CHECK(bad(R"({"checks":[{"kind":"cell","field":"wieghts"}]})").find("check 1: unknown field 'wieghts'") == 0);
  CHECK(bad(R"({"checks":[{},{"kind":"cell","row":1e300}]})").find("check 2:") == 0);
  CHECK(bad(R"({"checks":[{"kind":"choice","options":["a"]}]})").find("at least 2") != std::string::npos);
  CHECK(bad(R"({"lock":["everything"]})").find("unknown lock") != std::string::npos);
  CHECK(bad(R"({"checks":[{"kind":"goal","metric":"acc_test"}]})").find("value") != std::string::npos);
  CHECK(bad(R"([1,2])").find("object") != std::string::npos);
}
