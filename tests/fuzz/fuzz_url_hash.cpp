// libFuzzer harness: the page's link reader (web/app/link_state.cpp and url_state.cpp: no ImGui, no app.h),
// as the page uses it: size check, read_link from the defaults, then what a link writes must read back to
// itself, and the link's spec through parse_spec and the memory budget. Also the raw parse_hash /
// build_hash round trip.
#include "engine/core/limits.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "tests/fuzz/fuzz_common.h"
#include "web/app/link_state.h"
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
  // The link reader: never throws; what it writes reads back to the same state with no problems.
  std::vector<std::string> problems;
  const gl::LinkState s = gl::read_link(hash, problems);
  const std::string written = gl::link_hash(s);
  std::vector<std::string> again;
  const gl::LinkState s2 = gl::read_link(written, again);
  FUZZ_CHECK(again.empty(), "a link GradLab wrote has problems: " + written);
  FUZZ_CHECK(gl::same_link_state(s, s2), "a link GradLab wrote does not read back to itself: " + written);
  gl::SpecResult r = gl::parse_spec(s.spec);
  if (r.ok()) gl::summarize_spec(r.spec, gl::kDefaultSummaryBatch, true);
  return 0;
}
