// JSON parser (recursive descent) and writer for gl::Json. The reader takes JSON's grammar strictly (no NaN,
// Infinity, hex or 1e999; escapes as JSON defines them), since model files and configs come from anyone.
#include "engine/core/json.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/core/check.h"
#include "engine/core/checked.h"
#include "engine/core/limits.h"

namespace gl {

double Json::num() const {
  NN_CHECK(type_ == Type::Number || type_ == Type::Bool, "json: expected a number");
  return num_;
}
bool Json::as_bool() const {
  NN_CHECK(type_ == Type::Bool || type_ == Type::Number, "json: expected a boolean");
  return num_ != 0;
}
const std::string& Json::str() const {
  NN_CHECK(type_ == Type::String, "json: expected a string");
  return str_;
}
const Json::Array& Json::arr() const {
  NN_CHECK(type_ == Type::Array, "json: expected an array");
  return arr_;
}
Json::Array& Json::arr() {
  NN_CHECK(type_ == Type::Array, "json: expected an array");
  return arr_;
}
const Json::Object& Json::obj() const {
  NN_CHECK(type_ == Type::Object, "json: expected an object");
  return obj_;
}

static void collect(const Json& j, std::vector<float>& out) {
  if (j.is_array())
    for (const Json& e : j.arr()) collect(e, out);
  else
    out.push_back(static_cast<float>(j.num()));
}
std::vector<float> Json::floats() const {
  std::vector<float> v;
  collect(*this, v);
  return v;
}
static void collect_ints(const Json& j, std::vector<int>& out) {
  if (j.is_array()) {
    for (const Json& e : j.arr()) collect_ints(e, out);
    return;
  }
  std::optional<int> v = checked_int(j.num());
  NN_CHECK(v, "json: expected an integer, got ", format_number(j.num()));
  out.push_back(*v);
}
std::vector<int> Json::ints() const {
  std::vector<int> v;
  collect_ints(*this, v);
  return v;
}
int Json::as_int() const {
  std::optional<int> v = checked_int(num());
  NN_CHECK(v, "json: expected an integer, got ", format_number(num()));
  return *v;
}

const Json* Json::find(const std::string& key) const {
  if (type_ != Type::Object) return nullptr;
  for (const auto& kv : obj_)
    if (kv.first == key) return &kv.second;
  return nullptr;
}
const Json& Json::operator[](const std::string& key) const {
  const Json* j = find(key);
  NN_CHECK(j, "json: missing key \"", key, "\"");
  return *j;
}
double Json::get(const std::string& key, double fallback) const {
  const Json* j = find(key);
  return j ? j->num() : fallback;
}
std::string Json::get(const std::string& key, const std::string& fallback) const {
  const Json* j = find(key);
  return j ? j->str() : fallback;
}
Json& Json::set(const std::string& key, Json v) {
  if (type_ == Type::Null) type_ = Type::Object;
  NN_CHECK(type_ == Type::Object, "json: set on a non-object");
  for (auto& kv : obj_)
    if (kv.first == key) {
      kv.second = std::move(v);
      return kv.second;
    }
  obj_.emplace_back(key, std::move(v));
  return obj_.back().second;
}
Json& Json::push(Json v) {
  if (type_ == Type::Null) type_ = Type::Array;
  NN_CHECK(type_ == Type::Array, "json: push on a non-array");
  arr_.push_back(std::move(v));
  return arr_.back();
}

std::string json_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size() + 2);
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if (c < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  return o;
}

std::string format_number(double v) {
  if (std::isnan(v) || std::isinf(v)) return "null";  // JSON has no NaN; callers flag divergence separately
  if (v == std::floor(v) && std::fabs(v) < 9.007199254740992e15) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f", v);
    return b;
  }
  // A value that is exactly a float prints with the fewest digits that read back as that float.
  const bool is_float = static_cast<double>(static_cast<float>(v)) == v;
  char b[32];
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(b, sizeof b, "%.*g", prec, v);
    double r = std::strtod(b, nullptr);
    if (is_float ? static_cast<float>(r) == static_cast<float>(v) : r == v) break;
  }
  return b;
}

void Json::dump_to(std::string& out) const {
  switch (type_) {
    case Type::Null: out += "null"; break;
    case Type::Bool: out += num_ != 0 ? "true" : "false"; break;
    case Type::Number: out += format_number(num_); break;
    case Type::String: out += '"' + json_escape(str_) + '"'; break;
    case Type::Array:
      out += '[';
      for (size_t i = 0; i < arr_.size(); ++i) {
        if (i) out += ',';
        arr_[i].dump_to(out);
      }
      out += ']';
      break;
    case Type::Object:
      out += '{';
      for (size_t i = 0; i < obj_.size(); ++i) {
        if (i) out += ',';
        out += '"' + json_escape(obj_[i].first) + "\":";
        obj_[i].second.dump_to(out);
      }
      out += '}';
      break;
  }
}
std::string Json::dump() const {
  std::string s;
  dump_to(s);
  return s;
}

namespace {
struct Parser {
  const std::string& s;
  size_t i = 0;
  [[noreturn]] void fail(const std::string& what) { throw EngineError(str_cat("json: ", what, " at offset ", i)); }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  }
  bool lit(const char* w) {
    size_t n = std::char_traits<char>::length(w);
    if (s.compare(i, n, w) == 0) {
      i += n;
      return true;
    }
    return false;
  }
  Json value(int depth) {
    if (depth > kMaxJsonDepth) fail("nesting deeper than kMaxJsonDepth (200)");
    ws();
    if (i >= s.size()) fail("unexpected end");
    char c = s[i];
    if (c == '{') {
      ++i;
      Json o = Json::object();
      ws();
      if (i < s.size() && s[i] == '}') {
        ++i;
        return o;
      }
      for (;;) {
        ws();
        if (i >= s.size() || s[i] != '"') fail("expected a key string");
        std::string k = string();
        ws();
        if (i >= s.size() || s[i] != ':') fail("expected ':'");
        ++i;
        o.set(k, value(depth + 1));
        ws();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == '}') { ++i; return o; }
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      ++i;
      Json a = Json::array();
      ws();
      if (i < s.size() && s[i] == ']') {
        ++i;
        return a;
      }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == ']') { ++i; return a; }
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') return Json(string());
    if (lit("true")) return Json(true);
    if (lit("false")) return Json(false);
    if (lit("null")) return Json();
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    fail("unexpected character");
  }
  bool digit_at(size_t k) const { return k < s.size() && s[k] >= '0' && s[k] <= '9'; }
  // JSON's number grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (no NaN, Infinity, hex,
  // leading '+' or '.'), and a value a double can hold (1e999 and 1e-999 are errors, not inf and 0).
  Json number() {
    const size_t start = i;
    size_t k = i;
    if (s[k] == '-') ++k;
    if (!digit_at(k)) { i = k; fail("malformed number (JSON has no NaN or Infinity)"); }
    if (s[k] == '0') ++k;
    else while (digit_at(k)) ++k;
    if (k < s.size() && s[k] == '.') {
      if (!digit_at(++k)) { i = k; fail("malformed number (digits must follow '.')"); }
      while (digit_at(k)) ++k;
    }
    if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
      if (k + 1 < s.size() && (s[k + 1] == '+' || s[k + 1] == '-')) ++k;
      if (!digit_at(++k)) { i = k; fail("malformed number (digits must follow the exponent)"); }
      while (digit_at(k)) ++k;
    }
    if (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '.')) {
      i = k;
      fail("malformed number (JSON numbers are decimal: no hex, no trailing letters)");
    }
    const std::string text = s.substr(start, k - start);
    errno = 0;
    const double v = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(v)) fail(str_cat("number ", text, " is out of range for a double"));
    if (errno == ERANGE && v == 0) fail(str_cat("number ", text, " is too small for a double (it would read as 0)"));
    i = k;
    return Json(v);
  }
  std::string string() {
    ++i;  // opening quote
    std::string o;
    while (i < s.size() && s[i] != '"') {
      char c = s[i++];
      if (static_cast<unsigned char>(c) < 0x20) {
        --i;
        fail("control character in a string (write it as an escape such as \\n)");
      }
      if (c != '\\') {
        o += c;
        continue;
      }
      if (i >= s.size()) fail("unterminated escape");
      char e = s[i++];
      switch (e) {
        case 'n': o += '\n'; break;
        case 't': o += '\t'; break;
        case 'r': o += '\r'; break;
        case 'b': o += '\b'; break;
        case 'f': o += '\f'; break;
        case 'u': {
          if (i + 4 > s.size()) fail("bad \\u escape");
          for (size_t h = i; h < i + 4; ++h)
            if (!std::isxdigit(static_cast<unsigned char>(s[h]))) fail("bad \\u escape (4 hex digits expected)");
          unsigned cp = static_cast<unsigned>(std::strtoul(s.substr(i, 4).c_str(), nullptr, 16));
          i += 4;
          if (cp < 0x80) o += static_cast<char>(cp);
          else if (cp < 0x800) { o += static_cast<char>(0xC0 | (cp >> 6)); o += static_cast<char>(0x80 | (cp & 0x3F)); }
          else { o += static_cast<char>(0xE0 | (cp >> 12)); o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); o += static_cast<char>(0x80 | (cp & 0x3F)); }
          break;
        }
        case '"':
        case '\\':
        case '/': o += e; break;
        default: --i; fail("unknown escape in a string");
      }
    }
    if (i >= s.size()) fail("unterminated string");
    ++i;
    return o;
  }
};
}  // namespace

Json Json::parse(const std::string& text) {
  Parser p{text};
  Json v = p.value(0);
  p.ws();
  if (p.i != text.size()) p.fail("trailing characters");
  return v;
}

}  // namespace gl
