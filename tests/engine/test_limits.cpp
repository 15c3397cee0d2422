// Hostile inputs (links, files and CLI arguments someone else wrote): input size limits, counts that
// saturate instead of wrapping, the memory budget, floats a spec cannot hold, float-to-int conversions, the
// JSON reader's strict number grammar, formula chains, and the spec round trip over random specs.
// Every case here failed (wrong result, undefined behaviour or a crash) before the fix it guards.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "engine/core/checked.h"
#include "engine/core/json.h"
#include "engine/core/limits.h"
#include "engine/core/rng.h"
#include "engine/expr/expr.h"
#include "engine/model/summary.h"
#include "engine/session/compare_lab.h"
#include "engine/session/session.h"
#include "tests/engine/session_access.h"
#include "engine/spec/export_pytorch.h"
#include "engine/spec/spec.h"

using namespace gl;

namespace {

SpecError spec_error(const std::string& text) {
  SpecResult r = parse_spec(text);
  INFO("spec: " << text);
  REQUIRE_MESSAGE(!r.ok(), "expected an error for: " << text);
  return *r.error;
}

std::string json_error(const std::string& text) {
  try {
    Json::parse(text);
  } catch (const EngineError& e) {
    return e.what();
  }
  return "(accepted)";
}

// x+x+...+x with n terms.
std::string chain(int n, const char* op = "+") {
  std::string s = "x";
  for (int i = 1; i < n; ++i) s += std::string(op) + "x";
  return s;
}

}  // namespace

TEST_CASE("limits: every input kind has a named limit; just under passes, just over and 10x over fail") {
  for (int k = 0; k < static_cast<int>(InputKind::Count); ++k) {
    const InputKind kind = static_cast<InputKind>(k);
    const size_t limit = input_limit_bytes(kind);
    INFO(input_kind_name(kind));
    CHECK(limit > 0);
    CHECK_FALSE(check_input_size(kind, limit).has_value());
    CHECK_FALSE(check_input_size(kind, limit - 1).has_value());
    for (size_t over : {limit + 1, limit * 10}) {
      auto msg = check_input_size(kind, over);
      REQUIRE(msg.has_value());
      CHECK(msg->find(input_limit_name(kind)) != std::string::npos);
      CHECK(msg->find(std::to_string(over)) != std::string::npos);
      CHECK_THROWS_AS(require_input_size(kind, over), EngineError);
    }
  }
  Json all = Json::parse(input_limits_json());
  CHECK(all.size() == static_cast<size_t>(InputKind::Count));
  CHECK(all["spec_text"]["bytes"].num() == 65536);
  CHECK(all["url_hash"]["name"].str() == "kMaxUrlHashBytes");
  CHECK(*check_input_size(InputKind::SpecText, 70000) ==
        "the spec text is 70000 bytes (68.4 KiB); the limit is 64 KiB (kMaxSpecTextBytes)");
}

TEST_CASE("limits: spec text and formulas over their limits are refused with the limit's name") {
  // A valid spec padded with a comment to exactly the limit parses; one byte more does not.
  std::string spec = "INPUT 2, FC-2 #";
  spec += std::string(kMaxSpecTextBytes - spec.size(), 'a');
  REQUIRE(spec.size() == kMaxSpecTextBytes);
  CHECK(parse_spec(spec).ok());
  SpecError e = spec_error(spec + "a");
  CHECK(e.line == 1);
  CHECK(e.message.find("kMaxSpecTextBytes") != std::string::npos);
  CHECK(spec_error(std::string(10 * kMaxSpecTextBytes, ' ')).message.find("kMaxSpecTextBytes") != std::string::npos);

  std::string f = "x" + std::string(kMaxFormulaBytes - 1, ' ');
  ExprGraph g;
  CHECK(parse_expr(f, g).ok());
  ExprError fe = parse_expr(f + " ", g);
  CHECK(fe.message.find("kMaxFormulaBytes") != std::string::npos);
  CHECK(g.nodes.empty());
}

// Issue item 3: `gradlab-cli grad` on x+x+...+x with 20,001 terms overflowed the stack in expr_to_string.
TEST_CASE("expr: chains of binary operators are bounded; the longest allowed chain prints") {
  ExprGraph g;
  ExprError e = parse_expr(chain(20001), g);
  REQUIRE_FALSE(e.ok());
  CHECK(e.message.find("kMaxFormulaBytes") != std::string::npos);
  // Within the byte limit, the chain height is the bound: 1000 operations print and parse back.
  for (const char* op : {"+", "*", "-", "/"}) {
    INFO(op);
    REQUIRE(parse_expr(chain(kMaxFormulaHeight), g).ok());
    ExprGraph back;
    REQUIRE(parse_expr(expr_to_string(g, g.root), back).ok());
    CHECK(back.nodes.size() == g.nodes.size());
    ExprError over = parse_expr(chain(kMaxFormulaHeight + 1, op), g);
    REQUIRE_FALSE(over.ok());
    CHECK(over.message.find("kMaxFormulaHeight") != std::string::npos);
    CHECK(over.column == 2 * kMaxFormulaHeight);  // the operator that makes the chain too long
  }
  // Right-nested powers count the same way (x^x^...^x is right-associative).
  CHECK(parse_expr(chain(kMaxFormulaDepth / 2, "^"), g).ok());
}

TEST_CASE("expr: a literal a double cannot hold is an error, not inf") {
  ExprGraph g;
  ExprError e = parse_expr("x + 1e999", g);
  REQUIRE_FALSE(e.ok());
  CHECK(e.column == 5);
  CHECK(e.message.find("1e999") != std::string::npos);
  CHECK_FALSE(parse_expr("-1e999", g).ok());
  CHECK(parse_expr("1e308 * x", g).ok());
}

TEST_CASE("checked arithmetic saturates instead of wrapping") {
  CHECK(sat_add(kCountMax, kCountMax) == kCountMax);
  CHECK(sat_add(kCountMax - 5, 3) == kCountMax - 2);
  CHECK(sat_mul(int64_t{1} << 40, int64_t{1} << 40) == kCountMax);
  CHECK(sat_mul(-(int64_t{1} << 40), int64_t{1} << 40) == std::numeric_limits<int64_t>::min());
  CHECK(sat_mul(0, kCountMax) == 0);
  CHECK(Shape{1000000, 3000001, 3000001, 3000001}.numel() == kCountMax);
  CHECK(Shape{2, 3, 4}.numel() == 24);
  CHECK_FALSE(checked_int(1e300).has_value());
  CHECK_FALSE(checked_int(std::nan("")).has_value());
  CHECK_FALSE(checked_int(-INFINITY).has_value());
  CHECK_FALSE(checked_int(2.5).has_value());
  CHECK(checked_int(-7.0) == -7);
  CHECK_FALSE(checked_float(1e39).has_value());
  CHECK_FALSE(checked_float(1e-50).has_value());
  CHECK_FALSE(checked_float(1e-40).has_value());  // subnormal in float32
  CHECK(checked_float(0.0) == 0.0f);
  CHECK(checked_float(1e-30) == 1e-30f);
}

// Issue item 2: the totals added saturated rows with +=, printing -9223372036837775807 parameters, and two
// saturated rows wrapped to 40 parameters, 11.4 KiB, under the page's budget.
TEST_CASE("summary: counts too large for int64 are refused at the row, never wrapped past the budget") {
  const std::string one = "INPUT 1 x 1 x 1 x 1\nCONV(1000000x1000000x1000000)-1000000-p(500000,500000,500000)\nFC-2";
  SpecError e = spec_error(one);
  CHECK(e.line == 2);
  CHECK(e.message.find("exceeds 2^63 - 1") != std::string::npos);

  const std::string row = "CONV(1000000x1000000x1000000)-10-p(500000,500000,500000)-s2";
  const std::string two = "INPUT 1 x 1 x 1 x 1\n" + row + "\n" + row + "\nFC-2";
  SpecError e2 = spec_error(two);
  CHECK(e2.line == 2);
  CHECK(e2.message.find("exceeds 2^63 - 1") != std::string::npos);

  // Rows of 5e18 parameters each: each fits in int64, their sum does not. Refused at the second row.
  const std::string sum = "INPUT 1 x 1 x 1 x 1\nCONV(999999x999999x5)-1000000-p(499999,499999,2)\n"
                          "CONV(999999x999x5)-1000-p(499999,499,2)\nFC-2";
  SpecError e3 = spec_error(sum);
  CHECK(e3.line == 3);
  CHECK(e3.message.find("exceeds 2^63 - 1") != std::string::npos);
  // The first row alone is countable (5e18 parameters) and far over the budget.
  SpecResult first = parse_spec("INPUT 1 x 1 x 1 x 1\nCONV(999999x999999x5)-1000000-p(499999,499999,2)\nFC-2");
  REQUIRE_MESSAGE(first.ok(), first.error->message);
  SummaryResult s = summarize_spec(first.spec);
  CHECK(s.summary.total_params > 0);
  CHECK(s.summary.total_params >= int64_t{4999990000000000000});
  REQUIRE_FALSE(s.ok());
  CHECK(s.error->message.find("the page's budget is 640 MiB") != std::string::npos);
}

TEST_CASE("summary: check_train_budget applies another budget and names its owner") {
  SpecResult r = parse_spec("INPUT 2, FC-4000, FC-4000, FC-2");
  REQUIRE(r.ok());
  SummaryResult s = summarize_spec(r.spec, 32, false);
  REQUIRE(s.ok());
  CHECK(s.summary.train_bytes > (int64_t{200} << 20));
  auto over = check_train_budget(r.spec, s.summary, int64_t{200} << 20, "gradlab-cli's");
  REQUIRE(over.has_value());
  CHECK(over->message.find("gradlab-cli's budget is 200 MiB") != std::string::npos);
  CHECK(over->line == 1);
  CHECK_FALSE(check_train_budget(r.spec, s.summary, kTrainBudgetBytes, "the page's").has_value());
  CHECK(format_bytes(kCountMax) == "8 EiB");
}

// Issue item 5: LEAKYRELU-1e39 and SVM-1e308 became inf (canonical text "LEAKYRELU-null", export "null.0");
// ELU-1e-50 became 0.
TEST_CASE("spec: floats a float32 cannot hold are located errors; small normal floats are kept exactly") {
  SpecError a = spec_error("INPUT 2\nLEAKYRELU-1e39\nFC-2");
  CHECK(a.line == 2);
  CHECK(a.col == 11);
  CHECK(a.length == 4);
  CHECK(a.message.find("3.4e38") != std::string::npos);
  SpecError b = spec_error("INPUT 2, FC-2, SVM-1e308");
  CHECK(b.col == 20);
  SpecError c = spec_error("INPUT 2, ELU-1e-50, FC-2");
  CHECK(c.col == 14);
  CHECK(c.message.find("1.2e-38") != std::string::npos);
  CHECK(spec_error("INPUT 2, DROPOUT-1e-45, FC-2").message.find("float32") != std::string::npos);
  CHECK(spec_error("INPUT 2, LEAKYRELU-0x1p3, FC-2").message.find("expected a number") != std::string::npos);
  SpecResult ok = parse_spec("INPUT 2, ELU-1e-30, LEAKYRELU-3e38, FC-2, SVM-1e-37");
  REQUIRE_MESSAGE(ok.ok(), ok.error->message);
  CHECK(ok.spec.rows[1].desc.elu_alpha == 1e-30f);
  CHECK(ok.spec.rows[2].desc.act_param == 3e38f);
  SpecResult back = parse_spec(print_spec(ok.spec));
  REQUIRE_MESSAGE(back.ok(), back.error->message);
  CHECK(back.spec == ok.spec);
  const std::string py = export_pytorch(ok.spec);
  CHECK(py.find("null") == std::string::npos);
  CHECK(py.find("nn.ELU(alpha=1e-30)") != std::string::npos);
  CHECK(py.find("negative_slope=3e+38") != std::string::npos);
}

TEST_CASE("export: a spec built in code with non-finite floats still exports valid Python") {
  SpecResult r = parse_spec("INPUT 2, LEAKYRELU-0.5, FC-2, SVM-2");
  REQUIRE(r.ok());
  r.spec.rows[1].desc.act_param = INFINITY;
  r.spec.rows[1].layers[0].act_param = INFINITY;
  r.spec.loss.margin = NAN;
  const std::string py = export_pytorch(r.spec);
  CHECK(py.find("null.0") == std::string::npos);
  // Only the header comment (the spec as written) may show the value; the code lines use float('inf').
  for (size_t at = py.find("null"); at != std::string::npos; at = py.find("null", at + 1))
    CHECK(py[py.rfind('\n', at) + 1] == '#');
  CHECK(py.find("negative_slope=float('inf')") != std::string::npos);
  CHECK(py.find("margin=float('nan')") != std::string::npos);
}

// Issue item 6: static_cast<int> of 1e300 or NaN is undefined behaviour (UBSan: float-cast-overflow).
TEST_CASE("json: ints() and as_int() refuse numbers that are not ints; spec JSON says which field") {
  CHECK_THROWS_WITH_AS(Json(1e300).as_int(), "json: expected an integer, got 1e+300", EngineError);
  CHECK_THROWS_AS(Json(std::nan("")).as_int(), EngineError);
  CHECK_THROWS_AS(Json::array_of(std::vector<double>{1, 2.5}).ints(), EngineError);
  CHECK_THROWS_AS(Json::array_of(std::vector<double>{1, std::nan("")}).ints(), EngineError);
  CHECK(Json::parse("[[1,2],[3]]").ints() == std::vector<int>{1, 2, 3});

  auto from = [](const std::string& text) { return spec_from_json(Json::parse(text)); };
  SpecResult units = from(R"({"input":[2],"rows":[{"layer":"fc","units":1e300}]})");
  REQUIRE_FALSE(units.ok());
  CHECK(units.error->line == 2);
  CHECK(units.error->message.find("\"units\" must be a whole number") != std::string::npos);
  Json nan_units = Json::parse(R"({"input":[2],"rows":[{"layer":"fc","units":1}]})");
  Json rows = Json::array();
  Json fc = Json::object();
  fc.set("layer", "fc");
  fc.set("units", std::nan(""));
  rows.push(fc);
  nan_units.set("rows", rows);
  CHECK_FALSE(spec_from_json(nan_units).ok());
  CHECK_FALSE(from(R"({"input":[1e300],"rows":[{"layer":"fc","units":2}]})").ok());
  CHECK_FALSE(from(R"({"input":[3,8,8],"rows":[{"layer":"conv","units":2,"kernel":[1e10]},{"layer":"fc","units":2}]})").ok());
  CHECK_FALSE(from(R"({"input":[2],"rows":[{"layer":"activation","act":"leakyrelu","param":1e39},{"layer":"fc","units":2}]})").ok());
  CHECK_FALSE(from(R"({"input":[2],"rows":[{"layer":"activation","act":"elu","param":1e-50},{"layer":"fc","units":2}]})").ok());
  CHECK_FALSE(from(R"({"input":[2],"rows":[{"layer":"fc","units":2},{"layer":"loss","loss":"svm","margin":1e308}]})").ok());
  CHECK_FALSE(from(R"({"input":[2],"rows":[{"layer":"dropout","p":1e-300},{"layer":"fc","units":2}]})").ok());
  // A formula from JSON is checked like ACT(...), so its canonical text parses back.
  CHECK_FALSE(from(R"J({"input":[2],"rows":[{"layer":"activation","act":"formula","formula":"x)"},{"layer":"fc","units":2}]})J").ok());
  CHECK_FALSE(from(R"({"input":[2],"rows":[{"layer":"activation","act":"formula","formula":"x\n+1"},{"layer":"fc","units":2}]})").ok());
}

// Issue item 8: -nan, -inf, 1e999 and 0x2 were read (strtod's grammar, not JSON's).
TEST_CASE("json: the reader takes JSON's number grammar only, with the offset of what it refuses") {
  CHECK(json_error(R"({"epochs": -nan})") == "json: malformed number (JSON has no NaN or Infinity) at offset 12");
  CHECK(json_error(R"({"epochs": -inf})") == "json: malformed number (JSON has no NaN or Infinity) at offset 12");
  CHECK(json_error(R"({"epochs": 1e999})") == "json: number 1e999 is out of range for a double at offset 11");
  CHECK(json_error(R"({"epochs": 0x2})") ==
        "json: malformed number (JSON numbers are decimal: no hex, no trailing letters) at offset 12");
  CHECK(json_error("[NaN]") == "json: unexpected character at offset 1");
  CHECK(json_error("[Infinity]") == "json: unexpected character at offset 1");
  CHECK(json_error("[1e-999]").find("too small") != std::string::npos);
  for (const char* bad : {"[+1]", "[.5]", "[1.]", "[01]", "[1e]", "[1e+]", "[-]", "[1.5.2]", "[\"\\q\"]",
                          "[\"\\u12G4\"]", "[\"a\tb\"]"})
    CHECK_MESSAGE(json_error(bad) != "(accepted)", bad);
  CHECK(Json::parse("[-0.5e-3, 0, -0, 1E+2, 12.25]").floats() == std::vector<float>{-0.5e-3f, 0, 0, 100, 12.25f});
  CHECK(Json::parse(R"(["\u00e9\/\"\\"])")[0].str() == "\xc3\xa9/\"\\");
  std::string deep(kMaxJsonDepth + 2, '[');
  CHECK(json_error(deep).find("kMaxJsonDepth") != std::string::npos);
}

// The JSON form read what the text form refuses (fuzz_spec_json fails on both inputs, now seeds in
// tests/fuzz/corpus/spec_json/regression_*.json), so the canonical text did not parse back or parsed to another spec.
TEST_CASE("spec JSON: reads only what the text form can say") {
  SpecResult big = spec_from_json(Json::parse(R"({"input":[2,16384,16384],"rows":[{"layer":"fc","units":2}]})"));
  REQUIRE_FALSE(big.ok());
  CHECK(big.error->message.find("kMaxInputValues") != std::string::npos);
  CHECK(spec_error("INPUT 2 x 16384 x 16384, FC-2").message.find("kMaxInputValues") != std::string::npos);
  // Found by fuzz_spec_text (corpus/spec_text/regression_formula_with_cr.txt): a '\r' inside a formula is
  // whitespace to the text form, but the JSON reader refused it, so the JSON form did not read back.
  SpecResult cr = parse_spec("INPUT 2, ACT(relu(--\r-x)^2), FC-2");
  REQUIRE_MESSAGE(cr.ok(), cr.error->message);
  SpecResult cr_back = spec_from_json(Json::parse(spec_to_json(cr.spec).dump()));
  REQUIRE_MESSAGE(cr_back.ok(), cr_back.error->message);
  CHECK(cr_back.spec == cr.spec);
  // Rows whose canonical text is over kMaxSpecTextBytes (the text would not parse back).
  Json many = Json::parse(R"({"input":[2],"rows":[]})");
  Json rows = Json::array();
  for (int i = 0; i < 7000; ++i) rows.push(Json::parse(R"({"layer":"fc","units":100000})"));
  many.set("rows", rows);
  SpecResult long_text = spec_from_json(many);
  REQUIRE_FALSE(long_text.ok());
  CHECK(long_text.error->message.find("kMaxSpecTextBytes") != std::string::npos);
  SpecResult margin = spec_from_json(
      Json::parse(R"({"input":[2],"rows":[{"layer":"fc","units":2},{"layer":"loss","loss":"softmax","margin":5}]})"));
  REQUIRE_MESSAGE(margin.ok(), margin.error->message);
  SpecResult again = parse_spec(print_spec(margin.spec));
  REQUIRE(again.ok());
  CHECK(again.spec == margin.spec);
}

// parse(print(spec)) == spec and spec_from_json(spec_to_json(spec)) == spec over random specs, with floats
// drawn over float32's whole normal range; the PyTorch export of each never writes null.
TEST_CASE("spec: random specs round-trip through the canonical text and JSON; export writes no null") {
  Rng rng(12);
  auto pick = [&](int n) { return static_cast<int>(rng.below(static_cast<uint32_t>(n))); };
  auto any_float = [&]() {  // a random normal float32 or 0, printed as format_number writes floats
    if (pick(8) == 0) return std::string("0");
    uint32_t bits = (static_cast<uint32_t>(1 + pick(253)) << 23) | static_cast<uint32_t>(rng.below(1u << 23));
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return format_number(f);
  };
  auto unit_float = [&]() { return format_number(static_cast<float>(pick(1000)) / 1000.0f); };
  const char* acts[] = {"RELU", "TANH", "SIGMOID", "LINEAR", "GELU", "ELU", "BN", "FLATTEN"};
  int valid = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const int kind = pick(3);
    if (kind == 0) text = str_cat("INPUT ", 1 + pick(6));
    if (kind == 1) text = str_cat("INPUT ", 1 + pick(3), " x ", 4 + pick(8), " x ", 4 + pick(8));
    if (kind == 2) text = str_cat("INPUT SEQ ", 1 + pick(6), " x ", 1 + pick(4));
    const int rows = pick(6);
    for (int i = 0; i < rows; ++i) {
      switch (pick(10)) {
        case 0: text += str_cat(", CONV", 1 + pick(3), "-", 1 + pick(4), "-p", pick(2), "-s", 1 + pick(2)); break;
        case 1: text += str_cat(", POOL", 1 + pick(2)); break;
        case 2: text += str_cat(", FC-", 1 + pick(8)); break;
        case 3: text += str_cat(", LEAKYRELU-", any_float()); break;
        case 4: text += str_cat(", ELU-", any_float()); break;
        case 5: text += str_cat(", DROPOUT-", unit_float()); break;
        case 6: text += str_cat(", ", acts[pick(8)]); break;
        case 7: text += str_cat(", ", pick(2) ? "LSTM-" : "GRU-", 1 + pick(5), pick(2) ? "-seq" : ""); break;
        case 8: text += ", ACT(x*sigmoid(x) - 0.5^x)"; break;
        default: text += str_cat(", FC-", 2 + pick(4)); break;
      }
    }
    text += pick(3) == 0 ? str_cat(", SVM-", any_float()) : pick(2) ? ", FC-3" : ", FC-2, MSE";
    SpecResult r = parse_spec(text);
    if (!r.ok()) continue;
    ++valid;
    INFO(text);
    SpecResult again = parse_spec(print_spec(r.spec));
    REQUIRE_MESSAGE(again.ok(), again.error->message);
    CHECK(again.spec == r.spec);
    SpecResult from_json = spec_from_json(Json::parse(spec_to_json(r.spec).dump()));
    REQUIRE_MESSAGE(from_json.ok(), from_json.error->message);
    CHECK(from_json.spec == r.spec);
    CHECK(export_pytorch(r.spec).find("null") == std::string::npos);
  }
  MESSAGE("random specs: " << valid << " valid of 3000");
  CHECK(valid > 300);
}

// The spec's budget check used the inspector's batch (32), not the batch that trains: a model that fits at the
// page's training batch (16), or at a link's batch=, was refused; one that fits only at 32 is not the point.
TEST_CASE("session: a spec is checked against the budget at the training batch, a link's batch= included") {
  const std::string cnn = "INPUT 3 x 128 x 128, CONV3-64-p1-s1, CONV3-64-p1-s1, POOL2, FC-10";  // 591 MiB at 16, 1.1 GiB at 32
  Session s;
  REQUIRE(s.train().train_desc().batch_size == 16);
  CHECK(s.summary_batch() == 32);
  auto err = s.set_spec(cnn);
  CHECK_MESSAGE(!err.has_value(), (err ? err->message : ""));
  CHECK(s.train().error().find("budget") == std::string::npos);  // only that spirals are not 3 x 128 x 128 images

  Session t;
  SessionEdits e;
  e.spec_text = cnn;
  TrainDesc at32 = t.train().train_desc();
  at32.batch_size = 32;
  e.train = at32;
  t.apply(e);
  REQUIRE(t.spec_error().has_value());
  CHECK(t.spec_error()->message.find("to train at batch 32; the page's budget is 640 MiB") != std::string::npos);

  SessionEdits small;
  small.spec_text = "INPUT 3 x 128 x 128, CONV3-64-p1-s1, CONV3-64-p1-s1, CONV3-64-p1-s1, POOL2, FC-10";  // 1 GiB at 16
  TrainDesc at2 = t.train().train_desc();
  at2.batch_size = 2;
  small.train = at2;
  t.apply(small);
  CHECK_FALSE(t.spec_error().has_value());
  CHECK(t.train().error().find("budget") == std::string::npos);
}

// The page checked the budget at the inspector's batch (32) only: a link asking for batch 4096, or the
// compare tab training three copies, allocated past it.
TEST_CASE("session: the page's budget holds at the batch really trained and for side-by-side runs") {
  Session s;
  REQUIRE_FALSE(s.set_spec("INPUT 2, FC-16000, FC-2").has_value());  // fits at batch 32
  TrainLab& tl = SessionTestAccess::train(s);
  REQUIRE(tl.error().empty());
  const Trainer* before = tl.trainer();
  TrainDesc big = tl.train_desc();
  big.batch_size = 4096;
  tl.set_train(big);
  CHECK(tl.error().find("at batch 4096 needs") != std::string::npos);
  CHECK(tl.error().find("the page's budget is 640 MiB") != std::string::npos);
  CHECK(tl.trainer() == before);  // the last good trainer stays

  ModelSpec wide = parse_spec_or_throw("INPUT 2, FC-300000, FC-2");
  REQUIRE(summarize_spec(wide, kDefaultSummaryBatch, true).ok());
  CompareLab lab;
  CompareDesc desc;
  desc.kind = CompareKind::Batch;
  lab.configure(wide, std::make_shared<const Dataset>(make_dataset(DataDesc{})), TrainDesc{}, desc);
  CHECK(lab.group() == nullptr);
  CHECK(lab.error().find("3 runs side by side (batch 8, 32, 128)") != std::string::npos);
}
