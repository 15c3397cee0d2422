// A formula compiled to a flat instruction list (one instruction per graph node, SSA-style: instruction i
// computes slot i from earlier slots), evaluated over whole arrays in chunks, one op at a time across the
// chunk (switch outside, straight loop inside). Reverse mode gives f and every df/dvar in one sweep.
// Used by the Formula activation layer (f(x), f'(x) on float arrays) and the optimizer playground
// (f(x, y) and its gradient on a typed formula). Not for showing the graph: that is ExprGraph (expr.h).
//
// Usage:
//   ExprProgram p = ExprProgram::compile("x*sigmoid(x)", {.restrict_vars = true, .allowed_vars = {"x"}});
//   p.eval_grad1(x, y, dydx, n);                       // y = f(x), dydx = f'(x), element-wise
//   double v = p.eval_grad(std::vector<double>{1.0, 2.0}, grad);  // one point, vars() order, in double
// The derivative conventions (max tie -> first argument, relu'(0) = abs'(0) = 0, pow) are those of
// expr_ops.h, identical to the graph's.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/expr/expr.h"

namespace gl {

class ExprProgram {
 public:
  ExprProgram() = default;
  explicit ExprProgram(const ExprGraph& g);
  // Parses and compiles; throws EngineError("<context> '<formula>': <message at column N>") on error.
  static ExprProgram compile(const std::string& formula, const ExprParseDesc& desc = {},
                             const std::string& context = "expr");

  const std::string& source() const { return source_; }
  const std::vector<std::string>& vars() const { return vars_; }
  int num_vars() const { return static_cast<int>(vars_.size()); }
  int size() const { return static_cast<int>(code_.size()); }  // instructions

  // One point in double. vars.size() == num_vars(); grad (same size) receives df/dvar.
  double eval(std::span<const double> vars) const;
  double eval_grad(std::span<const double> vars, std::span<double> grad) const;

  // Arrays in float: inputs[v] points at n values of variable v (vars() order); out (may be null when only
  // gradients are wanted) receives n values; grads[v] (may be null to skip) receives df/dvar per element.
  void eval(std::span<const float* const> inputs, float* out, int64_t n) const;
  void eval_grad(std::span<const float* const> inputs, float* out, std::span<float* const> grads, int64_t n) const;

  // Convenience for formulas in at most one variable (a formula with no variable gives a constant and
  // a zero derivative). y or dydx may be null.
  void eval1(const float* x, float* y, int64_t n) const;
  void eval_grad1(const float* x, float* y, float* dydx, int64_t n) const;

  struct Instr {
    ExprOp op = ExprOp::Const;
    int a = -1, b = -1;     // argument slots
    int var = -1;           // Var: variable index
    double constant = 0;    // Const
    bool needs_grad = false;  // a variable is below this slot (else its adjoint is never needed)
  };

 private:
  std::string source_;
  std::vector<std::string> vars_;
  std::vector<int> var_slots_;  // slot of each variable
  std::vector<Instr> code_;
};

}  // namespace gl
