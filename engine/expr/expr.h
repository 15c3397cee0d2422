// Scalar expression graphs for teaching backprop (CS231n's "circuits"): parse a formula such as
// "max(w2*(w0*x0 + w1*x1 + b0) + b1, 0)", evaluate it in double, backpropagate, and expose every node and
// edge with its forward value and gradient. For fast element-wise use on arrays see engine/expr/program.h.
// Not a symbolic algebra system: no simplification, no symbolic derivatives.
//
// Grammar (usual precedence, lowest first):
//   expr  := term (('+' | '-') term)*
//   term  := unary (('*' | '/') unary)*
//   unary := ('-' | '+') unary | power          -x^2 is -(x^2)
//   power := atom ('^' unary)?                   right-associative: 2^3^2 = 2^(3^2); 2^-1 is allowed
//   atom  := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
// Numbers: 3, 0.5, .5, 1e-3, 2.5E+4. Names: [A-Za-z_][A-Za-z0-9_]*. Functions: max(a,b), min(a,b),
// exp, log, sqrt, abs, tanh, sigmoid, relu (one argument). A minus directly on a literal folds into a
// negative constant leaf ("-3"). A variable used several times is ONE leaf node with one edge per use; its
// gradient is the sum of the gradients on those edges (ExprNode::uses lists them).
// Derivative conventions (expr_ops.h): relu'(0) = abs'(0) = 0; d(a^b)/db = 0 at a = 0, b >= 0 and NaN for
// a < 0. Ties of max/min (a == b) have no derivative; expr_backward takes the rule (ExprTieRule), by default
// the whole gradient to the FIRST argument.
#pragma once
#include <array>
#include <cmath>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/limits.h"
#include "engine/expr/expr_ops.h"

namespace gl {

// An error or warning at a position in the formula. Errors are values here; *_or_throw helpers turn
// them into EngineError. message already ends with "at column N", e.g. "unexpected ')' at column 7".
struct ExprError {
  std::string message;  // empty: no error
  int offset = -1;      // 0-based byte offset into the formula (-1: no position)
  int column = 0;       // 1-based column, offset + 1
  bool ok() const { return message.empty(); }
};

struct ExprNode {
  int id = 0;
  ExprOp op = ExprOp::Const;
  std::string label;               // gate label ("+", "max"), variable name, or the constant as written
  std::string name;                // Var: the variable's name
  double constant = 0;             // Const: the literal's value
  int var_index = -1;              // Var: index into ExprGraph::vars
  std::array<int, 2> args{-1, -1};  // child node ids (arity of op); always smaller than id
  std::array<int, 2> arg_edges{-1, -1};  // edge ids carrying args[k] into this node
  std::vector<int> uses;           // ids of the edges leaving this node (one per use)
  int offset = 0, length = 0;      // source span of the operator / function name / leaf token
  bool has_var = false;            // some variable is below this node (else it is a constant subtree)
  double value = 0;                // forward value (after expr_forward)
  double grad = 0;                 // d(root)/d(this node) (after expr_backward)
};

// One use of a child by a parent: the child's value flows forward along it, and
// grad = parent.grad * d(parent)/d(child along this slot) flows back.
struct ExprEdge {
  int id = 0;
  int from = 0;  // child node id
  int to = 0;    // parent node id
  int slot = 0;  // which argument of the parent (0 or 1)
  double value = 0;
  double grad = 0;
};

struct ExprGraph {
  std::string source;              // the formula as given
  std::vector<ExprNode> nodes;     // topological order: every node after its args; the root is last
  std::vector<ExprEdge> edges;     // ordered by parent id, then slot
  std::vector<std::string> vars;   // variable names in order of first appearance
  std::vector<int> var_nodes;      // node id of each variable
  int root = -1;

  int var_index(const std::string& name) const;  // -1 when absent
  const ExprNode& root_node() const { return nodes[static_cast<size_t>(root)]; }
  double value() const { return root >= 0 ? root_node().value : std::nan(""); }  // NaN for an empty graph
  // Gradient of the root w.r.t. each variable (vars order), after expr_backward.
  std::vector<double> var_grads() const;
};

struct ExprParseDesc {
  // When restrict_vars is set, a name that is not a function and not in allowed_vars is an error
  // ("unknown variable 'y' at column 3 (allowed: x)").
  bool restrict_vars = false;
  std::vector<std::string> allowed_vars;
  int max_depth = kMaxFormulaDepth;  // nesting limit (parentheses, unary minus, calls); see also
                                     // kMaxFormulaHeight (chains) and kMaxFormulaBytes (engine/core/limits.h)
};

// Parses text into out (cleared first). On error out is left empty and the error says where.
ExprError parse_expr(const std::string& text, ExprGraph& out, const ExprParseDesc& desc = {});
// Same, but throws EngineError("<context> '<text>': <message>") on error.
ExprGraph parse_expr_or_throw(const std::string& text, const ExprParseDesc& desc = {},
                              const std::string& context = "expr");

// Forward pass with values in vars order (values.size() must equal g.vars.size()).
void expr_forward(ExprGraph& g, std::span<const double> values);
// Forward pass by name; a variable with no value is an error pointing at its first use. Names given but
// not in the formula are ignored here (see expr_unused_names).
ExprError expr_forward(ExprGraph& g, const std::vector<std::pair<std::string, double>>& values);
std::vector<std::string> expr_unused_names(const ExprGraph& g,
                                           const std::vector<std::pair<std::string, double>>& values);
// What max(a, b) / min(a, b) send back when a == b (the function has a kink there, no derivative):
//   First: all of dout to the first argument, 0 to the second. GradLab's default: a valid subgradient, and
//          what a max pool does (one winner per window); also PyTorch's max over a dimension.
//   Both:  dout to each argument. The course exam's answer ("both inputs of a tied max get the gradient");
//          not a subgradient (the total 2 x dout overcounts), but what "the max gate routes the gradient
//          to the winner" gives when both win.
//   Split: dout / 2 to each: the average of the two one-sided choices; PyTorch's torch.maximum/minimum.
enum class ExprTieRule { First, Both, Split, Count };
const char* expr_tie_rule_name(ExprTieRule r);  // "first", "both", "split"
struct ExprBackwardDesc {
  ExprTieRule ties = ExprTieRule::First;
};

// Backward pass from the root (d root / d root = 1): fills every node's grad and every edge's value/grad.
// Needs a forward pass first.
void expr_backward(ExprGraph& g, const ExprBackwardDesc& desc = ExprBackwardDesc{});
// Ids of the max/min nodes whose two inputs are equal after a forward pass (where the tie rule matters), so
// a view can mark them and say which rule it used.
std::vector<int> expr_tied_nodes(const ExprGraph& g);

// Non-finite results after forward/backward, as warnings with positions: each node whose value is
// NaN/Inf although its inputs are finite ("log of -1 gives NaN at column 1"), and each variable whose
// gradient is NaN/Inf. Empty when everything is finite.
std::vector<ExprError> expr_domain_issues(const ExprGraph& g);

// {"value":v,"grad":{"x":g,...},"nodes":[{id,op,label,value,grad[,name|const]}],"edges":[{from,to,slot,
// value,grad}]}; non-finite numbers print as null.
Json expr_to_json(const ExprGraph& g);

// Canonical text of the subtree at node (fully parenthesised only where precedence needs it), which
// parses back to the same graph shape: "(x + y) * z".
std::string expr_to_string(const ExprGraph& g, int node);

// Two lines for terminals: the formula, then a caret under column (1-based).
std::string expr_caret(const std::string& text, int column);

}  // namespace gl
