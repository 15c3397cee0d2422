// Exercises: JSON form, typed-answer parsing, and the checker with its catalogue of common mistakes
// (a weight count that includes the biases, a convolution that forgot C_in or the kernel's depth, an output
// size that forgot the padding or the stride, a BN count with the running statistics, a gradient with the
// wrong sign). Feedback names the likely mistake but never the right answer, unless the exercise reveals it.
#include "engine/course/exercise.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iterator>

#include "engine/core/check.h"

namespace gl {
namespace {

template <class E, size_t N>
std::optional<E> enum_from_name(const std::string& s, const char* (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

const char* kCheckKinds[] = {"cell", "graph", "choice", "goal"};
const char* kCellFields[] = {"shape", "weights", "biases", "bn", "params", "mults", "rf"};
const char* kGraphQtys[] = {"value", "grad"};
const char* kGoalMetrics[] = {"loss_train", "loss_test", "acc_train", "acc_test"};
static_assert(std::size(kCheckKinds) == static_cast<size_t>(CheckKind::Count));
static_assert(std::size(kCellFields) == static_cast<size_t>(CellField::Count));
static_assert(std::size(kGraphQtys) == static_cast<size_t>(GraphQty::Count));
static_assert(std::size(kGoalMetrics) == static_cast<size_t>(GoalMetric::Count));

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

bool is_loss_metric(GoalMetric m) { return m == GoalMetric::LossTrain || m == GoalMetric::LossTest; }

// The factors of a product as typed, split on x, X, *, or the UTF-8 multiplication sign.
std::vector<std::string> split_factors(const std::string& text) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == 'x' || c == 'X' || c == '*') { out.emplace_back(); continue; }
    if (static_cast<unsigned char>(c) == 0xC3 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x97) {
      out.emplace_back(); ++i; continue;  // U+00D7
    }
    out.back() += c;
  }
  return out;
}

std::optional<double> parse_plain_number(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ',' || c == ' ' || c == '_'; }), s.end());
  if (s.empty() || s.size() > 40) return std::nullopt;
  // Digits, sign, point and exponent only (no hex, no inf/nan words).
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
      return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Spatial geometry of a conv / pool row: input shape (C x [T x] H x W) and kernel/stride/pad per axis.
struct Geometry {
  Shape in;
  std::vector<int> k, s, p;
  int axes() const { return static_cast<int>(k.size()); }
};
int axis_value(const std::vector<int>& v, int i, int fallback) {
  if (v.empty()) return fallback;
  return v[static_cast<size_t>(std::min(i, static_cast<int>(v.size()) - 1))];
}
std::optional<Geometry> row_geometry(const CheckFacts& f, int row) {
  if (!f.spec || !f.summary || row <= 0 || row >= static_cast<int>(f.spec->rows.size()) ||
      row >= static_cast<int>(f.summary->rows.size()))
    return std::nullopt;
  const SpecRow& r = f.spec->rows[static_cast<size_t>(row)];
  if (r.kind != RowKind::Conv && r.kind != RowKind::MaxPool && r.kind != RowKind::AvgPool) return std::nullopt;
  Geometry g;
  g.in = f.summary->rows[static_cast<size_t>(row - 1)].output_shape;
  if (g.in.rank() < 3) return std::nullopt;
  for (int a = 0; a < g.in.rank() - 1; ++a) {
    g.k.push_back(axis_value(r.desc.kernel, a, 1));
    g.s.push_back(axis_value(r.desc.stride, a, 1));
    g.p.push_back(axis_value(r.desc.pad, a, 0));
  }
  return g;
}

// Output shape of a conv / pool with the given per-axis geometry; channels = units for conv, C_in for pools.
std::vector<int64_t> conv_out(const Geometry& g, int channels, bool use_pad, bool use_stride, bool plus_one) {
  std::vector<int64_t> out{channels};
  for (int a = 0; a < g.axes(); ++a) {
    const int64_t pad = use_pad ? g.p[static_cast<size_t>(a)] : 0;
    const int64_t stride = use_stride ? g.s[static_cast<size_t>(a)] : 1;
    const int64_t span = g.in[a + 1] + 2 * pad - g.k[static_cast<size_t>(a)];
    out.push_back((span < 0 ? 0 : span / stride) + (plus_one ? 1 : 0));
  }
  return out;
}

std::vector<int64_t> to_dims(const Shape& s) { return std::vector<int64_t>(s.dims.begin(), s.dims.end()); }

std::string shape_mistake(const CheckFacts& f, int row, const std::vector<int64_t>& got, const Shape& want) {
  if (static_cast<int>(got.size()) == want.rank() - 1 && want.rank() >= 2)
    return "Give the whole shape, channels first (C x H x W, or C x T x H x W for clips).";
  const auto g = row_geometry(f, row);
  if (!g) return "";
  const SpecRow& r = f.spec->rows[static_cast<size_t>(row)];
  const int channels = r.kind == RowKind::Conv ? r.desc.units : g->in[0];
  const bool padded = std::any_of(g->p.begin(), g->p.end(), [](int p) { return p > 0; });
  const bool strided = std::any_of(g->s.begin(), g->s.end(), [](int s) { return s > 1; });
  if (padded && got == conv_out(*g, channels, false, true, true))
    return "It looks like the padding was left out: each side adds P positions before the kernel slides.";
  if (strided && got == conv_out(*g, channels, true, false, true))
    return "It looks like the stride was left out: the kernel moves S positions at a time.";
  if (got == conv_out(*g, channels, true, true, false))
    return "Off by one: count the first position of the kernel too ((W + 2P - K) / S + 1).";
  if (r.kind == RowKind::Conv && got.size() == want.dims.size() && !got.empty() && got[0] != want[0])
    return "Check the channels: a convolution's output has one channel per filter.";
  if (r.kind != RowKind::Conv && got.size() == want.dims.size() && !got.empty() && got[0] != want[0])
    return "Pooling works on each channel separately: the number of channels does not change.";
  return "";
}

// Receptive field without the strides' growth: 1 + sum of (k - 1) over the rows up to `row`.
std::vector<int64_t> naive_receptive_field(const CheckFacts& f, int row) {
  const size_t axes = f.summary->rows[static_cast<size_t>(row)].receptive_field.size();
  std::vector<int64_t> rf(axes, 1);
  for (int i = 1; i <= row; ++i) {
    const SpecRow& r = f.spec->rows[static_cast<size_t>(i)];
    if (r.kind != RowKind::Conv && r.kind != RowKind::MaxPool && r.kind != RowKind::AvgPool) continue;
    for (size_t a = 0; a < axes; ++a) rf[a] += axis_value(r.desc.kernel, static_cast<int>(a), 1) - 1;
  }
  return rf;
}

bool near(double got, double want, bool integer) {
  if (integer) return std::llround(got) == std::llround(want) && std::fabs(got - std::llround(got)) < 1e-9;
  return std::fabs(got - want) <= std::max(0.005, 0.01 * std::fabs(want));
}

struct Expected {
  bool ok = false;
  bool shape = false;              // compare as a shape
  std::vector<int64_t> dims;       // shape or receptive field
  double number = 0;
  bool integer = true;
  std::string text;
};

Expected cell_expected(const ExerciseCheck& c, const CheckFacts& f) {
  Expected e;
  if (!f.summary) return e;
  const ModelSummary& s = *f.summary;
  if (c.row == -1) {
    const int64_t v[] = {0, s.total_weights, s.total_biases, s.total_bn_params, s.total_params, s.total_mults, 0};
    if (c.field == CellField::Shape || c.field == CellField::ReceptiveField) return e;
    e.ok = true;
    e.number = static_cast<double>(v[static_cast<int>(c.field)]);
    e.text = std::to_string(v[static_cast<int>(c.field)]);
    return e;
  }
  if (c.row < 0 || c.row >= static_cast<int>(s.rows.size())) return e;
  const RowSummary& r = s.rows[static_cast<size_t>(c.row)];
  e.ok = true;
  switch (c.field) {
    case CellField::Shape: e.shape = true; e.dims = to_dims(r.output_shape); e.text = r.output_shape.str(); break;
    case CellField::ReceptiveField: {
      e.shape = true;
      e.dims.assign(r.receptive_field.begin(), r.receptive_field.end());
      for (size_t i = 0; i < e.dims.size(); ++i) e.text += (i ? " x " : "") + std::to_string(e.dims[i]);
      e.ok = !e.dims.empty();
      break;
    }
    default: {
      const int64_t v[] = {0, r.weights, r.biases, r.bn_params, r.params(), r.mults, 0};
      e.number = static_cast<double>(v[static_cast<int>(c.field)]);
      e.text = std::to_string(v[static_cast<int>(c.field)]);
    }
  }
  return e;
}

const ExprNode* graph_node(const ExerciseCheck& c, const CheckFacts& f) {
  if (!f.graph || f.graph->root < 0) return nullptr;
  if (c.var.empty()) return &f.graph->root_node();
  const int vi = f.graph->var_index(c.var);
  if (vi < 0) return nullptr;
  return &f.graph->nodes[static_cast<size_t>(f.graph->var_nodes[static_cast<size_t>(vi)])];
}

Expected graph_expected(const ExerciseCheck& c, const CheckFacts& f) {
  Expected e;
  const ExprNode* n = graph_node(c, f);
  if (!n) return e;
  e.ok = true;
  e.integer = false;
  e.number = c.qty == GraphQty::Value ? n->value : (c.var.empty() ? 1.0 : n->grad);
  e.text = format_number(e.number);
  return e;
}

// The likely mistake behind a wrong count, or "" when none of the common ones fits.
std::string count_mistake(const ExerciseCheck& c, const CheckFacts& f, double got) {
  if (c.row < 0 || !f.summary || c.row >= static_cast<int>(f.summary->rows.size())) {
    if (c.row == -1 && c.field == CellField::Params && got == static_cast<double>(f.summary->total_params + f.summary->total_bn_running))
      return "Batch norm's running mean and variance are buffers, not learned parameters: leave them out.";
    return "";
  }
  const RowSummary& r = f.summary->rows[static_cast<size_t>(c.row)];
  const auto eq = [&](int64_t v) { return v > 0 && got == static_cast<double>(v); };
  const auto g = row_geometry(f, c.row);
  const int64_t cin = g ? g->in[0] : 0;
  const int64_t kdepth = g && g->axes() == 3 ? g->k[0] : 0;
  switch (c.field) {
    case CellField::Weights:
      if (r.biases > 0 && eq(r.weights + r.biases)) return "That count includes the biases: weights only.";
      if (cin > 1 && eq(r.weights / cin)) return "Each filter spans every input channel: multiply by C_in.";
      if (kdepth > 1 && eq(r.weights / kdepth)) return "A 3D kernel also spans time: multiply by its depth (frames).";
      if (r.biases > 0 && eq(r.biases)) return "That is the number of biases (one per filter or unit).";
      return "";
    case CellField::Biases:
      if (eq(r.weights)) return "That is the weight count: a layer has one bias per filter (or unit).";
      if (r.output_shape.rank() >= 2 && eq(r.output_shape.numel())) return "One bias per filter, shared by every output position.";
      return "";
    case CellField::BnParams:
      if (eq(r.bn_params + r.bn_running)) return "The running mean and variance are not learned: count gamma and beta only.";
      if (eq(r.bn_params / 2)) return "Batch norm learns two numbers per channel: a scale (gamma) and a shift (beta).";
      if (r.output_shape.rank() >= 2 && eq(r.bn_params / 2 * r.output_shape.tail(1))) return "Batch norm's gamma and beta are per channel, shared over positions.";
      return "";
    case CellField::Params:
      if (eq(r.params() + r.bn_running)) return "The running mean and variance are buffers, not learned parameters.";
      if (r.biases > 0 && eq(r.params() - r.biases)) return "Don't forget the biases.";
      return "";
    case CellField::Mults: {
      if (cin > 1 && eq(r.mults / cin)) return "Each output value sums over every input channel: multiply by C_in.";
      if (kdepth > 1 && eq(r.mults / kdepth)) return "A 3D kernel also spans time: multiply by its depth.";
      const int64_t positions = r.output_shape.rank() >= 2 ? r.output_shape.tail(1) : 0;
      if (positions > 1 && eq(r.mults / positions)) return "That is the cost of one output position: multiply by the output's positions.";
      if (r.weights > 0 && eq(r.weights) && r.mults != r.weights) return "That is the weight count; each weight is used at every output position.";
      return "";
    }
    default: return "";
  }
}

const char* field_hint(CellField f) {
  switch (f) {
    case CellField::Shape: return "Per axis: (W + 2P - K) / S + 1; channels = number of filters.";
    case CellField::Weights: return "A filter has K x K (x K) x C_in weights; there are as many filters as output channels.";
    case CellField::Biases: return "One bias per filter (or per unit).";
    case CellField::BnParams: return "Count what batch norm learns per channel.";
    case CellField::Params: return "Learned parameters: weights, biases and batch norm's gamma and beta.";
    case CellField::Mults: return "Multiplications per output value, times the number of output values.";
    case CellField::ReceptiveField: return "Walk back from one output: each layer widens the field by (K - 1) times the product of the strides before it.";
    default: return "";
  }
}

CheckOutcome check_goal(const ExerciseCheck& c, const CheckFacts& f) {
  CheckOutcome o;
  const RunFacts& r = f.run;
  const int64_t params = f.summary ? f.summary->total_params : r.params;
  if (c.max_params > 0 && params > c.max_params) {
    o.feedback = str_cat("The network has ", params, " parameters; this goal allows at most ", c.max_params, ".");
    return o;
  }
  if (!r.has_run) {
    o.pending = true;
    o.feedback = "No run yet: press Play to train.";
    return o;
  }
  const double vals[] = {r.loss_train, r.loss_test, r.acc_train, r.acc_test};
  const double v = vals[static_cast<int>(c.metric)];
  const bool loss = is_loss_metric(c.metric);
  const bool met = std::isfinite(v) && (loss ? v <= c.value : v >= c.value);
  const std::string now = str_cat(goal_metric_name(c.metric), " is ", fmt_g(v), " at step ", r.step, "; the goal is ",
                                  loss ? "<= " : ">= ", fmt_g(c.value));
  if (met && (c.max_steps == 0 || r.step <= c.max_steps)) {
    o.passed = true;
    o.feedback = "Goal reached: " + now + ".";
  } else if (c.max_steps > 0 && r.step > c.max_steps) {
    o.feedback = str_cat("Not within ", c.max_steps, " steps (", now, "). Change the settings and press Reset.");
  } else {
    o.pending = true;
    o.feedback = "Not yet: " + now + ".";
  }
  return o;
}

}  // namespace

const char* check_kind_name(CheckKind k) { return kCheckKinds[static_cast<int>(k)]; }
const char* cell_field_name(CellField f) { return kCellFields[static_cast<int>(f)]; }
const char* graph_qty_name(GraphQty q) { return kGraphQtys[static_cast<int>(q)]; }
const char* goal_metric_name(GoalMetric m) { return kGoalMetrics[static_cast<int>(m)]; }

std::optional<double> parse_answer_number(const std::string& text) {
  const auto factors = split_factors(trim(text));
  double prod = 1;
  for (const auto& f : factors) {
    const auto v = parse_plain_number(trim(f));
    if (!v) return std::nullopt;
    prod *= *v;
  }
  if (!std::isfinite(prod)) return std::nullopt;
  return prod;
}

std::optional<std::vector<int64_t>> parse_answer_shape(const std::string& text) {
  std::string t = trim(text);
  if (!t.empty() && (t.front() == '(' || t.front() == '[')) t.erase(0, 1);
  if (!t.empty() && (t.back() == ')' || t.back() == ']')) t.pop_back();
  std::replace(t.begin(), t.end(), ',', 'x');
  std::vector<int64_t> out;
  for (const auto& f : split_factors(t)) {
    const auto v = parse_plain_number(trim(f));
    if (!v || *v < 0 || *v != std::floor(*v) || *v > 1e15) return std::nullopt;
    out.push_back(static_cast<int64_t>(*v));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string expected_answer(const ExerciseCheck& c, const CheckFacts& f) {
  switch (c.kind) {
    case CheckKind::Cell: { auto e = cell_expected(c, f); return e.ok ? e.text : ""; }
    case CheckKind::Graph: { auto e = graph_expected(c, f); return e.ok ? e.text : ""; }
    case CheckKind::Choice:
      return c.answer >= 0 && c.answer < static_cast<int>(c.options.size()) ? c.options[static_cast<size_t>(c.answer)] : "";
    default: return "";
  }
}

CheckOutcome check_answer(const ExerciseCheck& c, const std::string& answer, const CheckFacts& f, int attempts,
                          int reveal_after) {
  if (c.kind == CheckKind::Goal) return check_goal(c, f);
  CheckOutcome o;
  const std::string typed = trim(answer);
  if (typed.empty()) { o.pending = true; o.feedback = "Type an answer first."; return o; }
  if (c.kind == CheckKind::Choice) {
    const auto v = parse_plain_number(typed);
    o.passed = v && *v >= 0 && *v < 1e6 && static_cast<int>(*v) == c.answer;  // range first: no UB on "1e300"
    o.feedback = o.passed ? "Right." : "Not this one.";
  } else {
    const Expected e = c.kind == CheckKind::Cell ? cell_expected(c, f) : graph_expected(c, f);
    if (!e.ok) { o.pending = true; o.feedback = "This question does not fit the current network or graph."; return o; }
    std::string mistake;
    if (e.shape) {
      auto got = parse_answer_shape(typed);
      // A receptive field written as one number means the same size on every axis.
      if (got && c.field == CellField::ReceptiveField && got->size() == 1 && e.dims.size() > 1)
        got = std::vector<int64_t>(e.dims.size(), (*got)[0]);
      if (!got) { o.pending = true; o.feedback = "Write a shape as numbers separated by x, e.g. 8 x 16 x 16."; return o; }
      o.passed = *got == e.dims;
      if (!o.passed && c.field == CellField::Shape) mistake = shape_mistake(f, c.row, *got, Shape(std::vector<int>(e.dims.begin(), e.dims.end())));
      if (!o.passed && c.field == CellField::ReceptiveField && *got == naive_receptive_field(f, c.row))
        mistake = "Each layer's kernel counts in steps of the strides before it: multiply (K - 1) by those strides.";
    } else {
      const auto got = parse_answer_number(typed);
      if (!got) { o.pending = true; o.feedback = "That is not a number (products like 5 x 5 x 3 are fine)."; return o; }
      o.passed = near(*got, e.number, e.integer);
      if (!o.passed && c.kind == CheckKind::Graph && near(*got, -e.number, false) && e.number != 0)
        mistake = "Check the sign.";
      else if (!o.passed && c.kind == CheckKind::Graph && c.qty == GraphQty::Grad) {
        const ExprNode* n = graph_node(c, f);
        if (n && near(*got, n->value, false) && !near(n->value, e.number, false))
          mistake = "That is the node's forward value; the question asks for its gradient.";
      } else if (!o.passed && c.kind == CheckKind::Cell) {
        mistake = count_mistake(c, f, *got);
      }
    }
    if (o.passed) o.feedback = "Right.";
    else if (!mistake.empty()) o.feedback = "Not quite. " + mistake;
    else o.feedback = c.kind == CheckKind::Cell ? std::string("Not quite. ") + field_hint(c.field) : "Not quite.";
  }
  if (!o.passed && reveal_after > 0 && attempts + 1 >= reveal_after) o.revealed = expected_answer(c, f);
  return o;
}

std::string check_prompt(const ExerciseCheck& c, const ModelSummary* s) {
  if (!c.prompt.empty()) return c.prompt;
  switch (c.kind) {
    case CheckKind::Cell: {
      static const char* what[] = {"Output shape", "Weights", "Biases", "Batch norm parameters", "Learnable parameters",
                                   "Multiplications", "Receptive field"};
      std::string row = c.row == -1 ? "the whole network" : str_cat("row ", c.row);
      if (s && c.row >= 0 && c.row < static_cast<int>(s->rows.size())) row += " (" + s->rows[static_cast<size_t>(c.row)].spec + ")";
      return str_cat(what[static_cast<int>(c.field)], " of ", row);
    }
    case CheckKind::Graph:
      return c.var.empty() ? (c.qty == GraphQty::Value ? "Value of the output" : "Gradient of the output")
                           : str_cat(c.qty == GraphQty::Value ? "Value of " : "Gradient of the output with respect to ", c.var);
    case CheckKind::Choice: return "Choose one";
    case CheckKind::Goal: {
      std::string t = str_cat("Train until ", goal_metric_name(c.metric), is_loss_metric(c.metric) ? " <= " : " >= ", fmt_g(c.value));
      if (c.max_params > 0) t += str_cat(" with at most ", c.max_params, " parameters");
      if (c.max_steps > 0) t += str_cat(" within ", c.max_steps, " steps");
      return t;
    }
    default: return "";
  }
}

Json exercise_to_json(const Exercise& ex) {
  Json j = Json::object();
  if (!ex.title.empty()) j.set("title", ex.title);
  j.set("task", ex.task);
  Json checks = Json::array();
  for (const auto& c : ex.checks) {
    Json o = Json::object();
    o.set("kind", check_kind_name(c.kind));
    if (!c.prompt.empty()) o.set("prompt", c.prompt);
    switch (c.kind) {
      case CheckKind::Cell: o.set("row", c.row); o.set("field", cell_field_name(c.field)); break;
      case CheckKind::Graph: if (!c.var.empty()) o.set("var", c.var); o.set("qty", graph_qty_name(c.qty)); break;
      case CheckKind::Choice: o.set("options", Json::array_of(c.options)); o.set("answer", c.answer); break;
      case CheckKind::Goal:
        o.set("metric", goal_metric_name(c.metric)); o.set("value", c.value);
        if (c.max_params > 0) o.set("max_params", c.max_params);
        if (c.max_steps > 0) o.set("max_steps", c.max_steps);
        break;
      default: break;
    }
    checks.push(std::move(o));
  }
  j.set("checks", std::move(checks));
  if (!ex.lock.empty()) j.set("lock", Json::array_of(ex.lock));
  if (!ex.hints.empty()) j.set("hints", Json::array_of(ex.hints));
  if (ex.reveal_after > 0) j.set("reveal_after", ex.reveal_after);
  return j;
}

namespace {

// Reads an integer field in [lo, hi]; false (with error) when it is missing-but-required, not an integer, or
// out of range.
bool read_int(const Json& o, const char* key, int64_t lo, int64_t hi, int64_t& out, std::string& error) {
  const Json* v = o.find(key);
  if (!v) return true;
  if (!v->is_number() || !std::isfinite(v->num()) || v->num() != std::floor(v->num()) || v->num() < static_cast<double>(lo) ||
      v->num() > static_cast<double>(hi)) {
    error = str_cat("'", key, "' must be a whole number from ", lo, " to ", hi);
    return false;
  }
  out = static_cast<int64_t>(v->num());
  return true;
}

bool read_text(const Json& o, const char* key, std::string& out, std::string& error) {
  const Json* v = o.find(key);
  if (!v) return true;
  if (!v->is_string() || v->str().size() > kMaxExerciseText) {
    error = str_cat("'", key, "' must be text of at most ", kMaxExerciseText, " characters");
    return false;
  }
  out = v->str();
  return true;
}

bool read_texts(const Json& o, const char* key, size_t max_n, std::vector<std::string>& out, std::string& error) {
  const Json* v = o.find(key);
  if (!v) return true;
  if (!v->is_array() || v->size() > max_n) { error = str_cat("'", key, "' must be a list of at most ", max_n, " texts"); return false; }
  for (const Json& t : v->arr()) {
    if (!t.is_string() || t.str().size() > kMaxExerciseText) { error = str_cat("'", key, "' must hold texts"); return false; }
    out.push_back(t.str());
  }
  return true;
}

bool read_check(const Json& o, ExerciseCheck& c, std::string& error) {
  if (!o.is_object()) { error = "must be an object"; return false; }
  const auto kind = enum_from_name<CheckKind>(o.get("kind", "cell"), kCheckKinds);
  if (!kind) { error = "unknown kind '" + o.get("kind", "") + "' (cell, graph, choice, goal)"; return false; }
  c.kind = *kind;
  if (!read_text(o, "prompt", c.prompt, error)) return false;
  int64_t v = 0;
  switch (c.kind) {
    case CheckKind::Cell: {
      v = c.row;
      if (!read_int(o, "row", -1, 10000, v, error)) return false;
      c.row = static_cast<int>(v);
      const auto f = enum_from_name<CellField>(o.get("field", "weights"), kCellFields);
      if (!f) { error = "unknown field '" + o.get("field", "") + "' (shape, weights, biases, bn, params, mults, rf)"; return false; }
      c.field = *f;
      return true;
    }
    case CheckKind::Graph: {
      if (!read_text(o, "var", c.var, error)) return false;
      const auto q = enum_from_name<GraphQty>(o.get("qty", "grad"), kGraphQtys);
      if (!q) { error = "unknown qty '" + o.get("qty", "") + "' (value, grad)"; return false; }
      c.qty = *q;
      return true;
    }
    case CheckKind::Choice: {
      if (!read_texts(o, "options", kMaxChoiceOptions, c.options, error)) return false;
      if (c.options.size() < 2) { error = "a choice needs at least 2 options"; return false; }
      v = -1;
      if (!read_int(o, "answer", 0, static_cast<int64_t>(c.options.size()) - 1, v, error)) return false;
      if (v < 0) { error = "a choice needs 'answer', the index of the right option"; return false; }
      c.answer = static_cast<int>(v);
      return true;
    }
    case CheckKind::Goal: {
      const auto m = enum_from_name<GoalMetric>(o.get("metric", "acc_test"), kGoalMetrics);
      if (!m) { error = "unknown metric '" + o.get("metric", "") + "' (loss_train, loss_test, acc_train, acc_test)"; return false; }
      c.metric = *m;
      const Json* val = o.find("value");
      if (!val || !val->is_number() || !std::isfinite(val->num()) || val->num() < 0 || val->num() > 1e6) {
        error = "a goal needs 'value', a number from 0 to 1e6"; return false;
      }
      c.value = val->num();
      return read_int(o, "max_params", 0, int64_t{1} << 40, c.max_params, error) &&
             read_int(o, "max_steps", 0, int64_t{1} << 40, c.max_steps, error);
    }
    default: return false;
  }
}

}  // namespace

std::optional<Exercise> exercise_from_json(const Json& j, std::string& error) {
  if (!j.is_object()) { error = "an exercise must be a JSON object"; return std::nullopt; }
  Exercise ex;
  if (!read_text(j, "title", ex.title, error) || !read_text(j, "task", ex.task, error) ||
      !read_texts(j, "lock", 8, ex.lock, error) || !read_texts(j, "hints", kMaxExerciseHints, ex.hints, error))
    return std::nullopt;
  for (const auto& l : ex.lock)
    if (l != "network" && l != "data" && l != "training" && l != "tabs") {
      error = "unknown lock '" + l + "' (network, data, training, tabs)";
      return std::nullopt;
    }
  int64_t reveal = 0;
  if (!read_int(j, "reveal_after", 0, 100, reveal, error)) return std::nullopt;
  ex.reveal_after = static_cast<int>(reveal);
  const Json* checks = j.find("checks");
  if (checks && (!checks->is_array() || checks->size() > kMaxExerciseChecks)) {
    error = str_cat("'checks' must be a list of at most ", kMaxExerciseChecks);
    return std::nullopt;
  }
  if (checks) {
    for (size_t i = 0; i < checks->size(); ++i) {
      ExerciseCheck c;
      if (!read_check((*checks)[i], c, error)) { error = str_cat("check ", i + 1, ": ", error); return std::nullopt; }
      ex.checks.push_back(std::move(c));
    }
  }
  return ex;
}

}  // namespace gl
