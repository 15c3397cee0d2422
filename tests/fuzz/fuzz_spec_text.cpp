// libFuzzer harness: spec text -> parse_spec. Never crashes; a valid spec prints to canonical text that
// parses back to the same spec (and prints the same), round-trips through its JSON form, summarizes with
// the budget check, and exports PyTorch source without JSON's null. Errors carry a position inside the text.
#include "engine/model/summary.h"
#include "engine/spec/export_pytorch.h"
#include "engine/spec/spec.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz_text(data, size);
  gl::SpecResult r = gl::parse_spec(text);
  if (!r.ok()) {
    FUZZ_CHECK(r.error->line >= 1 && r.error->col >= 1 && r.error->length >= 1, r.error->message);
    FUZZ_CHECK(!r.error->message.empty(), text);
    gl::spec_error_context(text, *r.error);
    return 0;
  }
  const std::string printed = gl::print_spec(r.spec);
  gl::SpecResult again = gl::parse_spec(printed);
  FUZZ_CHECK(again.ok(), "canonical text does not parse: " + printed + " -> " + again.error->message);
  FUZZ_CHECK(again.spec == r.spec, "canonical text parses to another spec: " + printed);
  FUZZ_CHECK(gl::print_spec(again.spec) == printed, "printing is not a fixed point: " + printed);
  gl::SpecResult from_json = gl::spec_from_json(gl::Json::parse(gl::spec_to_json(r.spec).dump()));
  FUZZ_CHECK(from_json.ok(), "JSON form does not read back: " + printed + " -> " + from_json.error->message);
  FUZZ_CHECK(from_json.spec == r.spec, "JSON form reads back as another spec: " + printed);
  gl::SummaryResult s = gl::summarize_spec(r.spec);
  FUZZ_CHECK(s.summary.total_params >= 0 && s.summary.total_mults >= 0 && s.summary.train_bytes >= 0, printed);
  if (s.ok()) FUZZ_CHECK(s.summary.train_bytes <= gl::kTrainBudgetBytes, printed);
  gl::summary_to_text(s.summary);
  const std::string py = gl::export_pytorch(r.spec);
  FUZZ_CHECK(py.find("null.0") == std::string::npos && py.find("=null") == std::string::npos, py);
  return 0;
}
