// libFuzzer harness: the JSON reader. Never crashes; a document it accepts writes back to JSON that reads
// to the same text again (dump is a fixed point after one round), and its numbers are all finite.
#include "engine/core/check.h"
#include "engine/core/json.h"
#include "tests/fuzz/fuzz_common.h"

#include <cmath>

namespace {
void check_finite(const gl::Json& j) {
  if (j.is_number()) FUZZ_CHECK(std::isfinite(j.num()), "non-finite number read");
  if (j.is_array())
    for (const gl::Json& e : j.arr()) check_finite(e);
  if (j.is_object())
    for (const auto& kv : j.obj()) check_finite(kv.second);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gl::Json j;
  try {
    j = gl::Json::parse(fuzz_text(data, size));
  } catch (const gl::EngineError&) {
    return 0;
  }
  check_finite(j);
  const std::string once = j.dump();
  gl::Json again = gl::Json::parse(once);
  FUZZ_CHECK(again.dump() == once, "dump does not read back to itself: " + once);
  try {  // typed accessors on whatever came in: errors are fine, undefined behaviour is not
    j.ints();
  } catch (const gl::EngineError&) {
  }
  try {
    j.floats();
  } catch (const gl::EngineError&) {
  }
  if (j.is_number()) {
    try {
      j.as_int();
    } catch (const gl::EngineError&) {
    }
  }
  return 0;
}
