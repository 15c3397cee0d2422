// The computation-graph lab: a formula the student types, its variable values, the graph with forward
// values and gradients on every node and edge (from engine/expr), and a numeric gradient per variable for
// the gradient-check view. Plain data for the UI; no drawing here.
#pragma once
#include <string>
#include <vector>

#include "engine/expr/expr.h"

namespace gl {

class GraphLab {
 public:
  GraphLab();
  // Parses the formula; variables keep their values when their names survive, new ones start at 1.
  // On a parse error the previous graph stays and error() says where.
  void set_formula(const std::string& text);
  void set_value(int var, double value);
  void set_value(const std::string& name, double value);
  // What max / min send back when their inputs are equal (ExprTieRule: first, both, split); re-evaluates.
  void set_tie_rule(ExprTieRule rule);
  ExprTieRule tie_rule() const { return ties_; }
  // Max / min nodes whose inputs are equal now (where the tie rule decides the gradients).
  const std::vector<int>& tied_nodes() const { return tied_; }

  const std::string& formula() const { return formula_; }        // last text given
  const ExprGraph& graph() const { return graph_; }              // last valid graph, evaluated
  const ExprError& error() const { return error_; }
  const std::vector<ExprError>& warnings() const { return warnings_; }
  const std::vector<double>& values() const { return values_; }  // in graph().vars order
  // Central differences d f / d var_i with step kNumericStep (double precision), for comparison with the
  // analytic grads; computed with each evaluation, not on every read.
  const std::vector<double>& numeric_grads() const { return numeric_; }
  static constexpr double kNumericStep = 1e-5;

 private:
  void evaluate();
  void compute_numeric_grads();
  std::string formula_;
  ExprGraph graph_;
  ExprError error_;
  std::vector<ExprError> warnings_;
  std::vector<double> values_;
  std::vector<double> numeric_;
  ExprTieRule ties_ = ExprTieRule::First;
  std::vector<int> tied_;
  ExprGraph probe_;  // scratch graph for the central differences
};

}  // namespace gl
