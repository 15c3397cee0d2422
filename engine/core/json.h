// Minimal JSON value, parser and writer for specs, configs, golden test cases and the CLI's output.
// Numbers are doubles; objects keep insertion order (so printed JSON is stable). Not a general-purpose
// library: no comments, no streaming; parse errors throw EngineError with the byte offset.
#pragma once
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gl {

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool b) : type_(Type::Bool), num_(b ? 1 : 0) {}
  Json(int v) : type_(Type::Number), num_(v) {}
  Json(long v) : type_(Type::Number), num_(static_cast<double>(v)) {}
  Json(long long v) : type_(Type::Number), num_(static_cast<double>(v)) {}
  Json(unsigned v) : type_(Type::Number), num_(v) {}
  Json(unsigned long v) : type_(Type::Number), num_(static_cast<double>(v)) {}
  Json(unsigned long long v) : type_(Type::Number), num_(static_cast<double>(v)) {}
  Json(float v) : type_(Type::Number), num_(v) {}
  Json(double v) : type_(Type::Number), num_(v) {}
  Json(const char* s) : type_(Type::String), str_(s) {}
  Json(std::string s) : type_(Type::String), str_(std::move(s)) {}
  Json(Array a) : type_(Type::Array), arr_(std::move(a)) {}
  Json(Object o) : type_(Type::Object), obj_(std::move(o)) {}
  template <class T>
  static Json array_of(const std::vector<T>& v) {
    Array a;
    a.reserve(v.size());
    for (const auto& x : v) a.emplace_back(x);
    return Json(std::move(a));
  }
  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_number() const { return type_ == Type::Number; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }
  bool is_bool() const { return type_ == Type::Bool; }

  double num() const;  // throws unless Number (or Bool)
  int as_int() const;  // throws unless an integer in int's range (not 2.5, 1e300, NaN)
  bool as_bool() const;
  const std::string& str() const;
  const Array& arr() const;
  Array& arr();
  const Object& obj() const;
  // Flattened numbers of a (nested) array of numbers, e.g. a tensor's data.
  std::vector<float> floats() const;
  std::vector<int> ints() const;  // throws on a number that is not an integer in int's range

  bool has(const std::string& key) const { return find(key) != nullptr; }
  const Json* find(const std::string& key) const;
  const Json& operator[](const std::string& key) const;  // throws if missing
  const Json& operator[](size_t i) const { return arr().at(i); }
  size_t size() const { return type_ == Type::Array ? arr_.size() : type_ == Type::Object ? obj_.size() : 0; }
  // Value of key, or fallback when missing.
  double get(const std::string& key, double fallback) const;
  std::string get(const std::string& key, const std::string& fallback) const;
  std::string get(const std::string& key, const char* fallback) const { return get(key, std::string(fallback)); }

  Json& set(const std::string& key, Json v);  // objects: replaces or appends
  Json& push(Json v);                         // arrays

  // Compact JSON; numbers printed with up to 9 significant digits (exact round trip for float).
  std::string dump() const;
  static Json parse(const std::string& text);

 private:
  void dump_to(std::string& out) const;
  Type type_ = Type::Null;
  double num_ = 0;
  std::string str_;
  Array arr_;
  Object obj_;
};

std::string json_escape(const std::string& s);
// Shortest of %.9g that reads back as the same float; integers without a decimal point.
std::string format_number(double v);

}  // namespace gl
