// JSON parser (recursive descent) and writer for gl::Json.
#include "engine/core/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/core/check.h"

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
std::vector<int> Json::ints() const {
  std::vector<float> f = floats();
  return std::vector<int>(f.begin(), f.end());
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
  [[noreturn]] void fail(const char* what) { throw EngineError(str_cat("json: ", what, " at offset ", i)); }
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
    if (depth > 200) fail("nesting too deep");
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
    if (c == '-' || (c >= '0' && c <= '9')) {
      const char* b = s.c_str() + i;
      char* e = nullptr;
      double v = std::strtod(b, &e);
      if (e == b) fail("malformed number");
      i += static_cast<size_t>(e - b);
      return Json(v);
    }
    fail("unexpected character");
  }
  std::string string() {
    ++i;  // opening quote
    std::string o;
    while (i < s.size() && s[i] != '"') {
      char c = s[i++];
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
          unsigned cp = static_cast<unsigned>(std::strtoul(s.substr(i, 4).c_str(), nullptr, 16));
          i += 4;
          if (cp < 0x80) o += static_cast<char>(cp);
          else if (cp < 0x800) { o += static_cast<char>(0xC0 | (cp >> 6)); o += static_cast<char>(0x80 | (cp & 0x3F)); }
          else { o += static_cast<char>(0xE0 | (cp >> 12)); o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); o += static_cast<char>(0x80 | (cp & 0x3F)); }
          break;
        }
        default: o += e;
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
