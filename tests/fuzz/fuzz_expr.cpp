// libFuzzer harness: formula text -> parse_expr -> expr_to_string -> parse_expr. Never crashes (no deep
// recursion whatever the chain); what parses prints to text that parses to a graph of the same size and
// prints the same (a fixed point); forward, backward, the JSON form and the compiled program run on it.
#include <vector>

#include "engine/expr/expr.h"
#include "engine/expr/program.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz_text(data, size);
  gl::ExprGraph g;
  gl::ExprError e = gl::parse_expr(text, g);
  if (!e.ok()) {
    FUZZ_CHECK(e.offset >= 0 && e.offset <= static_cast<int>(text.size()), e.message);
    FUZZ_CHECK(g.nodes.empty(), "a failed parse left nodes behind");
    gl::expr_caret(text, e.column);
    return 0;
  }
  const std::string printed = gl::expr_to_string(g, g.root);
  gl::ExprGraph back;
  gl::ExprError be = gl::parse_expr(printed, back);
  FUZZ_CHECK(be.ok(), "printed formula does not parse: " + printed + " -> " + be.message);
  FUZZ_CHECK(back.nodes.size() == g.nodes.size(), "printed formula has another graph: " + text + " -> " + printed);
  FUZZ_CHECK(gl::expr_to_string(back, back.root) == printed, "printing is not a fixed point: " + printed);
  std::vector<double> v;
  for (size_t i = 0; i < g.vars.size(); ++i) v.push_back(0.5 + 0.25 * static_cast<double>(i));
  gl::expr_forward(g, v);
  gl::expr_backward(g);
  gl::expr_domain_issues(g);
  gl::expr_to_json(g).dump();
  std::vector<double> grad(g.vars.size());
  gl::ExprProgram(g).eval_grad(v, grad);
  return 0;
}
