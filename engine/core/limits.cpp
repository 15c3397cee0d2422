// The table behind engine/core/limits.h: names and byte limits of each way in, and the size check.
#include "engine/core/limits.h"

#include <cstdio>

#include "engine/core/check.h"
#include "engine/core/json.h"

namespace gl {

namespace {

struct InputLimit {
  const char* id;
  const char* name;
  size_t bytes;
  const char* constant;
};

const InputLimit kLimits[] = {
    {"spec_text", "spec text", kMaxSpecTextBytes, "kMaxSpecTextBytes"},
    {"formula", "formula", kMaxFormulaBytes, "kMaxFormulaBytes"},
    {"url_hash", "URL hash", kMaxUrlHashBytes, "kMaxUrlHashBytes"},
    {"model_file", "model file", kMaxModelFileBytes, "kMaxModelFileBytes"},
    {"run_file", "run file", kMaxRunFileBytes, "kMaxRunFileBytes"},
    {"cli_file", "file", kMaxCliFileBytes, "kMaxCliFileBytes"},
};
static_assert(sizeof(kLimits) / sizeof(kLimits[0]) == static_cast<size_t>(InputKind::Count));

const InputLimit& limit_of(InputKind k) { return kLimits[static_cast<size_t>(k)]; }

// 65536 -> "64 KiB", 70000 -> "68.4 KiB" (engine/core has no format_bytes of its own).
std::string size_str(size_t b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB"};
  double v = static_cast<double>(b);
  int u = 0;
  while (v >= 1024.0 && u < 3) v /= 1024.0, ++u;
  char buf[32];
  if (v == static_cast<double>(static_cast<int64_t>(v))) std::snprintf(buf, sizeof buf, "%.0f %s", v, units[u]);
  else std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

}  // namespace

const char* input_kind_name(InputKind k) { return limit_of(k).name; }
const char* input_kind_id(InputKind k) { return limit_of(k).id; }
size_t input_limit_bytes(InputKind k) { return limit_of(k).bytes; }
const char* input_limit_name(InputKind k) { return limit_of(k).constant; }

std::optional<std::string> check_input_size(InputKind k, size_t bytes) {
  const InputLimit& l = limit_of(k);
  if (bytes <= l.bytes) return std::nullopt;
  return str_cat("the ", l.name, " is ", bytes, " bytes (", size_str(bytes), "); the limit is ", size_str(l.bytes),
                 " (", l.constant, ")");
}

void require_input_size(InputKind k, size_t bytes) {
  if (auto msg = check_input_size(k, bytes)) throw EngineError(*msg);
}

std::string input_limits_json() {
  Json j = Json::object();
  for (const InputLimit& l : kLimits) {
    Json o = Json::object();
    o.set("bytes", Json(static_cast<unsigned long long>(l.bytes)));
    o.set("name", l.constant);
    o.set("what", l.name);
    j.set(l.id, std::move(o));
  }
  return j.dump();
}

}  // namespace gl
