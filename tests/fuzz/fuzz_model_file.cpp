// libFuzzer harness: the engine part of loading a model file (App::load_json): size check, Json::parse,
// "spec" (text) through parse_spec and the memory budget, "state" (a URL hash) through parse_hash, and
// "model" (the JSON form) through spec_from_json. When both forms are valid and agree in text they must
// agree as specs. Never crashes; every refusal is an EngineError or a SpecError with a message.
#include "engine/core/check.h"
#include "engine/core/limits.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "tests/fuzz/fuzz_common.h"
#include "web/app/url_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz_text(data, size);
  if (gl::check_input_size(gl::InputKind::ModelFile, text.size())) return 0;
  gl::Json j;
  try {
    j = gl::Json::parse(text);
  } catch (const gl::EngineError& e) {
    FUZZ_CHECK(std::string(e.what()).rfind("json: ", 0) == 0, e.what());
    return 0;
  }
  std::optional<gl::SpecResult> from_text, from_json;
  if (const gl::Json* spec = j.find("spec"); spec && spec->is_string()) {
    from_text = gl::parse_spec(spec->str());
    if (from_text->ok()) gl::summarize_spec(from_text->spec, gl::kDefaultSummaryBatch, true);
  }
  if (const gl::Json* state = j.find("state"); state && state->is_string()) {
    gl::UrlParams p = gl::parse_hash(state->str());
    if (const std::string* s = gl::find_param(p, "spec")) gl::parse_spec(*s);
  }
  if (const gl::Json* model = j.find("model")) {
    from_json = gl::spec_from_json(*model);
    if (from_json->ok()) gl::summarize_spec(from_json->spec, gl::kDefaultSummaryBatch, true);
  }
  if (from_text && from_json && from_text->ok() && from_json->ok() &&
      gl::print_spec(from_text->spec) == gl::print_spec(from_json->spec))
    FUZZ_CHECK(from_text->spec == from_json->spec, gl::print_spec(from_text->spec));
  return 0;
}
