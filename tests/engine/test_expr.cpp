// Expression engine, evaluation and backprop: the CS231n circuit examples, gate behaviour on edges (add
// distributes, mul swaps, max routes, shared inputs sum), numeric gradient checks of every op, PyTorch golden
// cases, missing values and domain warnings, the compiled program on arrays, and the Formula activation layer
// under the layer gradient check. Syntax, printing and parse errors are in test_expr_parse.cpp.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/core/check.h"
#include "engine/expr/expr.h"
#include "engine/expr/program.h"
#include "engine/layers/formula_activation.h"
#include "tests/engine/testing.h"

using namespace gl;

namespace {

using Values = test::ExprValues;
const auto& run = test::run_expr;

double grad_of(const ExprGraph& g, const std::string& name) {
  const int v = g.var_index(name);
  REQUIRE_MESSAGE(v >= 0, name);
  return g.nodes[static_cast<size_t>(g.var_nodes[static_cast<size_t>(v)])].grad;
}

// Every node's grad equals the sum of the grads on its outgoing edges (the root's is 1).
void check_grad_sums(const ExprGraph& g) {
  for (const ExprNode& n : g.nodes) {
    if (n.id == g.root) {
      CHECK(n.grad == 1.0);
      continue;
    }
    double s = 0;
    for (int e : n.uses) s += g.edges[static_cast<size_t>(e)].grad;
    CHECK_MESSAGE(n.grad == doctest::Approx(s), "node ", n.id, " ", n.label);
  }
}

}  // namespace

TEST_CASE("expr: (x+y)*z, add distributes and mul swaps (CS231n)") {
  ExprGraph g = run("(x+y)*z", {{"x", -2}, {"y", 5}, {"z", -4}});
  CHECK(g.value() == -12);
  CHECK(grad_of(g, "x") == -4);
  CHECK(grad_of(g, "y") == -4);
  CHECK(grad_of(g, "z") == 3);
  // Nodes in topological order: x, y, +, z, *; one edge per use.
  REQUIRE(g.nodes.size() == 5);
  REQUIRE(g.edges.size() == 4);
  const char* ops[] = {"var", "var", "add", "var", "mul"};
  const double values[] = {-2, 5, 3, -4, -12}, grads[] = {-4, -4, -4, 3, 1};
  for (int i = 0; i < 5; ++i) {
    CHECK(std::string(expr_op_info(g.nodes[i].op).name) == ops[i]);
    CHECK(g.nodes[i].value == values[i]);
    CHECK(g.nodes[i].grad == grads[i]);
  }
  CHECK(g.nodes[2].label == "+");
  CHECK(g.nodes[3].name == "z");
  const int from[] = {0, 1, 2, 3}, to[] = {2, 2, 4, 4};
  const double evalue[] = {-2, 5, 3, -4}, egrad[] = {-4, -4, -4, 3};  // + copies -4 to both; * swaps 3 and -4
  for (int i = 0; i < 4; ++i) {
    CHECK(g.edges[i].from == from[i]);
    CHECK(g.edges[i].to == to[i]);
    CHECK(g.edges[i].value == evalue[i]);
    CHECK(g.edges[i].grad == egrad[i]);
  }
  CHECK(expr_to_json(g).dump() ==
        R"({"value":-12,"grad":{"x":-4,"y":-4,"z":3},"nodes":[{"id":0,"op":"var","label":"x","value":-2,"grad":-4,)"
        R"("name":"x"},{"id":1,"op":"var","label":"y","value":5,"grad":-4,"name":"y"},{"id":2,"op":"add","label":"+",)"
        R"("value":3,"grad":-4},{"id":3,"op":"var","label":"z","value":-4,"grad":3,"name":"z"},{"id":4,"op":"mul",)"
        R"("label":"*","value":-12,"grad":1}],"edges":[{"from":0,"to":2,"slot":0,"value":-2,"grad":-4},{"from":1,)"
        R"("to":2,"slot":1,"value":5,"grad":-4},{"from":2,"to":4,"slot":0,"value":3,"grad":-4},{"from":3,"to":4,)"
        R"("slot":1,"value":-4,"grad":3}]})");
}

TEST_CASE("expr: the sigmoid neuron (CS231n)") {
  ExprGraph g = run("1/(1+exp(-(w0*x0+w1*x1+w2)))", {{"w0", 2}, {"x0", -1}, {"w1", -3}, {"x1", -2}, {"w2", -3}});
  CHECK(g.value() == doctest::Approx(0.7310585786).epsilon(1e-9));
  // d sigma = (1 - s) s = 0.19661193; dw = x * 0.1966, dx = w * 0.1966
  CHECK(grad_of(g, "w0") == doctest::Approx(-0.19661193324).epsilon(1e-9));
  CHECK(grad_of(g, "x0") == doctest::Approx(0.39322386648).epsilon(1e-9));
  CHECK(grad_of(g, "w1") == doctest::Approx(-0.39322386648).epsilon(1e-9));
  CHECK(grad_of(g, "x1") == doctest::Approx(-0.58983579972).epsilon(1e-9));
  CHECK(grad_of(g, "w2") == doctest::Approx(0.19661193324).epsilon(1e-9));
  CHECK(g.nodes.size() == 15);  // two literal 1s, 5 vars, 2 mul, 3 add, neg, exp, div
  CHECK(g.edges.size() == 14);
  check_grad_sums(g);
  // The sigmoid gate gives the same gradients in one node.
  ExprGraph s = run("sigmoid(w0*x0+w1*x1+w2)", {{"w0", 2}, {"x0", -1}, {"w1", -3}, {"x1", -2}, {"w2", -3}});
  CHECK(s.value() == doctest::Approx(g.value()).epsilon(1e-12));
  for (const char* v : {"w0", "x0", "w1", "x1", "w2"}) CHECK(grad_of(s, v) == doctest::Approx(grad_of(g, v)).epsilon(1e-12));
}

TEST_CASE("expr: max routes the gradient; ties go to the first argument; relu'(0) = abs'(0) = 0") {
  ExprGraph g = run("max(w2*(w0*x0 + w1*x1 + b0) + b1, 0)",
                    {{"w0", 1}, {"x0", 2}, {"w1", -1}, {"x1", 0.5}, {"b0", 0.25}, {"w2", 2}, {"b1", -1}});
  CHECK(g.value() == 2.5);  // 2*(2 - 0.5 + 0.25) - 1
  CHECK(grad_of(g, "b1") == 1);
  CHECK(grad_of(g, "w2") == 1.75);
  CHECK(grad_of(g, "x0") == 2);
  const ExprNode& root = g.root_node();
  CHECK(g.edges[static_cast<size_t>(root.arg_edges[0])].grad == 1);  // routed to the larger input
  CHECK(g.edges[static_cast<size_t>(root.arg_edges[1])].grad == 0);
  ExprGraph off = run("max(w*x + b, 0)", {{"w", 1}, {"x", -2}, {"b", 0.5}});
  CHECK(off.value() == 0);
  CHECK(grad_of(off, "w") == 0);
  CHECK(grad_of(off, "b") == 0);

  ExprGraph tie = run("max(x, y) + 3*min(y, x)", {{"x", 2}, {"y", 2}});
  CHECK(grad_of(tie, "x") == 1);  // max's tie -> x (first)
  CHECK(grad_of(tie, "y") == 3);  // min's tie -> y (first)
  CHECK(grad_of(run("relu(x)", {{"x", 0}}), "x") == 0);
  CHECK(grad_of(run("abs(x)", {{"x", 0}}), "x") == 0);
  CHECK(grad_of(run("abs(x)", {{"x", -0.5}}), "x") == -1);
  // The compiled program follows the same conventions.
  ExprProgram p(parse_expr_or_throw("max(x, y) + 3*min(y, x) + relu(x - y) + abs(y - x)"));
  std::vector<double> grad(2);
  CHECK(p.eval_grad(std::vector<double>{2, 2}, grad) == 8);
  CHECK(grad[0] == 1);
  CHECK(grad[1] == 3);
}

TEST_CASE("expr: a shared variable is one leaf whose gradient sums its uses") {
  ExprGraph g = run("x*x + x*y", {{"x", 3}, {"y", 2}});
  CHECK(g.value() == 15);
  REQUIRE(g.nodes.size() == 5);  // x, *, y, *, +
  REQUIRE(g.edges.size() == 6);
  const ExprNode& x = g.nodes[0];
  CHECK(x.name == "x");
  REQUIRE(x.uses.size() == 3);
  double parts[3];
  for (int k = 0; k < 3; ++k) parts[k] = g.edges[static_cast<size_t>(x.uses[k])].grad;
  CHECK(parts[0] == 3);  // x*x, slot 0: the other factor
  CHECK(parts[1] == 3);  // x*x, slot 1
  CHECK(parts[2] == 2);  // x*y: y
  CHECK(x.grad == parts[0] + parts[1] + parts[2]);
  CHECK(grad_of(g, "y") == 3);
  check_grad_sums(g);
}

TEST_CASE("expr: numeric gradient check of every op and composites (double)") {
  const char* formulas[] = {
      "x + y", "x - y", "x * y", "x / y", "x ^ y", "x ^ 3", "2 ^ x", "-x", "max(x, y)", "min(x, y)", "exp(x)",
      "log(x)", "sqrt(x)", "abs(x)", "tanh(x)", "sigmoid(x)", "relu(x)", "relu(-x)",
      "(x + y) * z", "x*x + x*y", "x * sigmoid(x)", "log(1 + exp(x)) - tanh(y) * x^2", "sqrt(x^2 + y^2) / z",
      "min(exp(-x), y/2) * relu(x - y)", "2^3^x", "x^-2 * exp(-y) + max(x, z)^2", "abs(x*y - z) + x/y/z"};
  Rng rng(11);
  int checked = 0;
  double worst = 0;
  for (const char* f : formulas) {
    ExprGraph g = parse_expr_or_throw(f);
    ExprProgram p(g);
    const size_t k = g.vars.size();
    for (int trial = 0; trial < 6; ++trial) {
      // Positive values away from 0 and from each other: inside every domain (log, sqrt, x^y) and away
      // from the kinks of max/min/relu/abs (kink crossings are not differentiable).
      std::vector<double> x(k);
      bool ok = false;
      while (!ok) {
        for (double& v : x) v = 0.3 + 1.7 * rng.uniform();
        ok = true;
        for (size_t i = 0; i < k; ++i)
          for (size_t j = 0; j < i; ++j) ok = ok && std::fabs(x[i] - x[j]) > 0.05;
        if (ok && std::string(f).find("abs(x*y") != std::string::npos) ok = std::fabs(x[0] * x[1] - x[2]) > 0.05;
        if (ok && std::string(f).find("min(exp") != std::string::npos) ok = std::fabs(std::exp(-x[0]) - x[1] / 2) > 0.05;
      }
      expr_forward(g, x);
      expr_backward(g);
      std::vector<double> analytic = g.var_grads();
      auto fn = [&](const std::vector<double>& v) {
        ExprGraph h = g;
        expr_forward(h, v);
        return h.value();
      };
      std::vector<double> numeric = test::numeric_grad(fn, x, 1e-6);
      std::vector<double> prog(k);
      CHECK(p.eval_grad(x, prog) == doctest::Approx(g.value()).epsilon(1e-14));
      for (size_t i = 0; i < k; ++i) {
        const double e = test::rel_err(analytic[i], numeric[i]);
        worst = std::max(worst, e);
        CHECK_MESSAGE(e < 1e-6, std::string(f) << ": d/d" << g.vars[i] << " analytic " << analytic[i] << " numeric " << numeric[i]);
        CHECK(prog[i] == doctest::Approx(analytic[i]).epsilon(1e-13));
        ++checked;
      }
      check_grad_sums(g);
    }
  }
  MESSAGE("expr numeric gradient checks: " << checked << " partials, worst relative error " << worst);
}

TEST_CASE("expr: PyTorch golden cases (float64 autograd) through the graph and the compiled program") {
  double worst_graph = 0, worst_float = 0;
  int points = 0;
  for (const char* file : {"expr_ops", "expr_composite"}) {
    Json j = test::load_golden(file);
    for (const Json& c : j["cases"].arr()) {
      const std::string f = c["formula"].str();
      ExprGraph g = parse_expr_or_throw(f);
      std::vector<std::string> names;
      for (const Json& n : c["vars"].arr()) names.push_back(n.str());
      REQUIRE_MESSAGE(g.vars == names, f);  // same order of first appearance as the generator's
      Tensor in = test::tensor_from_json(c["inputs"]);
      std::vector<float> want_v = c["value"]["data"].floats(), want_g = c["grad"]["data"].floats();
      const int P = in.dim(0), K = in.dim(1);
      std::vector<float> got_v(static_cast<size_t>(P)), got_g(static_cast<size_t>(P * K));
      std::vector<double> in_d;  // the exact doubles PyTorch was given
      for (const Json& x : c["inputs"]["data"].arr()) in_d.push_back(x.num());
      for (int p = 0; p < P; ++p) {
        std::vector<double> x(in_d.begin() + p * K, in_d.begin() + (p + 1) * K);
        expr_forward(g, x);
        expr_backward(g);
        got_v[static_cast<size_t>(p)] = static_cast<float>(g.value());
        for (int k = 0; k < K; ++k) got_g[static_cast<size_t>(p * K + k)] = static_cast<float>(g.var_grads()[static_cast<size_t>(k)]);
        for (int k = 0; k < K; ++k)
          worst_graph = std::max(worst_graph, test::rel_err(g.var_grads()[static_cast<size_t>(k)], want_g[static_cast<size_t>(p * K + k)]));
        worst_graph = std::max(worst_graph, test::rel_err(g.value(), want_v[static_cast<size_t>(p)]));
        ++points;
      }
      test::check_close(str_cat(file, " '", f, "' value"), got_v.data(), want_v, 1e-4);
      test::check_close(str_cat(file, " '", f, "' grad"), got_g.data(), want_g, 1e-4);

      // The float array path: one array per variable (column of the inputs).
      ExprProgram prog(g);
      std::vector<std::vector<float>> cols(static_cast<size_t>(K), std::vector<float>(static_cast<size_t>(P)));
      std::vector<std::vector<float>> gcols = cols;
      std::vector<const float*> ins;
      std::vector<float*> gs;
      for (int k = 0; k < K; ++k) {
        for (int p = 0; p < P; ++p) cols[static_cast<size_t>(k)][static_cast<size_t>(p)] = in[p * K + k];
        ins.push_back(cols[static_cast<size_t>(k)].data());
        gs.push_back(gcols[static_cast<size_t>(k)].data());
      }
      std::vector<float> fv(static_cast<size_t>(P)), fg(static_cast<size_t>(P * K));
      prog.eval_grad(ins, fv.data(), gs, P);
      for (int p = 0; p < P; ++p)
        for (int k = 0; k < K; ++k) fg[static_cast<size_t>(p * K + k)] = gcols[static_cast<size_t>(k)][static_cast<size_t>(p)];
      for (int p = 0; p < P; ++p) worst_float = std::max(worst_float, test::rel_err(fv[static_cast<size_t>(p)], want_v[static_cast<size_t>(p)]));
      for (int i = 0; i < P * K; ++i) worst_float = std::max(worst_float, test::rel_err(fg[static_cast<size_t>(i)], want_g[static_cast<size_t>(i)]));
      test::check_close(str_cat(file, " '", f, "' float value"), fv.data(), want_v, 1e-4);
      test::check_close(str_cat(file, " '", f, "' float grad"), fg.data(), want_g, 1e-4);
    }
  }
  CHECK(points > 100);
  MESSAGE("expr golden: " << points << " points, worst relative error graph(double) " << worst_graph
                          << ", program(float) " << worst_float);
}

TEST_CASE("expr: missing values, unused names and domain warnings") {
  ExprGraph g = parse_expr_or_throw("x*y + log(z)");
  ExprError e = expr_forward(g, {{"x", 1}, {"y", 2}, {"w", 3}});
  CHECK(e.message == "no value for variable 'z' at column 11");
  CHECK(e.offset == 10);
  CHECK(expr_unused_names(g, {{"x", 1}, {"w", 3}}) == std::vector<std::string>{"w"});
  CHECK_THROWS_AS(expr_forward(g, std::vector<double>{1, 2}), EngineError);

  REQUIRE(expr_forward(g, {{"x", 1}, {"y", 2}, {"z", -1}}).ok());
  expr_backward(g);
  std::vector<ExprError> issues = expr_domain_issues(g);
  REQUIRE(issues.size() == 1);  // only where the NaN starts, not the + it flows into
  CHECK(issues[0].message == "log(-1) gives NaN at column 7");
  CHECK(std::isnan(g.value()));

  ExprGraph s = run("sqrt(x) + 1/y", {{"x", 0}, {"y", 0}});
  issues = expr_domain_issues(s);
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].message == "div(1, 0) gives Inf at column 12");
  CHECK(issues[1].message == "gradient for 'x' is Inf at column 6");
  CHECK(issues[2].message == "gradient for 'y' is -Inf at column 13");
  CHECK(expr_domain_issues(run("x^2", {{"x", -3}})).empty());
  CHECK(grad_of(run("x^2", {{"x", -3}}), "x") == -6);
  CHECK(grad_of(run("x^y", {{"x", 0}, {"y", 2}}), "y") == 0);  // PyTorch's rule at a = 0
  CHECK(expr_to_json(run("log(x)", {{"x", -1}})).dump().find(R"("value":null)") == 0 + 1);
}

TEST_CASE("expr program: float arrays match the graph, across chunk boundaries") {
  Rng rng(5);
  const int64_t n = 1000;  // not a multiple of the 256-element chunk
  Tensor x = test::random_tensor(Shape{static_cast<int>(n)}, rng, 2.0f);
  for (const char* f : {"relu(-x)", "relu(x^3)", "x*sigmoid(x)", "tanh(x) + x^2/(1 + abs(x))", "3"}) {
    ExprGraph g = parse_expr_or_throw(f);
    ExprProgram p(g);
    std::vector<float> y(n), dy(n), y2(n);
    p.eval_grad1(x.data(), y.data(), dy.data(), n);
    p.eval1(x.data(), y2.data(), n);
    double worst = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (g.vars.empty()) {
        expr_forward(g, std::vector<double>{});
      } else {
        expr_forward(g, std::vector<double>{x[i]});
      }
      expr_backward(g);
      const double want_g = g.vars.empty() ? 0.0 : g.var_grads()[0];
      worst = std::max({worst, test::rel_err(y[static_cast<size_t>(i)], g.value()),
                        test::rel_err(dy[static_cast<size_t>(i)], want_g)});
      CHECK(y2[static_cast<size_t>(i)] == y[static_cast<size_t>(i)]);
    }
    CHECK_MESSAGE(worst < 1e-4, std::string(f) << ": worst relative error " << worst);
  }
  // f(x, y) with its gradient, as the optimizer playground uses it.
  ExprProgram rosen = ExprProgram::compile("(1 - x)^2 + 100*(y - x^2)^2");
  REQUIRE(rosen.vars() == std::vector<std::string>{"x", "y"});
  std::vector<double> grad(2);
  CHECK(rosen.eval_grad(std::vector<double>{-1.0, 2.0}, grad) == 104);
  CHECK(grad[0] == 396);   // -2(1-x) - 400x(y - x^2) = -4 + 400
  CHECK(grad[1] == 200);   // 200(y - x^2)
  CHECK(rosen.eval(std::vector<double>{1.0, 1.0}) == 0);
  float xs[3] = {-1, 1, 0}, ys[3] = {2, 1, 0}, out[3], gx[3];
  const float* ins[2] = {xs, ys};
  float* gs[2] = {gx, nullptr};  // only df/dx wanted
  rosen.eval_grad(ins, out, gs, 3);
  CHECK(out[0] == 104);
  CHECK(gx[0] == 396);
  CHECK(out[2] == 1);
  CHECK(gx[2] == -2);
  CHECK_THROWS_AS(rosen.eval1(xs, out, 3), EngineError);
  CHECK_THROWS_AS(rosen.eval(std::vector<double>{1.0}), EngineError);
}

TEST_CASE("formula activation: gradient check, shape and errors") {
  Rng rng(9);
  Tensor inp = test::random_tensor(Shape{4, 3, 5}, rng);
  for (int64_t i = 0; i < inp.size(); ++i) inp[i] += inp[i] >= 0 ? 0.1f : -0.1f;  // away from the kinks at 0
  for (const char* f : {"relu(-x)", "relu(x^3)", "x*sigmoid(x)", "max(x, 0.5*x) + abs(x)/4"}) {
    LayerDesc d;
    d.kind = LayerKind::Activation;
    d.act = ActKind::Formula;
    d.formula = f;
    std::unique_ptr<Layer> layer = make_formula_activation(d, Shape{3, 5});
    CHECK(layer->kind() == LayerKind::Activation);
    CHECK(layer->output_shape() == Shape{3, 5});
    CHECK(layer->params().empty());
    Tensor out;
    layer->forward(inp, out, true);
    REQUIRE(out.shape() == inp.shape());
    ExprGraph g = parse_expr_or_throw(f);
    for (int64_t i = 0; i < inp.size(); i += 7) {
      expr_forward(g, std::vector<double>{inp[i]});
      CHECK(out[i] == doctest::Approx(g.value()).epsilon(1e-5));
    }
    test::check_layer_grads(*layer, inp);
  }
  LayerDesc bad;
  bad.kind = LayerKind::Activation;
  bad.act = ActKind::Formula;
  bad.formula = "relu(-y)";
  CHECK_THROWS_WITH_AS(make_formula_activation(bad, Shape{3}),
                       "activation formula 'relu(-y)': unknown variable 'y' (allowed: x) at column 7", EngineError);
  bad.formula = "x * (1 + x";
  CHECK_THROWS_WITH_AS(make_formula_activation(bad, Shape{3}),
                       "activation formula 'x * (1 + x': expected ')' to close '(' at column 5, found end of formula "
                       "at column 11",
                       EngineError);
  bad.act = ActKind::ReLU;  // checked before the formula
  CHECK_THROWS_WITH_AS(make_formula_activation(bad, Shape{3}),
                       "make_formula_activation: layer 'activation' (act relu) is not a formula activation",
                       EngineError);
}

TEST_CASE("expr: the max/min tie rule is an option of backward (first, both, split)") {
  ExprGraph g = parse_expr_or_throw("max(x, y) + 3*min(y, x) + max(x, z)");
  expr_forward(g, std::vector<double>{2.0, 2.0, 1.0});  // x = y = 2: max(x, y) and min(y, x) tie; max(x, z) does not
  std::vector<int> tied = expr_tied_nodes(g);
  REQUIRE(tied.size() == 2);
  for (int id : tied) CHECK(g.nodes[static_cast<size_t>(id)].op != ExprOp::Add);
  expr_backward(g);  // default: first argument
  CHECK(g.var_grads() == std::vector<double>{1 + 1, 3, 0});
  expr_backward(g, {ExprTieRule::Both});  // the exam's convention: each tied input gets the whole gradient
  CHECK(g.var_grads() == std::vector<double>{1 + 3 + 1, 1 + 3, 0});
  expr_backward(g, {ExprTieRule::Split});  // PyTorch's torch.maximum / minimum
  CHECK(g.var_grads() == std::vector<double>{0.5 + 1.5 + 1, 0.5 + 1.5, 0});
  // Without a tie every rule routes to the winner.
  expr_forward(g, std::vector<double>{3.0, 2.0, 1.0});
  CHECK(expr_tied_nodes(g).empty());
  for (ExprTieRule r : {ExprTieRule::First, ExprTieRule::Both, ExprTieRule::Split}) {
    expr_backward(g, {r});
    CHECK(g.var_grads() == std::vector<double>{2, 3, 0});
  }
  CHECK(std::string(expr_tie_rule_name(ExprTieRule::Split)) == "split");
}
