// Model files (see session_io.h).
#include "engine/session/session_io.h"

#include "engine/core/limits.h"
#include "engine/ops/gemm.h"
#include "engine/train/run_export.h"
#include "engine/train/run_file.h"

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
    require_input_size(InputKind::ModelFile, text.size());
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

namespace {
const Trainer* run_to_save(const Session& session, std::string& error) {
  const TrainLab& tl = session.train();
  if (!tl.trainer() || !tl.error().empty()) {
    error = "no run to save: " + (tl.error().empty() ? std::string("the network has not been built") : tl.error());
    return nullptr;
  }
  return tl.trainer();
}
}  // namespace

std::string save_run_file(const Session& session, std::string& error) {
  const Trainer* t = run_to_save(session, error);
  if (!t) return "";
  try {
    return save_run_json(*t, session.train().spec(), session.train().data_desc());
  } catch (const EngineError& e) {
    error = e.what();
    return "";
  }
}

std::string export_pytorch_script(const Session& session, std::string& error) {
  const Trainer* t = run_to_save(session, error);
  if (!t) return "";
  try {
    const TrainLab& tl = session.train();
    return export_pytorch_run(run_from_trainer(*t, tl.spec(), tl.data_desc()), *tl.data());
  } catch (const EngineError& e) {
    error = e.what();
    return "";
  }
}

bool is_run_file(const std::string& text) {
  // The top-level "format" field says it, first in files GradLab writes. Read only that field (a run file
  // may be 64 MiB; Session::load_run parses it once, and names what is wrong with a damaged one).
  size_t at = text.find("\"format\"");
  if (at == std::string::npos) return false;
  at += 8;
  auto skip_space = [&] {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) ++at;
  };
  skip_space();
  if (at >= text.size() || text[at] != ':') return false;
  ++at;
  skip_space();
  return text.compare(at, 13, "\"gradlab-run\"") == 0;
}

}  // namespace gl
