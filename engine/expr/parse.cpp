// Formula text -> ExprGraph: a hand-written lexer and recursive-descent parser for the grammar in expr.h.
// Builds nodes in topological order (args first), shares one leaf per variable, and reports the first
// error with its position. Evaluation and backprop live in expr.cpp.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <cmath>

#include "engine/core/check.h"
#include "engine/core/limits.h"
#include "engine/expr/expr.h"

namespace gl {

namespace {

enum class Tok { Num, Name, Sym, End };

struct Token {
  Tok kind = Tok::End;
  int offset = 0, length = 0;
  char sym = 0;  // Sym: one of + - * / ^ ( ) ,
};

struct ParseFail {
  ExprError error;
};

class Parser {
 public:
  Parser(const std::string& text, ExprGraph& g, const ExprParseDesc& desc) : text_(text), g_(g), desc_(desc) {}

  void run() {
    advance();
    if (tok_.kind == Tok::End) fail(tok_.offset, "empty formula");
    int root = parse_sum();
    if (tok_.kind != Tok::End) unexpected(tok_);
    g_.root = root;
  }

 private:
  // ---- errors ------------------------------------------------------------------------------------------
  [[noreturn]] void fail(int offset, const std::string& what) {
    ExprError e;
    e.offset = offset;
    e.column = offset + 1;
    e.message = str_cat(what, " at column ", e.column);
    throw ParseFail{e};
  }
  std::string describe(const Token& t) const {
    if (t.kind == Tok::End) return "end of formula";
    return str_cat("'", text_.substr(static_cast<size_t>(t.offset), static_cast<size_t>(t.length)), "'");
  }
  [[noreturn]] void unexpected(const Token& t) { fail(t.offset, "unexpected " + describe(t)); }

  // ---- lexer -------------------------------------------------------------------------------------------
  void advance() {
    size_t p = static_cast<size_t>(next_);
    while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t' || text_[p] == '\n' || text_[p] == '\r')) ++p;
    tok_ = Token{};
    tok_.offset = static_cast<int>(p);
    if (p >= text_.size()) {
      tok_.kind = Tok::End;
      next_ = static_cast<int>(p);
      return;
    }
    const unsigned char c = static_cast<unsigned char>(text_[p]);
    size_t q = p;
    auto digit = [&](size_t i) { return i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i])); };
    if (std::isdigit(c) || (c == '.' && digit(p + 1))) {
      while (digit(q)) ++q;
      if (q < text_.size() && text_[q] == '.') {
        ++q;
        while (digit(q)) ++q;
      }
      if (q < text_.size() && (text_[q] == 'e' || text_[q] == 'E')) {
        size_t e = q + 1;
        if (e < text_.size() && (text_[e] == '+' || text_[e] == '-')) ++e;
        if (!digit(e)) {
          // "1e", "2e+": a malformed exponent, not the number 1 followed by a variable e.
          size_t end = e;
          while (end < text_.size() && std::isalnum(static_cast<unsigned char>(text_[end]))) ++end;
          fail(static_cast<int>(p), "malformed number '" + text_.substr(p, end - p) + "'");
        }
        q = e;
        while (digit(q)) ++q;
      }
      tok_.kind = Tok::Num;
    } else if (std::isalpha(c) || c == '_') {
      while (q < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[q])) || text_[q] == '_'))
        ++q;
      tok_.kind = Tok::Name;
    } else if (std::strchr("+-*/^(),", static_cast<int>(c)) != nullptr) {
      q = p + 1;
      tok_.kind = Tok::Sym;
      tok_.sym = static_cast<char>(c);
    } else if (c >= 0x80 || !std::isprint(c)) {
      char b[8];
      std::snprintf(b, sizeof b, "0x%02X", c);
      fail(static_cast<int>(p), str_cat("unexpected byte ", b));
    } else {
      fail(static_cast<int>(p), str_cat("unexpected '", static_cast<char>(c), "'"));
    }
    tok_.length = static_cast<int>(q - p);
    next_ = static_cast<int>(q);
  }
  bool at(char sym) const { return tok_.kind == Tok::Sym && tok_.sym == sym; }
  std::string text_of(const Token& t) const {
    return text_.substr(static_cast<size_t>(t.offset), static_cast<size_t>(t.length));
  }
  // Lexes the token after the current one without consuming anything.
  Token peek() {
    Token save = tok_;
    int save_next = next_;
    advance();
    Token t = tok_;
    tok_ = save;
    next_ = save_next;
    return t;
  }

  // A number token's value: it must be finite in double (1e999 is an error, not inf).
  double literal(const Token& t) {
    double v = std::strtod(text_of(t).c_str(), nullptr);
    if (!std::isfinite(v)) fail(t.offset, "number '" + text_of(t) + "' is too large (a double holds up to 1.8e308)");
    return v;
  }

  // ---- graph building ----------------------------------------------------------------------------------
  int add_node(ExprNode n) {
    n.id = static_cast<int>(g_.nodes.size());
    // Height of the subtree (leaves 1). Chains of binary operators (x+x+...+x) grow it without nesting, so
    // it is bounded apart from the nesting depth: printing and other walks of the tree recurse over it.
    int h = 1;
    for (int a : n.args)
      if (a >= 0) h = std::max(h, heights_[static_cast<size_t>(a)] + 1);
    if (h > kMaxFormulaHeight)
      fail(n.offset, str_cat("formula too long: more than ", kMaxFormulaHeight,
                             " operations in a chain (kMaxFormulaHeight)"));
    heights_.push_back(h);
    g_.nodes.push_back(std::move(n));
    return g_.nodes.back().id;
  }
  int make_const(double v, int offset, int length, std::string label) {
    ExprNode n;
    n.op = ExprOp::Const;
    n.constant = v;
    n.label = std::move(label);
    n.offset = offset;
    n.length = length;
    return add_node(std::move(n));
  }
  int get_var(const Token& t) {
    std::string name = text_of(t);
    int vi = g_.var_index(name);
    if (vi >= 0) return g_.var_nodes[static_cast<size_t>(vi)];  // shared leaf: one node, many edges
    if (desc_.restrict_vars) {
      bool ok = false;
      std::string allowed;
      for (const auto& a : desc_.allowed_vars) {
        ok = ok || a == name;
        allowed += (allowed.empty() ? "" : ", ") + a;
      }
      if (!ok) fail(t.offset, "unknown variable '" + name + "' (allowed: " + (allowed.empty() ? "none" : allowed) + ")");
    }
    ExprNode n;
    n.op = ExprOp::Var;
    n.name = name;
    n.label = name;
    n.var_index = static_cast<int>(g_.vars.size());
    n.offset = t.offset;
    n.length = t.length;
    n.has_var = true;
    int id = add_node(std::move(n));
    g_.vars.push_back(name);
    g_.var_nodes.push_back(id);
    return id;
  }
  int make_op(ExprOp op, int a, int b, int offset, int length) {
    ExprNode n;
    n.op = op;
    n.label = expr_op_info(op).label;
    n.offset = offset;
    n.length = length;
    n.args = {a, b};
    int id = add_node(std::move(n));
    const int arity = expr_op_info(op).arity;
    for (int k = 0; k < arity; ++k) {
      ExprEdge e;
      e.id = static_cast<int>(g_.edges.size());
      e.from = g_.nodes[static_cast<size_t>(id)].args[static_cast<size_t>(k)];
      e.to = id;
      e.slot = k;
      g_.edges.push_back(e);
      ExprNode& child = g_.nodes[static_cast<size_t>(e.from)];
      child.uses.push_back(e.id);
      ExprNode& self = g_.nodes[static_cast<size_t>(id)];
      self.arg_edges[static_cast<size_t>(k)] = e.id;
      self.has_var = self.has_var || child.has_var;
    }
    return id;
  }

  // ---- grammar -----------------------------------------------------------------------------------------
  // Counted in parse_unary, which every nesting level passes through once: '(', a call's argument, an
  // exponent, a unary sign.
  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > p.desc_.max_depth)
        p.fail(p.tok_.offset, str_cat("formula nested deeper than ", p.desc_.max_depth, " levels"));
    }
    ~DepthGuard() { --p.depth_; }
  };

  int parse_sum() {
    int lhs = parse_product();
    while (at('+') || at('-')) {
      Token op = tok_;
      advance();
      int rhs = parse_product();
      lhs = make_op(op.sym == '+' ? ExprOp::Add : ExprOp::Sub, lhs, rhs, op.offset, 1);
    }
    return lhs;
  }
  int parse_product() {
    int lhs = parse_unary();
    while (at('*') || at('/')) {
      Token op = tok_;
      advance();
      int rhs = parse_unary();
      lhs = make_op(op.sym == '*' ? ExprOp::Mul : ExprOp::Div, lhs, rhs, op.offset, 1);
    }
    return lhs;
  }
  int parse_unary() {
    DepthGuard guard(*this);
    if (at('+')) {
      advance();
      return parse_unary();
    }
    if (at('-')) {
      Token minus = tok_;
      advance();
      if (tok_.kind == Tok::Num) {
        Token after = peek();
        if (!(after.kind == Tok::Sym && after.sym == '^')) {  // "-3" is a constant, "-3^2" is -(3^2)
          Token num = tok_;
          advance();
          double v = -literal(num);
          int len = num.offset + num.length - minus.offset;
          return make_const(v, minus.offset, len, str_cat("-", text_of(num)));
        }
      }
      int a = parse_unary();
      return make_op(ExprOp::Neg, a, -1, minus.offset, 1);
    }
    return parse_power();
  }
  int parse_power() {
    int base = parse_atom();
    if (at('^')) {
      Token op = tok_;
      advance();
      int exponent = parse_unary();  // right-associative, and allows 2^-1
      return make_op(ExprOp::Pow, base, exponent, op.offset, 1);
    }
    return base;
  }
  int parse_atom() {
    Token t = tok_;
    if (t.kind == Tok::Num) {
      advance();
      return make_const(literal(t), t.offset, t.length, text_of(t));
    }
    if (t.kind == Tok::Name) {
      advance();
      std::string name = text_of(t);
      ExprOp fn = expr_function_by_name(name.data(), static_cast<int>(name.size()));
      if (!at('(')) {
        if (fn != ExprOp::Count) fail(tok_.offset, "expected '(' after function '" + name + "', found " + describe(tok_));
        return get_var(t);
      }
      if (fn == ExprOp::Count) fail(t.offset, "unknown function '" + name + "'");
      advance();  // '('
      std::vector<int> args;
      args.push_back(parse_sum());
      while (at(',')) {
        advance();
        args.push_back(parse_sum());
      }
      if (!at(')')) fail(tok_.offset, "expected ',' or ')' in call to '" + name + "', found " + describe(tok_));
      advance();
      const int arity = expr_op_info(fn).arity;
      if (static_cast<int>(args.size()) != arity)
        fail(t.offset, str_cat(name, " takes ", arity, arity == 1 ? " argument" : " arguments", ", got ",
                               args.size()));
      return make_op(fn, args[0], arity > 1 ? args[1] : -1, t.offset, t.length);
    }
    if (at('(')) {
      advance();
      int inner = parse_sum();
      if (!at(')')) fail(tok_.offset, str_cat("expected ')' to close '(' at column ", t.offset + 1, ", found ", describe(tok_)));
      advance();
      return inner;
    }
    unexpected(t);
  }

  const std::string& text_;
  ExprGraph& g_;
  const ExprParseDesc& desc_;
  Token tok_;
  int next_ = 0;
  int depth_ = 0;
  std::vector<int> heights_;  // per node id
};

}  // namespace

ExprError parse_expr(const std::string& text, ExprGraph& out, const ExprParseDesc& desc) {
  out = ExprGraph{};
  out.source = text;
  if (auto too_big = check_input_size(InputKind::Formula, text.size())) {
    ExprError e;
    e.offset = 0;
    e.column = 1;
    e.message = *too_big + " at column 1";
    return e;
  }
  try {
    Parser(text, out, desc).run();
  } catch (const ParseFail& f) {
    out = ExprGraph{};
    out.source = text;
    return f.error;
  }
  return {};
}

ExprGraph parse_expr_or_throw(const std::string& text, const ExprParseDesc& desc, const std::string& context) {
  ExprGraph g;
  ExprError e = parse_expr(text, g, desc);
  NN_CHECK(e.ok(), context, " '", text, "': ", e.message);
  return g;
}

}  // namespace gl
