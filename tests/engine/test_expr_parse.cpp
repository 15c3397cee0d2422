// Expression engine, syntax: precedence, associativity, literals and printing (round trips), parse errors
// naming the token and its column, and random token soup (never crashes; what parses prints to a fixed point
// and agrees with the compiled program). Evaluation and backprop are in test_expr.cpp.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/core/check.h"
#include "engine/expr/expr.h"
#include "engine/expr/program.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {

using Values = test::ExprValues;
const auto& run = test::run_expr;

ExprError parse_error(const std::string& text, const ExprParseDesc& desc = {}) {
  ExprGraph g;
  ExprError e = parse_expr(text, g, desc);
  CHECK(g.nodes.empty() == !e.ok());  // a failed parse leaves no half-built graph
  return e;
}

}  // namespace

TEST_CASE("expr: precedence, associativity, literals and printing") {
  auto value = [](const std::string& f, const Values& v = {}) { return run(f, v).value(); };
  CHECK(value("2^3^2") == 512);
  CHECK(value("-2^2") == -4);
  CHECK(value("(-2)^2") == 4);
  CHECK(value("2^-1") == 0.5);
  CHECK(value("8/4/2") == 1);
  CHECK(value("1-2-3") == -4);
  CHECK(value("2+3*4^2/8") == 8);
  CHECK(value("1e-3*1000 + .5 + 2.5E+1") == 26.5);
  CHECK(value("--x", {{"x", 3}}) == 3);
  CHECK(value("+x*2", {{"x", 3}}) == 6);
  ExprGraph lit = parse_expr_or_throw("-3");
  REQUIRE(lit.nodes.size() == 1);  // a minus on a literal folds into the constant leaf
  CHECK(lit.nodes[0].constant == -3);
  CHECK(lit.nodes[0].label == "-3");
  for (const char* f : {"(x + y) * z", "x - (y - z)", "-x^2", "(-x)^2", "2^3^x", "(2^3)^x", "x^-2 * -y",
                        "max(x, -y) / (x * y)", "-(x + y)", "x / (y / z)", "(-3)^x", "sigmoid(-x) - -2", "-(2) * x"}) {
    ExprGraph g = parse_expr_or_throw(f);
    std::string s = expr_to_string(g, g.root);
    CHECK(s == f);
    Values v = {{"x", 1.3}, {"y", -0.7}, {"z", 2.1}};
    ExprGraph a = parse_expr_or_throw(f), b = parse_expr_or_throw(s);
    REQUIRE(expr_forward(a, v).ok());
    REQUIRE(expr_forward(b, v).ok());
    CHECK(a.nodes.size() == b.nodes.size());
    if (std::isfinite(a.value())) CHECK(a.value() == b.value());
  }
}

TEST_CASE("expr: parse errors name the token and the column") {
  struct Case {
    const char* text;
    const char* message;
    int offset;
  };
  const Case cases[] = {
      {"(x + y", "expected ')' to close '(' at column 1, found end of formula at column 7", 6},
      {"x + )", "unexpected ')' at column 5", 4},
      {"a*(b+c))", "unexpected ')' at column 8", 7},
      {"x y", "unexpected 'y' at column 3", 2},
      {"x,y", "unexpected ',' at column 2", 1},
      {"2x", "unexpected 'x' at column 2", 1},
      {"", "empty formula at column 1", 0},
      {"   ", "empty formula at column 4", 3},
      {"x +", "unexpected end of formula at column 4", 3},
      {"x $ y", "unexpected '$' at column 3", 2},
      {"x + \xc3\xa9", "unexpected byte 0xC3 at column 5", 4},
      {"foo(x)", "unknown function 'foo' at column 1", 0},
      {"1 + max(x)", "max takes 2 arguments, got 1 at column 5", 4},
      {"exp(x, y)", "exp takes 1 argument, got 2 at column 1", 0},
      {"max(x y)", "expected ',' or ')' in call to 'max', found 'y' at column 7", 6},
      {"2 * exp", "expected '(' after function 'exp', found end of formula at column 8", 7},
      {"1e+ x", "malformed number '1e+' at column 1", 0},
      {"x + 2e", "malformed number '2e' at column 5", 4},
      {"x ^ ^ 2", "unexpected '^' at column 5", 4},
      {"max(,)", "unexpected ',' at column 5", 4},
  };
  for (const Case& c : cases) {
    ExprError e = parse_error(c.text);
    CHECK_MESSAGE(e.message == c.message, "'" << c.text << "' -> " << e.message);
    CHECK(e.offset == c.offset);
    CHECK(e.column == c.offset + 1);
  }
  ExprParseDesc only_x;
  only_x.restrict_vars = true;
  only_x.allowed_vars = {"x"};
  ExprError e = parse_error("relu(-y)", only_x);
  CHECK(e.message == "unknown variable 'y' (allowed: x) at column 7");
  CHECK(parse_error("x*sigmoid(x)", only_x).ok());
  std::string deep = std::string(300, '(') + "x" + std::string(300, ')');
  CHECK(parse_error(deep).message.find("formula nested deeper than 200 levels at column") == 0);
  CHECK_THROWS_WITH_AS(parse_expr_or_throw("max(x)", {}, "optimizer formula"),
                       "optimizer formula 'max(x)': max takes 2 arguments, got 1 at column 1", EngineError);
  CHECK(expr_caret("x + )", 5) == "  x + )\n      ^");
}

TEST_CASE("expr: random token soup never crashes; what parses round-trips and agrees with the program") {
  const char* pieces[] = {"x", "y", "2", ".5", "1e-1", "+", "-", "*", "/", "^", "(", ")", ",", "max(", "min(",
                          "exp(", "log(", "sqrt(", "abs(", "tanh(", "sigmoid(", "relu(", " ", "3.", "#", "foo("};
  Rng rng(21);
  int parsed = 0, failed = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::string text;
    const int len = 1 + static_cast<int>(rng.below(8));
    for (int i = 0; i < len; ++i) text += pieces[rng.below(sizeof(pieces) / sizeof(pieces[0]))];
    ExprGraph g;
    ExprError e = parse_expr(text, g);
    if (!e.ok()) {
      ++failed;
      CHECK(e.offset >= 0);
      CHECK(e.offset <= static_cast<int>(text.size()));
      continue;
    }
    ++parsed;
    std::vector<double> v;
    for (size_t i = 0; i < g.vars.size(); ++i) v.push_back(0.7 + 0.4 * static_cast<double>(i));
    expr_forward(g, v);
    expr_backward(g);
    ExprGraph back = parse_expr_or_throw(expr_to_string(g, g.root));
    REQUIRE(back.nodes.size() == g.nodes.size());
    CHECK(expr_to_string(back, back.root) == expr_to_string(g, g.root));  // printing is a fixed point
    ExprProgram p(g);
    std::vector<double> grad(g.vars.size());
    const double pv = p.eval_grad(v, grad);
    if (std::isfinite(g.value())) {
      CHECK_MESSAGE(pv == g.value(), text);
      for (size_t i = 0; i < grad.size(); ++i)
        if (std::isfinite(grad[i])) CHECK_MESSAGE(grad[i] == doctest::Approx(g.var_grads()[i]).epsilon(1e-12), text);
    }
  }
  MESSAGE("token soup: " << parsed << " formulas parsed, " << failed << " rejected with a position");
  CHECK(parsed > 100);
  CHECK(failed > 100);
}
