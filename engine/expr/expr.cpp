// ExprGraph evaluation: the op table, forward and backward passes over the node list (in double), domain
// warnings, JSON and text printing. The per-op math is in expr_ops.h (shared with program.cpp); parsing
// is in parse.cpp.
#include <cmath>
#include <cstring>

#include "engine/core/check.h"
#include "engine/expr/expr.h"

namespace gl {

const ExprOpInfo& expr_op_info(ExprOp op) {
  static const ExprOpInfo table[] = {
      {"const", "const", 0, false}, {"var", "var", 0, false},   {"add", "+", 2, false},
      {"sub", "-", 2, false},       {"mul", "*", 2, false},     {"div", "/", 2, false},
      {"pow", "^", 2, false},       {"neg", "neg", 1, false},   {"max", "max", 2, true},
      {"min", "min", 2, true},      {"exp", "exp", 1, true},    {"log", "log", 1, true},
      {"sqrt", "sqrt", 1, true},    {"abs", "abs", 1, true},    {"tanh", "tanh", 1, true},
      {"sigmoid", "sigmoid", 1, true}, {"relu", "relu", 1, true},
  };
  static_assert(sizeof(table) / sizeof(table[0]) == static_cast<size_t>(ExprOp::Count));
  return table[static_cast<int>(op)];
}

ExprOp expr_function_by_name(const char* name, int len) {
  for (int i = 0; i < static_cast<int>(ExprOp::Count); ++i) {
    const ExprOpInfo& info = expr_op_info(static_cast<ExprOp>(i));
    if (info.is_function && static_cast<int>(std::strlen(info.name)) == len && std::strncmp(info.name, name, len) == 0)
      return static_cast<ExprOp>(i);
  }
  return ExprOp::Count;
}

int ExprGraph::var_index(const std::string& name) const {
  for (size_t i = 0; i < vars.size(); ++i)
    if (vars[i] == name) return static_cast<int>(i);
  return -1;
}

std::vector<double> ExprGraph::var_grads() const {
  std::vector<double> g;
  for (int id : var_nodes) g.push_back(nodes[static_cast<size_t>(id)].grad);
  return g;
}

// ---- forward / backward ----------------------------------------------------------------------------------

void expr_forward(ExprGraph& g, std::span<const double> values) {
  NN_CHECK(values.size() == g.vars.size(), "expr '", g.source, "': ", values.size(), " values for ", g.vars.size(),
           " variables");
  for (ExprNode& n : g.nodes) {
    if (n.op == ExprOp::Const) {
      n.value = n.constant;
    } else if (n.op == ExprOp::Var) {
      n.value = values[static_cast<size_t>(n.var_index)];
    } else {
      const double a = g.nodes[static_cast<size_t>(n.args[0])].value;
      const double b = n.args[1] >= 0 ? g.nodes[static_cast<size_t>(n.args[1])].value : 0.0;
      expr_detail::dispatch_op(n.op, [&](auto op) { n.value = expr_detail::op_forward<decltype(op)::value>(a, b); });
    }
    n.grad = 0;
  }
  for (ExprEdge& e : g.edges) {
    e.value = g.nodes[static_cast<size_t>(e.from)].value;
    e.grad = 0;
  }
}

ExprError expr_forward(ExprGraph& g, const std::vector<std::pair<std::string, double>>& values) {
  std::vector<double> v(g.vars.size(), 0.0);
  for (size_t i = 0; i < g.vars.size(); ++i) {
    bool found = false;
    for (const auto& [name, val] : values) {
      if (name == g.vars[i]) {
        v[i] = val;
        found = true;  // the last assignment wins
      }
    }
    if (!found) {
      const ExprNode& n = g.nodes[static_cast<size_t>(g.var_nodes[i])];
      ExprError e;
      e.offset = n.offset;
      e.column = n.offset + 1;
      e.message = str_cat("no value for variable '", g.vars[i], "' at column ", e.column);
      return e;
    }
  }
  expr_forward(g, v);
  return {};
}

std::vector<std::string> expr_unused_names(const ExprGraph& g,
                                           const std::vector<std::pair<std::string, double>>& values) {
  std::vector<std::string> out;
  for (const auto& kv : values)
    if (g.var_index(kv.first) < 0) out.push_back(kv.first);
  return out;
}

const char* expr_tie_rule_name(ExprTieRule r) {
  static const char* const names[] = {"first", "both", "split"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(ExprTieRule::Count));
  return names[static_cast<int>(r)];
}

namespace {
bool is_tie(const ExprGraph& g, const ExprNode& n) {
  return (n.op == ExprOp::Max || n.op == ExprOp::Min) &&
         g.nodes[static_cast<size_t>(n.args[0])].value == g.nodes[static_cast<size_t>(n.args[1])].value;
}
}  // namespace

std::vector<int> expr_tied_nodes(const ExprGraph& g) {
  std::vector<int> out;
  for (const ExprNode& n : g.nodes)
    if (is_tie(g, n)) out.push_back(n.id);
  return out;
}

void expr_backward(ExprGraph& g, const ExprBackwardDesc& desc) {
  NN_CHECK(g.root >= 0, "expr '", g.source, "': backward on an empty graph");
  for (ExprNode& n : g.nodes) n.grad = 0;
  g.nodes[static_cast<size_t>(g.root)].grad = 1.0;  // d root / d root
  // Reverse topological order: a node's grad is complete (summed over all its uses) before it is pushed on.
  for (int i = g.root; i >= 0; --i) {
    ExprNode& n = g.nodes[static_cast<size_t>(i)];
    const int arity = expr_op_info(n.op).arity;
    if (arity == 0) continue;
    const double a = g.nodes[static_cast<size_t>(n.args[0])].value;
    const double b = n.args[1] >= 0 ? g.nodes[static_cast<size_t>(n.args[1])].value : 0.0;
    double da = 0, db = 0;
    expr_detail::dispatch_op(n.op, [&](auto op) {
      expr_detail::op_backward<decltype(op)::value>(a, b, n.value, n.grad, da, db);
    });
    if (desc.ties != ExprTieRule::First && is_tie(g, n)) da = db = desc.ties == ExprTieRule::Both ? n.grad : 0.5 * n.grad;
    const double d[2] = {da, db};
    for (int k = 0; k < arity; ++k) {
      ExprEdge& e = g.edges[static_cast<size_t>(n.arg_edges[static_cast<size_t>(k)])];
      e.grad = d[k];
      g.nodes[static_cast<size_t>(e.from)].grad += d[k];  // a shared node sums the grads of all its uses
    }
  }
}

// ---- diagnostics -----------------------------------------------------------------------------------------

static std::string num_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  return format_number(v);
}

std::vector<ExprError> expr_domain_issues(const ExprGraph& g) {
  std::vector<ExprError> out;
  auto add = [&](const ExprNode& n, const std::string& what) {
    ExprError e;
    e.offset = n.offset;
    e.column = n.offset + 1;
    e.message = str_cat(what, " at column ", e.column);
    out.push_back(e);
  };
  for (const ExprNode& n : g.nodes) {
    const int arity = expr_op_info(n.op).arity;
    if (arity == 0 || std::isfinite(n.value)) continue;
    bool inputs_finite = true;
    std::string args;
    for (int k = 0; k < arity; ++k) {
      double v = g.nodes[static_cast<size_t>(n.args[static_cast<size_t>(k)])].value;
      inputs_finite = inputs_finite && std::isfinite(v);
      args += (k ? ", " : "") + num_text(v);
    }
    if (inputs_finite) add(n, str_cat(expr_op_info(n.op).name, "(", args, ") gives ", num_text(n.value)));
  }
  for (int id : g.var_nodes) {
    const ExprNode& n = g.nodes[static_cast<size_t>(id)];
    if (!std::isfinite(n.grad)) add(n, str_cat("gradient for '", n.name, "' is ", num_text(n.grad)));
  }
  return out;
}

// ---- printing --------------------------------------------------------------------------------------------

Json expr_to_json(const ExprGraph& g) {
  Json j = Json::object();
  j.set("value", g.root >= 0 ? g.value() : 0.0);
  Json grad = Json::object();
  for (size_t i = 0; i < g.vars.size(); ++i) grad.set(g.vars[i], g.nodes[static_cast<size_t>(g.var_nodes[i])].grad);
  j.set("grad", std::move(grad));
  Json nodes = Json::array();
  for (const ExprNode& n : g.nodes) {
    Json o = Json::object();
    o.set("id", n.id);
    o.set("op", expr_op_info(n.op).name);
    o.set("label", n.label);
    o.set("value", n.value);
    o.set("grad", n.grad);
    if (n.op == ExprOp::Var) o.set("name", n.name);
    if (n.op == ExprOp::Const) o.set("const", n.constant);
    nodes.push(std::move(o));
  }
  j.set("nodes", std::move(nodes));
  Json edges = Json::array();
  for (const ExprEdge& e : g.edges) {
    Json o = Json::object();
    o.set("from", e.from);
    o.set("to", e.to);
    o.set("slot", e.slot);
    o.set("value", e.value);
    o.set("grad", e.grad);
    edges.push(std::move(o));
  }
  j.set("edges", std::move(edges));
  return j;
}

// Binding strength for printing: sums 1, products 2, unary minus 3, powers 4, atoms 5.
static int precedence(ExprOp op) {
  switch (op) {
    case ExprOp::Add: case ExprOp::Sub: return 1;
    case ExprOp::Mul: case ExprOp::Div: return 2;
    case ExprOp::Neg: return 3;
    case ExprOp::Pow: return 4;
    default: return 5;
  }
}

std::string expr_to_string(const ExprGraph& g, int node) {
  const ExprNode& n = g.nodes[static_cast<size_t>(node)];
  const ExprOpInfo& info = expr_op_info(n.op);
  if (n.op == ExprOp::Var || n.op == ExprOp::Const) return n.label;
  if (info.is_function) {
    std::string s = std::string(info.name) + "(" + expr_to_string(g, n.args[0]);
    if (info.arity == 2) s += ", " + expr_to_string(g, n.args[1]);
    return s + ")";
  }
  const int p = precedence(n.op);
  auto wrap = [&](int child, bool paren) {
    std::string s = expr_to_string(g, child);
    return paren ? "(" + s + ")" : s;
  };
  auto prec_of = [&](int child) {
    const ExprNode& c = g.nodes[static_cast<size_t>(child)];
    // A folded negative literal binds like unary minus ("-3").
    return c.op == ExprOp::Const && c.constant < 0 ? 3 : precedence(c.op);
  };
  if (n.op == ExprOp::Neg) {  // "-(2)" stays a neg gate: "-2" would parse back as a folded constant
    const ExprNode& c = g.nodes[static_cast<size_t>(n.args[0])];
    return str_cat("-", wrap(n.args[0], prec_of(n.args[0]) < 3 || (c.op == ExprOp::Const && c.constant >= 0)));
  }
  if (n.op == ExprOp::Pow)  // right-assoc: the base needs parens at <= 4, the exponent only below unary
    return wrap(n.args[0], prec_of(n.args[0]) <= 4) + "^" + wrap(n.args[1], prec_of(n.args[1]) < 3);
  // Left-assoc + - * /: the right operand needs parens at equal precedence too ("a - (b - c)").
  return wrap(n.args[0], prec_of(n.args[0]) < p) + " " + info.label + " " + wrap(n.args[1], prec_of(n.args[1]) <= p);
}

std::string expr_caret(const std::string& text, int column) {
  std::string line = "  " + text + "\n  ";
  for (int i = 1; i < column; ++i) {
    const size_t k = static_cast<size_t>(i - 1);
    line += (k < text.size() && text[k] == '\t') ? '\t' : ' ';
  }
  return line + "^";
}

}  // namespace gl
