// The labs the site ships (web/labs/labs.json): the file reads without error, and every question can be
// answered by the engine for the state its exercise sets up (the spec parses, the rows and variables asked
// about exist); a located error for a broken file.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "engine/course/labs.h"
#include "engine/spec/spec.h"

using namespace gl;

namespace {

std::string read_labs_file() {
  std::ifstream f(std::string(GRADLAB_SOURCE_DIR) + "/web/labs/labs.json");
  REQUIRE(f.good());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// A link's graph values, "x~-2~y~5" (the `v` key of docs/links.md) -> {{"x",-2},{"y",5}}
std::vector<std::pair<std::string, double>> parse_values(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, '~')) parts.push_back(item);
  REQUIRE(parts.size() % 2 == 0);
  std::vector<std::pair<std::string, double>> out;
  for (size_t i = 0; i + 1 < parts.size(); i += 2) out.emplace_back(parts[i], std::stod(parts[i + 1]));
  return out;
}

}  // namespace

TEST_CASE("labs: the shipped labs read and every question has an answer") {
  std::string error;
  const auto labs = labs_from_json(read_labs_file(), error);
  REQUIRE_MESSAGE(labs, error);
  CHECK(labs->size() >= 13);
  int questions = 0;
  for (const Lab& lab : *labs) {
    CHECK(lab.exercises.size() >= 2);
    CHECK(lab.exercises.size() <= 5);
    for (size_t i = 0; i < lab.exercises.size(); ++i) {
      const LabExercise& le = lab.exercises[i];
      INFO("lab " << lab.id << ", exercise " << i + 1);
      ModelSpec spec;
      ModelSummary summary;
      ExprGraph graph;
      CheckFacts facts;
      if (const std::string* text = le.find("spec")) {
        SpecResult r = parse_spec(*text);
        REQUIRE_MESSAGE(r.ok(), r.error->message);
        spec = r.spec;
        SummaryResult s = summarize_spec(spec, kDefaultSummaryBatch, false);
        REQUIRE(s.ok());
        summary = s.summary;
        facts.spec = &spec;
        facts.summary = &summary;
      }
      if (const std::string* f = le.find("f")) {
        REQUIRE(parse_expr(*f, graph).ok());
        REQUIRE(le.find("v"));
        REQUIRE(expr_forward(graph, parse_values(*le.find("v"))).ok());
        expr_backward(graph);
        facts.graph = &graph;
      }
      for (const ExerciseCheck& c : le.exercise.checks) {
        if (c.kind == CheckKind::Cell || c.kind == CheckKind::Graph) {
          const std::string want = expected_answer(c, facts);
          INFO(check_prompt(c, facts.summary));
          CHECK_FALSE(want.empty());
          CHECK(check_answer(c, want, facts, 0, 0).passed);
          ++questions;
        }
      }
    }
  }
  CHECK(questions >= 20);
}

TEST_CASE("labs: a broken file gets a located error") {
  std::string e;
  CHECK_FALSE(labs_from_json(R"({"labs":[{"id":"a","title":"A","exercises":[{"state":{},"exercise":{"checks":[{"kind":"cell","field":"x"}]}}]}]})", e));
  CHECK(e.find("lab 1 'a', exercise 1: check 1: unknown field 'x'") == 0);
  CHECK_FALSE(labs_from_json(R"({"labs":[{"id":"a","title":"A","exercises":[]}]})", e));
  CHECK(e.find("non-empty") != std::string::npos);
  CHECK_FALSE(labs_from_json(R"({"labs":[{"id":"a","title":"A","exercises":[{"state":{"spec":3},"exercise":{}}]}]})", e));
  CHECK(e.find("state 'spec' must be text") != std::string::npos);
  CHECK_FALSE(labs_from_json("{", e));
  CHECK_FALSE(labs_from_json(std::string(kMaxLabsFileBytes + 1, ' '), e));
  CHECK(e.find("limit") != std::string::npos);
}
