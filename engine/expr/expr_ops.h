// The one table of expression operations (name, label, arity) and their scalar forward / backward rules,
// templated on float or double so the graph (expr.cpp, double) and the compiled program (program.cpp,
// float arrays) share a single definition of every derivative. Not a parser, not a graph.
#pragma once
#include <cmath>
#include <type_traits>

namespace gl {

enum class ExprOp { Const, Var, Add, Sub, Mul, Div, Pow, Neg, Max, Min, Exp, Log, Sqrt, Abs, Tanh, Sigmoid, Relu, Count };

struct ExprOpInfo {
  const char* name;   // stable lower-case name used in JSON: "add", "max", ...
  const char* label;  // what a graph view draws on the gate: "+", "*", "max", ...
  int arity;          // 0 for leaves
  bool is_function;   // written as name(args) in formulas
};
const ExprOpInfo& expr_op_info(ExprOp op);
// Function ops by name ("max", "exp", ...); ExprOp::Count when the name is not a function.
ExprOp expr_function_by_name(const char* name, int len);

namespace expr_detail {

template <class T>
T sigmoid(T a) {
  // Stable for large |a|: never exponentiates a positive number.
  if (a >= T(0)) return T(1) / (T(1) + std::exp(-a));
  T e = std::exp(a);
  return e / (T(1) + e);
}

// out = op(a, b); b is ignored for unary ops.
template <ExprOp Op, class T>
inline T op_forward(T a, T b) {
  if constexpr (Op == ExprOp::Add) return a + b;
  else if constexpr (Op == ExprOp::Sub) return a - b;
  else if constexpr (Op == ExprOp::Mul) return a * b;
  else if constexpr (Op == ExprOp::Div) return a / b;
  else if constexpr (Op == ExprOp::Pow) return std::pow(a, b);
  else if constexpr (Op == ExprOp::Neg) return -a;
  // NaN propagates from either side; ties pick a (the same value either way).
  else if constexpr (Op == ExprOp::Max) return (a >= b || a != a) ? a : b;
  else if constexpr (Op == ExprOp::Min) return (a <= b || a != a) ? a : b;
  else if constexpr (Op == ExprOp::Exp) return std::exp(a);
  else if constexpr (Op == ExprOp::Log) return std::log(a);
  else if constexpr (Op == ExprOp::Sqrt) return std::sqrt(a);
  else if constexpr (Op == ExprOp::Abs) return std::fabs(a);
  else if constexpr (Op == ExprOp::Tanh) return std::tanh(a);
  else if constexpr (Op == ExprOp::Sigmoid) return sigmoid(a);
  else if constexpr (Op == ExprOp::Relu) return a > T(0) ? a : (a != a ? a : T(0));
  else return T(0);  // leaves are not computed here
}

// Local gradients times the upstream gradient dout: da = dout * d(out)/da, db = dout * d(out)/db.
// out is op_forward(a, b), passed in so exp / tanh / sigmoid / sqrt reuse it.
// Documented conventions (the course's "gates"):
//   add distributes dout to both inputs; mul swaps (da = dout*b, db = dout*a);
//   max routes dout to the larger input, and on a tie to the FIRST argument (min likewise);
//   relu'(0) = 0, abs'(0) = 0;
//   pow: d/da = b*a^(b-1) (0 when b == 0), d/db = out*ln(a) (0 when a == 0 and b >= 0, PyTorch's rule;
//   NaN when a < 0: a^b is not differentiable in b there).
template <ExprOp Op, class T>
inline void op_backward(T a, T b, T out, T dout, T& da, T& db) {
  da = T(0);
  db = T(0);
  if constexpr (Op == ExprOp::Add) { da = dout; db = dout; }
  else if constexpr (Op == ExprOp::Sub) { da = dout; db = -dout; }
  else if constexpr (Op == ExprOp::Mul) { da = dout * b; db = dout * a; }
  else if constexpr (Op == ExprOp::Div) { da = dout / b; db = -dout * a / (b * b); }
  else if constexpr (Op == ExprOp::Pow) {
    da = b == T(0) ? T(0) : dout * b * std::pow(a, b - T(1));
    db = (a == T(0) && b >= T(0)) ? T(0) : dout * out * std::log(a);
  }
  else if constexpr (Op == ExprOp::Neg) da = -dout;
  else if constexpr (Op == ExprOp::Max) { if (a >= b) da = dout; else db = dout; }
  else if constexpr (Op == ExprOp::Min) { if (a <= b) da = dout; else db = dout; }
  else if constexpr (Op == ExprOp::Exp) da = dout * out;
  else if constexpr (Op == ExprOp::Log) da = dout / a;
  else if constexpr (Op == ExprOp::Sqrt) da = dout * T(0.5) / out;
  else if constexpr (Op == ExprOp::Abs) da = a > T(0) ? dout : (a < T(0) ? -dout : T(0));
  else if constexpr (Op == ExprOp::Tanh) da = dout * (T(1) - out * out);
  else if constexpr (Op == ExprOp::Sigmoid) da = dout * out * (T(1) - out);
  else if constexpr (Op == ExprOp::Relu) da = a > T(0) ? dout : T(0);
}

// Calls f(std::integral_constant<ExprOp, op>{}) for a run-time op, so loops can be instantiated per op
// (switch outside the loop, straight-line code inside).
template <class F>
inline void dispatch_op(ExprOp op, F&& f) {
#define NN_EXPR_CASE(name) \
  case ExprOp::name: f(std::integral_constant<ExprOp, ExprOp::name>{}); break;
  switch (op) {
    NN_EXPR_CASE(Add) NN_EXPR_CASE(Sub) NN_EXPR_CASE(Mul) NN_EXPR_CASE(Div) NN_EXPR_CASE(Pow)
    NN_EXPR_CASE(Neg) NN_EXPR_CASE(Max) NN_EXPR_CASE(Min) NN_EXPR_CASE(Exp) NN_EXPR_CASE(Log)
    NN_EXPR_CASE(Sqrt) NN_EXPR_CASE(Abs) NN_EXPR_CASE(Tanh) NN_EXPR_CASE(Sigmoid) NN_EXPR_CASE(Relu)
    default: break;
  }
#undef NN_EXPR_CASE
}

}  // namespace expr_detail
}  // namespace gl
