// The session as files and JSON: the model file (Save/Load: spec, its JSON form and the link state) and the
// JSON value type the front end's test hook builds its snapshot with. Not here: the link's keys (the front
// end's link unit) or training checkpoints.
#pragma once
#include <string>

#include "engine/core/json.h"  // Json, the plain value type of snapshots and files
#include "engine/session/session.h"

namespace gl {

// {"gradlab": version, "spec": text, "model": spec JSON, "state": link hash}
std::string model_file_json(const Session& session, const std::string& state_hash);

struct ModelFile {
  std::string spec, state;  // state: the link hash ("" when the file has none)
  std::string error;        // why the file could not be read ("" when it could)
};
ModelFile read_model_file(const std::string& text);

// Run files (engine/train/run_file.h) of the training lab: the whole run (weights, optimizer state, batch
// order, random streams) as JSON, and as a PyTorch script that continues it (engine/train/run_export.h).
// Each returns the text, or sets error ("no run to save: ...") and returns "".
std::string save_run_file(const Session& session, std::string& error);
std::string export_pytorch_script(const Session& session, std::string& error);
// Whether text is a run file (its "format" is "gradlab-run") rather than a model file.
bool is_run_file(const std::string& text);

// "WASM SIMD on (...)" style text: whether WASM SIMD (or the native SIMD set) is compiled in.
std::string simd_description();

}  // namespace gl
