// Text -> ModelSpec: splits the text into rows (newlines, and commas outside parentheses), parses each row
// with a small cursor that knows its column, then expands and validates (spec.cpp, model/summary.cpp).
// Errors are SpecError values with 1-based line/column. Not here: printing, JSON, counting.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "engine/core/checked.h"
#include "engine/core/limits.h"
#include "engine/expr/expr.h"
#include "engine/spec/spec.h"
#include "engine/spec/spec_internal.h"

namespace gl {

namespace {

constexpr long kMaxInt = kMaxSpecNumber;  // any dimension, unit count, kernel, pad or stride

struct ParseFail {
  SpecError err;
};

// One row's text with a cursor; positions are byte offsets into text, reported as col0 + pos.
struct Cursor {
  std::string text;   // original
  std::string upper;  // upper-cased copy, for keywords
  int line = 0, col0 = 0;
  size_t pos = 0;

  [[noreturn]] void fail(size_t at, size_t len, const std::string& why) const {
    SpecError e;
    e.line = line;
    e.col = col0 + static_cast<int>(at);
    e.length = static_cast<int>(std::max<size_t>(1, len));
    e.message = str_cat("line ", line, ", col ", e.col, ": ", why);
    throw ParseFail{e};
  }
  void skip_ws() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  bool done() {
    skip_ws();
    return pos >= text.size();
  }
  char peek() {
    skip_ws();
    return pos < upper.size() ? upper[pos] : '\0';
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  // Accepts a keyword (upper case) not followed by another letter.
  bool accept_word(const char* w) {
    skip_ws();
    size_t n = std::char_traits<char>::length(w);
    if (upper.compare(pos, n, w) != 0) return false;
    if (pos + n < upper.size() && std::isalpha(static_cast<unsigned char>(upper[pos + n]))) return false;
    pos += n;
    return true;
  }
  std::string rest_token() const {
    size_t e = pos;
    while (e < text.size() && text[e] != '-' && !std::isspace(static_cast<unsigned char>(text[e]))) ++e;
    return text.substr(pos, e - pos);
  }
  // A non-negative integer; `after` names what it follows ("after 'p'").
  int integer(const std::string& after, long min_value = 0) {
    skip_ws();
    size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == start) {
      std::string got = rest_token();
      fail(start, got.size(), str_cat("expected a number ", after, " in '", text, "'",
                                      got.empty() ? std::string() : str_cat(" (got '", got, "')")));
    }
    if (pos - start > 7 || std::atol(text.substr(start, pos - start).c_str()) > kMaxInt)
      fail(start, pos - start, str_cat("number ", text.substr(start, pos - start), " ", after, " in '", text,
                                       "' is too large (limit ", kMaxInt, ")"));
    long v = std::atol(text.substr(start, pos - start).c_str());
    if (v < min_value)
      fail(start, pos - start, str_cat("the number ", after, " in '", text, "' must be at least ", min_value));
    return static_cast<int>(v);
  }
  // A real number like 0.5, 1e-2, .3, -0.1 (sign allowed only when allow_negative). It must be a normal
  // float32 or 0: 1e39 (inf as a float) and 1e-50 (0 as a float) are errors, not silently changed.
  float real(const std::string& after, bool allow_negative) {
    skip_ws();
    const char* begin = text.c_str() + pos;
    char* end = nullptr;
    double v = std::strtod(begin, &end);
    bool bad = end == begin || (!allow_negative && *begin == '-') || *begin == '+' || !std::isfinite(v) ||
               std::isalpha(static_cast<unsigned char>(*begin)) ||  // strtod accepts "inf", "nan"
               std::find_if(begin, static_cast<const char*>(end), [](char ch) { return ch == 'x' || ch == 'X'; }) !=
                   static_cast<const char*>(end);  // and hex ("0x1p3")
    if (bad) {
      std::string got = rest_token();
      fail(pos, got.size(), str_cat("expected a number ", after, " in '", text, "'",
                                    got.empty() ? std::string() : str_cat(" (got '", got, "')")));
    }
    std::optional<float> f = checked_float(v);
    if (!f)
      fail(pos, static_cast<size_t>(end - begin),
           str_cat("the number ", text.substr(pos, static_cast<size_t>(end - begin)), " ", after, " in '", text,
                   "' cannot be held by a float32 (",
                   std::fabs(v) > 1 ? "its largest is 3.4e38" : "its smallest non-zero magnitude is 1.2e-38", ")"));
    pos += static_cast<size_t>(end - begin);
    return *f;
  }
  // "5" or "(3x1x1)" / "(1,0,0)": one value or a per-axis tuple of 2 or 3 values.
  std::vector<int> int_tuple(const std::string& after, long min_value) {
    if (!accept('(')) return {integer(after, min_value)};
    std::vector<int> v;
    size_t open = pos - 1;
    for (;;) {
      v.push_back(integer(after, min_value));
      if (accept(')')) break;
      if (!accept(',') && !accept('X') && !accept('*'))
        fail(pos, 1, str_cat("expected ',', 'x' or ')' in the tuple ", after, " in '", text, "'"));
    }
    if (v.size() < 2 || v.size() > 3)
      fail(open, pos - open, str_cat("a tuple ", after, " needs 2 or 3 values (one per spatial axis) in '", text,
                                     "', got ", v.size()));
    return v;
  }
};

// Edit distance, for "did you mean".
int edit_distance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const char* const kKeywords[] = {"INPUT",   "CONV",  "POOL",    "MAXPOOL", "AVGPOOL", "FC",      "BN",   "DROPOUT",
                                 "FLATTEN", "RELU",  "TANH",    "SIGMOID", "LEAKYRELU", "LINEAR", "ELU", "GELU",
                                 "ACT",     "RNN",   "LSTM",    "GRU",     "SOFTMAX", "SVM",     "MSE",  "BCE",
                                 "FRAMES"};

void parse_conv_like(Cursor& c, SpecRow& row, bool is_conv) {
  const char* name = is_conv ? "the kernel size" : "the pool size";
  row.desc.kernel = c.int_tuple(str_cat("for ", name), 1);
  row.desc.pad = {0};
  row.desc.stride = is_conv ? std::vector<int>{1} : row.desc.kernel;
  if (is_conv) {
    if (!c.accept('-')) c.fail(c.pos, 1, str_cat("expected '-<channels>' after the kernel size in '", c.text, "'"));
    row.desc.units = c.integer("of output channels", 1);
  }
  bool seen_p = false, seen_s = false;
  while (!c.done()) {
    size_t at = c.pos;
    if (!c.accept('-')) c.fail(at, c.rest_token().size(), str_cat("unexpected '", c.rest_token(), "' in '", c.text, "'"));
    char o = c.peek();
    if ((o == 'P' && seen_p) || (o == 'S' && seen_s))
      c.fail(c.pos, 1, str_cat("'", c.text[c.pos], "' given twice in '", c.text, "'"));
    if (c.accept('P')) {
      row.desc.pad = c.int_tuple("after 'p'", 0);
      seen_p = true;
    } else if (c.accept('S')) {
      row.desc.stride = c.int_tuple("after 's'", 1);
      seen_s = true;
    } else {
      c.fail(c.pos, c.rest_token().size(),
             str_cat("unknown option '-", c.rest_token(), "' in '", c.text, "' (expected -p<pad> or -s<stride>)"));
    }
  }
}

SpecRow parse_row(Cursor& c) {
  SpecRow row;
  row.text = c.text;
  row.line = c.line;
  row.col = c.col0;
  // Leading letters name the layer.
  size_t name_end = 0;
  while (name_end < c.upper.size() && std::isalpha(static_cast<unsigned char>(c.upper[name_end]))) ++name_end;
  std::string name = c.upper.substr(0, name_end);
  c.pos = name_end;
  if (name == "INPUT") {
    row.kind = RowKind::Input;
    bool seq = c.accept_word("SEQ");
    std::vector<int> dims;
    size_t dims_at = c.pos;
    do dims.push_back(c.integer("for an input dimension", 1));
    while (c.accept('X') || c.accept('*'));
    if (!c.done()) c.fail(c.pos, c.rest_token().size(), str_cat("unexpected '", c.rest_token(), "' in '", c.text,
                                                                "' (dimensions are separated by 'x')"));
    if (seq && dims.size() != 2)
      c.fail(dims_at, c.pos - dims_at, str_cat("INPUT SEQ needs T x D (2 numbers), got ", dims.size()));
    if (!seq && dims.size() == 2)
      c.fail(dims_at, c.pos - dims_at, str_cat("'", c.text, "' is ambiguous: write INPUT SEQ ", dims[0], " x ",
                                               dims[1], " for a sequence (T x D) or INPUT C x H x W for an image"));
    if (dims.size() > 4)
      c.fail(dims_at, c.pos - dims_at, str_cat("INPUT takes D, SEQ T x D, C x H x W or C x T x H x W; got ",
                                               dims.size(), " numbers"));
    row.input = Shape(dims);
    if (row.input.numel() > kMaxInputValues)
      c.fail(dims_at, c.pos - dims_at, str_cat("INPUT ", row.input.str(), " is too large (", row.input.numel(),
                                               " values per sample; the limit is ", kMaxInputValues,
                                               ", kMaxInputValues)"));
    return row;
  }
  if (name == "CONV") {
    row.kind = RowKind::Conv;
    parse_conv_like(c, row, true);
  } else if (name == "POOL" || name == "MAXPOOL" || name == "AVGPOOL") {
    row.kind = name == "AVGPOOL" ? RowKind::AvgPool : RowKind::MaxPool;
    parse_conv_like(c, row, false);
  } else if (name == "FC") {
    row.kind = RowKind::FC;
    c.accept('-');
    row.desc.units = c.integer("after 'FC-' (the number of units)", 1);
  } else if (name == "BN") {
    row.kind = RowKind::BatchNorm;
  } else if (name == "DROPOUT") {
    row.kind = RowKind::Dropout;
    row.desc.dropout_p = 0.5f;
    if (!c.done()) {
      if (!c.accept('-')) c.fail(c.pos, 1, str_cat("expected '-<p>' after DROPOUT in '", c.text, "'"));
      size_t at = c.pos;
      row.desc.dropout_p = c.real("after 'DROPOUT-' (the drop probability)", false);
      if (!(row.desc.dropout_p < 1.0f))
        c.fail(at, c.pos - at, str_cat("dropout probability must be in [0, 1), got ", c.text.substr(at, c.pos - at)));
    }
  } else if (name == "FLATTEN") {
    row.kind = RowKind::Flatten;
  } else if (name == "FRAMES") {
    row.kind = RowKind::Frames;
  } else if (name == "RELU" || name == "TANH" || name == "SIGMOID" || name == "LINEAR" || name == "GELU") {
    row.kind = RowKind::Activation;
    row.desc.act = name == "RELU" ? ActKind::ReLU : name == "TANH" ? ActKind::Tanh : name == "SIGMOID" ? ActKind::Sigmoid
                 : name == "GELU" ? ActKind::GELU : ActKind::Identity;
  } else if (name == "LEAKYRELU" || name == "ELU") {
    row.kind = RowKind::Activation;
    const bool elu = name == "ELU";
    row.desc.act = elu ? ActKind::ELU : ActKind::LeakyReLU;
    if (!c.done()) {  // without a suffix: LayerDesc's defaults (slope 0.01, alpha 1)
      if (!c.accept('-')) c.fail(c.pos, 1, str_cat("expected '-<", elu ? "alpha" : "slope", ">' in '", c.text, "'"));
      (elu ? row.desc.elu_alpha : row.desc.act_param) = c.real(str_cat("after '", name, "-'"), false);
    }
  } else if (name == "ACT") {
    row.kind = RowKind::Activation;
    row.desc.act = ActKind::Formula;
    if (!c.accept('(')) c.fail(c.pos, 1, str_cat("expected '(' after ACT in '", c.text, "', e.g. ACT(relu(-x))"));
    size_t open = c.pos, close = open;
    for (int depth = 1; close < c.text.size(); ++close) {
      depth += c.text[close] == '(' ? 1 : c.text[close] == ')' ? -1 : 0;
      if (depth == 0) break;
    }
    if (close >= c.text.size())
      c.fail(open - 1, c.text.size() - open + 1, str_cat("missing ')' to close ACT( in '", c.text, "'"));
    std::string f = c.text.substr(open, close - open);
    size_t a = f.find_first_not_of(" \t"), b = f.find_last_not_of(" \t");
    if (a == std::string::npos) c.fail(open, 1, str_cat("empty formula in '", c.text, "'"));
    row.desc.formula = f.substr(a, b - a + 1);
    // Validate now, so the editor can underline the bad token inside the formula.
    ExprGraph g;
    ExprParseDesc pd;
    pd.restrict_vars = true;
    pd.allowed_vars = {"x"};
    ExprError ee = parse_expr(row.desc.formula, g, pd);
    if (!ee.ok())
      c.fail(open + a + static_cast<size_t>(std::max(0, ee.offset)), 1,
             str_cat("bad formula in '", c.text, "': ", ee.message, " of the formula"));
    c.pos = close + 1;
  } else if (name == "RNN" || name == "LSTM" || name == "GRU") {
    row.kind = name == "RNN" ? RowKind::RNN : name == "LSTM" ? RowKind::LSTM : RowKind::GRU;
    if (!c.accept('-')) c.fail(c.pos, 1, str_cat("expected '-<hidden size>' after ", name, " in '", c.text, "'"));
    row.desc.units = c.integer(str_cat("after '", name, "-' (the hidden size)"), 1);
    if (!c.done()) {
      size_t at = c.pos;
      if (!c.accept('-') || !c.accept_word("SEQ"))
        c.fail(at, c.text.size() - at, str_cat("unexpected '", c.text.substr(at), "' in '", c.text,
                                               "' (only the -seq suffix may follow the hidden size)"));
      row.desc.return_sequences = true;
    }
  } else if (name == "SOFTMAX" || name == "MSE" || name == "BCE") {
    row.kind = RowKind::Loss;
    row.loss.kind = name == "SOFTMAX" ? LossKind::SoftmaxCE : name == "MSE" ? LossKind::MSE : LossKind::BCEWithLogits;
  } else if (name == "SVM") {
    row.kind = RowKind::Loss;
    row.loss.kind = LossKind::SVM;
    if (!c.done()) {
      if (!c.accept('-')) c.fail(c.pos, 1, str_cat("expected '-<margin>' after SVM in '", c.text, "'"));
      row.loss.margin = c.real("after 'SVM-' (the margin)", false);
    }
  } else {
    size_t token_end = c.text.find_first_of("-( \t");
    std::string token = c.text.substr(0, token_end);
    if (name.empty()) c.fail(0, c.rest_token().size(), str_cat("expected a layer name, got '", c.text, "'"));
    std::string best;
    int best_d = 3;
    for (const char* k : kKeywords) {
      int d = edit_distance(name, k);
      if (d < best_d) best_d = d, best = k;
    }
    std::string hint;
    if (!best.empty()) {
      size_t tail_end = c.text.find_first_of("-( \t", name_end);
      hint = str_cat(" (did you mean ", best, c.text.substr(name_end, tail_end == std::string::npos ? std::string::npos : tail_end - name_end), "?)");
    }
    c.fail(0, name_end, str_cat("unknown layer '", token, "'", hint));
  }
  if (!c.done())
    c.fail(c.pos, c.text.size() - c.pos, str_cat("unexpected '", c.text.substr(c.pos), "' in '", c.text, "'"));
  return row;
}

}  // namespace

std::optional<SpecError> parse_spec_rows(const std::string& text, std::vector<SpecRow>& rows) {
  rows.clear();
  if (auto too_big = check_input_size(InputKind::SpecText, text.size()))
    return SpecError{1, 1, 1, "line 1, col 1: " + *too_big};
  try {
    // Split into rows: one per line, and commas outside parentheses.
    std::vector<Cursor> items;
    int line = 1;
    size_t line_start = 0;
    while (line_start <= text.size()) {
      size_t line_end = text.find('\n', line_start);
      if (line_end == std::string::npos) line_end = text.size();
      std::string l = text.substr(line_start, line_end - line_start);
      if (size_t hash = l.find('#'); hash != std::string::npos) l.erase(hash);
      if (!l.empty() && l.back() == '\r') l.pop_back();
      int depth = 0;
      size_t item_start = 0;
      for (size_t i = 0; i <= l.size(); ++i) {
        char ch = i < l.size() ? l[i] : ',';
        if (ch == '(') ++depth;
        if (ch == ')') depth = std::max(0, depth - 1);
        if (ch != ',' || (depth > 0 && i < l.size())) continue;
        std::string item = l.substr(item_start, i - item_start);
        size_t a = item.find_first_not_of(" \t"), b = item.find_last_not_of(" \t");
        if (a != std::string::npos) {
          Cursor c;
          c.text = item.substr(a, b - a + 1);
          c.upper = c.text;
          for (char& u : c.upper) u = static_cast<char>(std::toupper(static_cast<unsigned char>(u)));
          c.line = line;
          c.col0 = static_cast<int>(item_start + a) + 1;
          items.push_back(std::move(c));
        }
        item_start = i + 1;
        depth = 0;
      }
      ++line;
      line_start = line_end + 1;
    }
    if (items.empty()) return SpecError{1, 1, 1, "line 1, col 1: empty spec: start with INPUT, e.g. INPUT 3 x 32 x 32"};
    for (Cursor& c : items) rows.push_back(parse_row(c));
  } catch (const ParseFail& f) {
    return f.err;
  }
  return std::nullopt;
}

SpecResult parse_spec(const std::string& text) {
  SpecResult res;
  res.error = parse_spec_rows(text, res.spec.rows);
  if (!res.error) res.error = detail::finish_spec(res.spec);
  return res;
}

std::string spec_error_context(const std::string& text, const SpecError& e) {
  size_t start = 0;
  for (int l = 1; l < e.line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos || start > text.size()) return "";
  size_t end = text.find('\n', start);
  std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::string mark(static_cast<size_t>(std::max(0, e.col - 1)), ' ');
  for (size_t i = 0; i < mark.size() && i < line.size(); ++i)
    if (line[i] == '\t') mark[i] = '\t';
  mark += '^' + std::string(static_cast<size_t>(std::max(0, e.length - 1)), '~');
  return line + "\n" + mark;
}

ModelSpec parse_spec_or_throw(const std::string& text) {
  SpecResult r = parse_spec(text);
  if (r.error) throw SpecException(*r.error);
  return std::move(r.spec);
}

}  // namespace gl
