// Model files (see session_io.h).
#include "engine/session/session_io.h"

#include "engine/ops/gemm.h"

namespace gl {

std::string model_file_json(const Session& session, const std::string& state_hash) {
  Json j = Json::object();
  j.set("gradlab", GRADLAB_VERSION);
  j.set("spec", session.valid_spec_text());
  j.set("model", spec_to_json(session.spec()));
  j.set("state", state_hash);
  return j.dump();
}

ModelFile read_model_file(const std::string& text) {
  ModelFile f;
  try {
    Json j = Json::parse(text);
    NN_CHECK(j.has("spec") && j["spec"].is_string(), "the file has no \"spec\" (is it a GradLab model file?)");
    f.spec = j["spec"].str();
    if (j.has("state") && j["state"].is_string()) f.state = j["state"].str();
  } catch (const EngineError& e) {
    f.error = std::string("Could not load the file: ") + e.what();
  }
  return f;
}

std::string simd_description() {
#if defined(__wasm_simd128__)
  return std::string("WASM SIMD on (") + gemm_simd_name() + ")";
#elif defined(__EMSCRIPTEN__)
  return "WASM SIMD off";
#else
  std::string s = gemm_simd_name();
  return "native " + s.substr(0, s.find(','));
#endif
}

}  // namespace gl
