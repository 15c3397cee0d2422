// libFuzzer harness: the URL-hash reader (web/app/url_state.cpp, which has no ImGui) and what the page does
// with its spec: size check, parse_hash, build_hash round trip, then the spec through parse_spec and the
// memory budget. The settings reader (read_settings in web/app/app_state.cpp) needs app.h, so it is not
// compiled here.
#include "engine/core/limits.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "tests/fuzz/fuzz_common.h"
#include "web/app/url_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string hash = fuzz_text(data, size);
  if (gl::check_input_size(gl::InputKind::UrlHash, hash.size())) return 0;
  gl::UrlParams p = gl::parse_hash(hash);
  // Writing the parameters and reading them back gives the same parameters (keys are never empty).
  gl::UrlParams nonempty;
  for (const auto& kv : p)
    if (!kv.first.empty()) nonempty.push_back(kv);
  gl::UrlParams back = gl::parse_hash(gl::build_hash(nonempty));
  FUZZ_CHECK(back == nonempty, "build_hash / parse_hash do not round-trip: " + gl::build_hash(nonempty));
  for (const auto& kv : p) FUZZ_CHECK(gl::url_decode(gl::url_encode(kv.second)) == kv.second, kv.second);
  if (const std::string* spec = gl::find_param(p, "spec")) {
    gl::SpecResult r = gl::parse_spec(*spec);
    if (r.ok()) gl::summarize_spec(r.spec, gl::kDefaultSummaryBatch, true);
  }
  return 0;
}
