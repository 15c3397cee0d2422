// ExprProgram: compile an ExprGraph to instructions and run them over arrays in chunks of kChunk elements.
// Forward: vals[i][j] = op_i(vals[a_i][j], vals[b_i][j]). Reverse: adj[root] = 1, then for i descending
// adj[a_i] += d op_i/da * adj[i] (and b_i likewise); df/dvar = adj[slot of var]. The per-op rules are
// expr_ops.h's, shared with the graph.
#include "engine/expr/program.h"

#include <algorithm>
#include <cmath>

#include "engine/core/check.h"

namespace gl {

namespace {

constexpr int64_t kChunk = 256;

using Instr = ExprProgram::Instr;

// x^k for a small integer constant exponent by repeated squaring: exact up to a few ulp and ~10x faster
// than std::pow, which matters for activations like relu(x^3).
template <class T>
inline T ipow(T a, int k) {
  if (k < 0) return T(1) / ipow(a, -k);
  T r = T(1);
  for (; k > 0; k >>= 1, a *= a)
    if (k & 1) r *= a;
  return r;
}
// The exponent of a Pow instruction when it is an integer literal in [-16, 16], else 0 with ok = false.
inline int small_int_exponent(const std::vector<Instr>& code, const Instr& ins, bool& ok) {
  const Instr& e = code[static_cast<size_t>(ins.b)];
  ok = ins.op == ExprOp::Pow && e.op == ExprOp::Const && e.constant == std::floor(e.constant) &&
       std::fabs(e.constant) <= 16;
  return ok ? static_cast<int>(e.constant) : 0;
}

// vals, adj: code.size() x m (row i is slot i). inputs[v] + off: m values of variable v.
template <class T, class In>
void run_chunk(const std::vector<Instr>& code, const In* const* inputs, int64_t off, int64_t m, T* vals, T* adj) {
  const size_t L = code.size();
  for (size_t i = 0; i < L; ++i) {
    const Instr& ins = code[i];
    T* o = vals + i * static_cast<size_t>(m);
    if (ins.op == ExprOp::Const) {
      std::fill(o, o + m, static_cast<T>(ins.constant));
    } else if (ins.op == ExprOp::Var) {
      const In* x = inputs[ins.var] + off;
      for (int64_t j = 0; j < m; ++j) o[j] = static_cast<T>(x[j]);
    } else {
      const T* a = vals + static_cast<size_t>(ins.a) * static_cast<size_t>(m);
      const T* b = ins.b >= 0 ? vals + static_cast<size_t>(ins.b) * static_cast<size_t>(m) : a;  // unary: unused
      bool int_pow = false;
      const int k = ins.op == ExprOp::Pow ? small_int_exponent(code, ins, int_pow) : 0;
      if (int_pow) {
        for (int64_t j = 0; j < m; ++j) o[j] = ipow(a[j], k);
        continue;
      }
      expr_detail::dispatch_op(ins.op, [&](auto op) {
        for (int64_t j = 0; j < m; ++j) o[j] = expr_detail::op_forward<decltype(op)::value, T>(a[j], b[j]);
      });
    }
  }
  if (adj == nullptr) return;
  std::fill(adj, adj + L * static_cast<size_t>(m), T(0));
  std::fill(adj + (L - 1) * static_cast<size_t>(m), adj + L * static_cast<size_t>(m), T(1));  // d root / d root
  for (size_t i = L; i-- > 0;) {
    const Instr& ins = code[i];
    if (ins.op == ExprOp::Const || ins.op == ExprOp::Var || !ins.needs_grad) continue;
    const size_t ms = static_cast<size_t>(m);
    const T* a = vals + static_cast<size_t>(ins.a) * ms;
    const T* b = ins.b >= 0 ? vals + static_cast<size_t>(ins.b) * ms : a;
    const T* o = vals + i * ms;
    const T* dout = adj + i * ms;
    T* da = code[static_cast<size_t>(ins.a)].needs_grad ? adj + static_cast<size_t>(ins.a) * ms : nullptr;
    T* db = ins.b >= 0 && code[static_cast<size_t>(ins.b)].needs_grad ? adj + static_cast<size_t>(ins.b) * ms
                                                                       : nullptr;
    bool int_pow = false;
    const int k = ins.op == ExprOp::Pow ? small_int_exponent(code, ins, int_pow) : 0;
    if (int_pow) {  // d(a^k)/da = k a^(k-1) (0 when k == 0, as in op_backward); the constant k needs no grad
      if (da && k != 0)
        for (int64_t j = 0; j < m; ++j) da[j] += dout[j] * static_cast<T>(k) * ipow(a[j], k - 1);
      continue;
    }
    expr_detail::dispatch_op(ins.op, [&](auto op) {
      for (int64_t j = 0; j < m; ++j) {
        T ga, gb;
        expr_detail::op_backward<decltype(op)::value, T>(a[j], b[j], o[j], dout[j], ga, gb);
        if (da) da[j] += ga;  // += : a slot used twice (x*x) sums both uses
        if (db) db[j] += gb;
      }
    });
  }
}

}  // namespace

ExprProgram::ExprProgram(const ExprGraph& g) : source_(g.source), vars_(g.vars), var_slots_(g.var_nodes) {
  NN_CHECK(g.root >= 0 && g.root + 1 == static_cast<int>(g.nodes.size()), "expr '", g.source,
           "': cannot compile an empty graph");
  code_.reserve(g.nodes.size());
  for (const ExprNode& n : g.nodes) {
    Instr ins;
    ins.op = n.op;
    ins.a = n.args[0];
    ins.b = n.args[1];
    ins.var = n.var_index;
    ins.constant = n.constant;
    ins.needs_grad = n.has_var;
    code_.push_back(ins);
  }
}

ExprProgram ExprProgram::compile(const std::string& formula, const ExprParseDesc& desc, const std::string& context) {
  return ExprProgram(parse_expr_or_throw(formula, desc, context));
}

double ExprProgram::eval(std::span<const double> vars) const {
  return eval_grad(vars, {});
}

double ExprProgram::eval_grad(std::span<const double> vars, std::span<double> grad) const {
  NN_CHECK(!code_.empty(), "expr: eval of an empty program");
  NN_CHECK(vars.size() == vars_.size(), "expr '", source_, "': ", vars.size(), " values for ", vars_.size(),
           " variables");
  NN_CHECK(grad.empty() || grad.size() == vars_.size(), "expr '", source_, "': gradient buffer of ", grad.size(),
           " for ", vars_.size(), " variables");
  std::vector<const double*> in(vars_.size());
  for (size_t v = 0; v < vars_.size(); ++v) in[v] = &vars[v];
  std::vector<double> vals(code_.size()), adj(grad.empty() ? 0 : code_.size());
  run_chunk<double, double>(code_, in.data(), 0, 1, vals.data(), grad.empty() ? nullptr : adj.data());
  for (size_t v = 0; v < grad.size(); ++v) grad[v] = adj[static_cast<size_t>(var_slots_[v])];
  return vals.back();
}

void ExprProgram::eval(std::span<const float* const> inputs, float* out, int64_t n) const {
  eval_grad(inputs, out, {}, n);
}

void ExprProgram::eval_grad(std::span<const float* const> inputs, float* out, std::span<float* const> grads,
                            int64_t n) const {
  NN_CHECK(!code_.empty(), "expr: eval of an empty program");
  NN_CHECK(inputs.size() == vars_.size(), "expr '", source_, "': ", inputs.size(), " input arrays for ",
           vars_.size(), " variables");
  NN_CHECK(grads.empty() || grads.size() == vars_.size(), "expr '", source_, "': ", grads.size(),
           " gradient arrays for ", vars_.size(), " variables");
  bool want_grad = false;
  for (float* g : grads) want_grad = want_grad || g != nullptr;
  const size_t L = code_.size();
  std::vector<float> vals(L * static_cast<size_t>(std::min(n, kChunk)));  // L x chunk
  std::vector<float> adj(want_grad ? vals.size() : 0);                    // L x chunk
  for (int64_t off = 0; off < n; off += kChunk) {
    const int64_t m = std::min(kChunk, n - off);
    run_chunk<float, float>(code_, inputs.data(), off, m, vals.data(), want_grad ? adj.data() : nullptr);
    if (out) std::copy(vals.data() + (L - 1) * static_cast<size_t>(m), vals.data() + L * static_cast<size_t>(m), out + off);
    for (size_t v = 0; v < grads.size(); ++v) {
      if (grads[v] == nullptr) continue;
      const float* g = adj.data() + static_cast<size_t>(var_slots_[v]) * static_cast<size_t>(m);
      std::copy(g, g + m, grads[v] + off);
    }
  }
}

void ExprProgram::eval1(const float* x, float* y, int64_t n) const { eval_grad1(x, y, nullptr, n); }

void ExprProgram::eval_grad1(const float* x, float* y, float* dydx, int64_t n) const {
  NN_CHECK(num_vars() <= 1, "expr '", source_, "': eval1 needs at most one variable, the formula has ",
           num_vars());
  float* g[1] = {dydx};
  if (num_vars() == 0) {  // constant formula
    if (dydx) std::fill(dydx, dydx + n, 0.0f);
    eval_grad(std::span<const float* const>(), y, {}, n);
    return;
  }
  const float* in[1] = {x};
  eval_grad(in, y, dydx ? std::span<float* const>(g, 1) : std::span<float* const>(), n);
}

}  // namespace gl
