// GraphLab: parse, keep values by name, evaluate forward and backward, numeric gradients.
#include "engine/session/graph_lab.h"

#include "engine/core/check.h"
#include "engine/session/defaults.h"

namespace gl {

GraphLab::GraphLab() {
  set_formula(kDefaultGraphFormula);
  for (const auto& [name, v] : default_graph_values()) set_value(name, v);
}

void GraphLab::set_formula(const std::string& text) {
  formula_ = text;
  ExprGraph g;
  ExprError e = parse_expr(text, g);
  if (!e.ok()) {
    error_ = e;
    return;
  }
  error_ = ExprError{};
  std::vector<double> vals(g.vars.size(), 1.0);
  for (size_t i = 0; i < g.vars.size(); ++i) {
    int old = graph_.var_index(g.vars[i]);
    if (old >= 0 && static_cast<size_t>(old) < values_.size()) vals[i] = values_[static_cast<size_t>(old)];
  }
  graph_ = std::move(g);
  values_ = std::move(vals);
  evaluate();
}

void GraphLab::set_value(int var, double value) {
  if (var < 0 || static_cast<size_t>(var) >= values_.size()) return;
  values_[static_cast<size_t>(var)] = value;
  evaluate();
}

void GraphLab::set_value(const std::string& name, double value) { set_value(graph_.var_index(name), value); }

void GraphLab::set_tie_rule(ExprTieRule rule) {
  NN_CHECK(rule != ExprTieRule::Count, "graph: no such tie rule");
  ties_ = rule;
  evaluate();
}

void GraphLab::evaluate() {
  if (graph_.root < 0) return;
  expr_forward(graph_, values_);
  expr_backward(graph_, {ties_});
  tied_ = expr_tied_nodes(graph_);
  warnings_ = expr_domain_issues(graph_);
  compute_numeric_grads();
}

void GraphLab::compute_numeric_grads() {
  const double h = kNumericStep;
  numeric_.assign(values_.size(), 0.0);
  probe_ = graph_;
  std::vector<double> v = values_;
  for (size_t i = 0; i < v.size(); ++i) {
    double old = v[i];
    v[i] = old + h;
    expr_forward(probe_, v);
    double fp = probe_.value();
    v[i] = old - h;
    expr_forward(probe_, v);
    double fm = probe_.value();
    v[i] = old;
    numeric_[i] = (fp - fm) / (2 * h);
  }
}

}  // namespace gl
