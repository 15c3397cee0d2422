// libFuzzer harness: JSON text -> Json::parse -> spec_from_json (the JSON form of a spec, as in a model
// file's "model"). Never crashes (no float-to-int undefined behaviour); a spec it accepts prints to
// canonical text that parses back to the same spec, and writes the same JSON again.
#include "engine/core/check.h"
#include "engine/spec/spec.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gl::Json j;
  try {
    j = gl::Json::parse(fuzz_text(data, size));
  } catch (const gl::EngineError&) {
    return 0;
  }
  gl::SpecResult r = gl::spec_from_json(j);
  if (!r.ok()) {
    FUZZ_CHECK(r.error->line >= 1 && !r.error->message.empty(), r.error->message);
    return 0;
  }
  const std::string printed = gl::print_spec(r.spec);
  gl::SpecResult again = gl::parse_spec(printed);
  FUZZ_CHECK(again.ok(), "canonical text of a JSON spec does not parse: " + printed + " -> " + again.error->message);
  FUZZ_CHECK(again.spec == r.spec, "canonical text parses to another spec: " + printed);
  const std::string dumped = gl::spec_to_json(r.spec).dump();
  gl::SpecResult back = gl::spec_from_json(gl::Json::parse(dumped));
  FUZZ_CHECK(back.ok() && back.spec == r.spec, "JSON form does not round-trip: " + dumped);
  return 0;
}
