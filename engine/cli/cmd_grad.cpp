// `gradlab-cli grad [--json] "FORMULA" name=value ...`: evaluates a scalar formula, backpropagates, and
// prints the value and the gradient w.r.t. every variable (text), or one JSON object with the whole graph
// (--json). Bad input exits 2 with the formula and a caret under the offending column.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/cli/commands.h"
#include "engine/core/check.h"
#include "engine/core/limits.h"
#include "engine/expr/expr.h"

namespace gl::cli {

namespace {

int fail_at(const std::string& formula, const ExprError& e) {
  std::fprintf(stderr, "error: %s\n%s\n", e.message.c_str(), expr_caret(formula, e.column).c_str());
  return 2;
}

std::string num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char b[32];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

void print_text(const ExprGraph& g) {
  std::printf("f = %s\n", expr_to_string(g, g.root).c_str());
  std::printf("value = %s\n", num(g.value()).c_str());
  for (size_t i = 0; i < g.vars.size(); ++i) {
    const ExprNode& n = g.nodes[static_cast<size_t>(g.var_nodes[i])];
    std::printf("df/d%s = %s", n.name.c_str(), num(n.grad).c_str());
    if (n.uses.size() > 1) {  // the course point: a shared input sums the gradients of its uses
      std::printf("   (sum over %zu uses:", n.uses.size());
      for (size_t k = 0; k < n.uses.size(); ++k)
        std::printf("%s %s", k ? " +" : "", num(g.edges[static_cast<size_t>(n.uses[k])].grad).c_str());
      std::printf(")");
    }
    std::printf("\n");
  }
  std::printf("graph (%zu nodes, %zu edges; grad = d f / d node):\n", g.nodes.size(), g.edges.size());
  for (const ExprNode& n : g.nodes) {
    std::string args;
    for (int k = 0; k < expr_op_info(n.op).arity; ++k) args += str_cat(k ? ", " : " <- ", "n", n.args[static_cast<size_t>(k)]);
    std::printf("  n%-3d %-8s %-10s value %-14s grad %-14s%s\n", n.id, expr_op_info(n.op).name, n.label.c_str(),
                num(n.value).c_str(), num(n.grad).c_str(), args.c_str());
  }
}

int cmd_grad(const std::vector<std::string>& args) {
  bool json = false;
  std::string formula;
  bool have_formula = false;
  std::vector<std::pair<std::string, double>> values;
  for (const std::string& a : args) {
    if (a == "--json") {
      json = true;
    } else if (!have_formula) {
      formula = a;
      have_formula = true;
    } else {
      const size_t eq = a.find('=');
      NN_CHECK(eq != std::string::npos && eq > 0, "grad: expected name=value, got '", a, "'");
      const std::string name = a.substr(0, eq), text = a.substr(eq + 1);
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      NN_CHECK(!text.empty() && end == text.c_str() + text.size() && std::isfinite(v), "grad: value of '", name,
               "' is not a finite number: '", text, "'");
      values.emplace_back(name, v);
    }
  }
  NN_CHECK(have_formula, "grad: missing FORMULA (usage: gradlab-cli grad [--json] \"FORMULA\" name=value ...)");
  require_input_size(InputKind::Formula, formula.size());

  ExprGraph g;
  ExprError e = parse_expr(formula, g);
  if (!e.ok()) return fail_at(formula, e);
  for (const std::string& name : expr_unused_names(g, values))
    std::fprintf(stderr, "warning: '%s' is not a variable of the formula (ignored)\n", name.c_str());
  e = expr_forward(g, values);
  if (!e.ok()) return fail_at(formula, e);
  expr_backward(g);
  for (const ExprError& w : expr_domain_issues(g))
    std::fprintf(stderr, "warning: %s\n%s\n", w.message.c_str(), expr_caret(formula, w.column).c_str());

  if (json) {
    std::printf("%s\n", expr_to_json(g).dump().c_str());
  } else {
    print_text(g);
  }
  return 0;
}

bool reg = register_command({"grad", "grad [--json] \"FORMULA\" name=value ...  (value and gradient of a formula)",
                             &cmd_grad});

}  // namespace

}  // namespace gl::cli
