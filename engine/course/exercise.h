// Exercises: a task text, the questions a student answers (checked against what the engine computes) or the
// goals a run must reach, the controls an exercise locks, hints, and when (if ever) a wrong answer may show
// the right one. Plain data plus the checker; the JSON form travels in a link (`ex=`). Not here: drawing, or
// where the facts come from (the session fills CheckFacts from its model summary, graph and trainer).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/expr/expr.h"
#include "engine/model/summary.h"

namespace gl {

enum class CheckKind { Cell, Graph, Choice, Goal, Count };
// A cell of the Inspector table (row = spec row, 0 is INPUT; -1 = the totals row).
enum class CellField { Shape, Weights, Biases, BnParams, Params, Mults, ReceptiveField, Count };
enum class GraphQty { Value, Grad, Count };
// Run metrics a goal can name: loss_train, loss_test, acc_train, acc_test.
enum class GoalMetric { LossTrain, LossTest, AccTrain, AccTest, Count };

const char* check_kind_name(CheckKind k);    // "cell", "graph", "choice", "goal"
const char* cell_field_name(CellField f);    // "shape", "weights", "biases", "bn", "params", "mults", "rf"
const char* graph_qty_name(GraphQty q);      // "value", "grad"
const char* goal_metric_name(GoalMetric m);  // "loss_train", ...

struct ExerciseCheck {
  CheckKind kind = CheckKind::Cell;
  std::string prompt;  // the question as the student reads it; generated when empty (see check_prompt)
  // Cell
  int row = 1;
  CellField field = CellField::Weights;
  // Graph: a variable's name, or "" for the output (root) node
  std::string var;
  GraphQty qty = GraphQty::Grad;
  // Choice: the options and the index of the right one
  std::vector<std::string> options;
  int answer = -1;
  // Goal: metric >= value (accuracies) or <= value (losses), with optional limits
  GoalMetric metric = GoalMetric::AccTest;
  double value = 0;
  int64_t max_params = 0;  // 0 = no limit
  int64_t max_steps = 0;   // 0 = no limit
};

struct Exercise {
  std::string title;
  std::string task;                 // short markdown: paragraphs, **bold**, `code`, "- " lists
  std::vector<ExerciseCheck> checks;
  std::vector<std::string> lock;    // locked control groups: "network", "data", "training", "tabs"
  std::vector<std::string> hints;   // shown one at a time, after wrong attempts
  int reveal_after = 0;             // wrong attempts after which the right answer is shown; 0 = never
};

// Limits of an exercise from a link (checked by exercise_from_json).
constexpr size_t kMaxExerciseChecks = 16;
constexpr size_t kMaxExerciseText = 4000;   // task, per hint, per option
constexpr size_t kMaxExerciseHints = 8;
constexpr size_t kMaxChoiceOptions = 8;

Json exercise_to_json(const Exercise& ex);
// Reads an exercise; on error returns nullopt and sets error ("check 2: unknown field 'wieghts'").
std::optional<Exercise> exercise_from_json(const Json& j, std::string& error);

// The question text for a check ("Weights of row 1 (CONV5-16-p2-s1)") given the model it is asked about.
std::string check_prompt(const ExerciseCheck& c, const ModelSummary* summary);

// What the checker compares with: filled by the session from its current state.
struct RunFacts {
  bool has_run = false;  // a trainer exists for the current spec and data
  int64_t step = 0;
  double loss_train = 0, loss_test = 0, acc_train = 0, acc_test = 0;
  int64_t params = 0;
};
struct CheckFacts {
  const ModelSpec* spec = nullptr;
  const ModelSummary* summary = nullptr;
  const ExprGraph* graph = nullptr;
  RunFacts run;
};

struct CheckOutcome {
  bool passed = false;
  std::string feedback;  // never contains the right answer unless `revealed` is set
  std::string revealed;  // the right answer, only once the exercise allows it
  bool pending = false;  // a goal not reached yet (not counted as a wrong attempt)
};

// Checks one answer (typed text, or the chosen option's index as text for Choice; ignored for Goal).
// attempts: wrong attempts before this one (for reveal_after).
CheckOutcome check_answer(const ExerciseCheck& c, const std::string& answer, const CheckFacts& facts,
                          int attempts, int reveal_after);

// The engine's answer to a check as text ("16 x 32 x 32", "1200", "-0.2"): what a correct student types.
// Empty when the facts cannot answer it (no such row, no graph, ...). For tests and for the reveal.
std::string expected_answer(const ExerciseCheck& c, const CheckFacts& facts);

// Typed numbers as students write them: "1200", "1,200", "5 x 5 x 3 x 16" (a product; x, *, ×), "1.2e3",
// "-0.25". nullopt when it is not a number.
std::optional<double> parse_answer_number(const std::string& text);
// A shape as typed: "16 x 32 x 32", "16x32x32", "(16, 32, 32)", "[16,32,32]".
std::optional<std::vector<int64_t>> parse_answer_shape(const std::string& text);

}  // namespace gl
