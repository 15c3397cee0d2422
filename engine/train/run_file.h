// Run files: one JSON document holding everything needed to continue a training run bit for bit, in GradLab
// or in the PyTorch script export_pytorch_run writes: the spec, the data description, the training settings,
// the trainer's state (batch order, random streams, optimizer moments, history) and the weights with the
// batch-norm running statistics, as base64 of little-endian float32. Not here: the data itself (regenerated
// from its description) and the training loop (engine/train/trainer.h).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/limits.h"  // kMaxRunFileBytes: a larger run file is refused on save and on load
#include "engine/data/dataset.h"
#include "engine/spec/spec.h"
#include "engine/train/trainer.h"

namespace gl {

constexpr int kRunFormatVersion = 1;

// One saved tensor: engine layer index, its name there ("weight", "bias", "gamma", "running_mean", ...).
struct RunTensor {
  int layer = 0;
  std::string name;
  Tensor value;
};

struct RunFile {
  std::string spec_text;   // print_spec of the run's spec
  ModelSpec spec;
  DataDesc data;
  TrainDesc train;
  TrainerState state;
  std::vector<RunTensor> params;   // in Model::params() order
  std::vector<RunTensor> buffers;  // BN running_mean / running_var, in layer order
};

// Snapshot of a trainer built from `spec` whose data came from `data` (throws EngineError when the file would
// pass kMaxRunFileBytes).
RunFile run_from_trainer(const Trainer& trainer, const ModelSpec& spec, const DataDesc& data);
Json run_to_json(const RunFile& run);
std::string save_run_json(const Trainer& trainer, const ModelSpec& spec, const DataDesc& data);

// Parses and validates a run file's text (format, every field's type, tensor sizes against their shapes, the
// spec). Never throws: error names the problem and the field ("run file: field 'train.optimizer.lr' ...").
struct RunLoad {
  RunFile run;
  std::string error;
  bool ok() const { return error.empty(); }
};
RunLoad load_run_json(const std::string& text);
RunFile parse_run_or_throw(const std::string& text);  // throws EngineError with the same message

// Puts a run's weights, running statistics and state into a trainer built from the same spec, data and
// settings. Checks every tensor's layer, name and shape first (the error names the layer, the param and both
// shapes) and changes nothing on a mismatch.
void apply_run(Trainer& trainer, const RunFile& run);
// Builds a trainer for the run on `data` (made from run.data) and applies it. Throws EngineError on mismatch.
std::unique_ptr<Trainer> make_trainer_from_run(const RunFile& run, std::shared_ptr<const Dataset> data);

// JSON forms of the descriptions (also used by the PyTorch export). *_from_json throw EngineError naming the
// field path under `where` ("run file: field 'data.noise' must be a number").
Json data_desc_to_json(const DataDesc& d);
DataDesc data_desc_from_json(const Json& j, const std::string& where);
Json train_desc_to_json(const TrainDesc& d);
TrainDesc train_desc_from_json(const Json& j, const std::string& where);

// Base64 (RFC 4648, with padding) of little-endian float32 / int32 values.
std::string base64_floats(const float* v, size_t n);
std::vector<float> floats_from_base64(const std::string& s, const std::string& where);
std::string base64_ints(const int* v, size_t n);
std::vector<int> ints_from_base64(const std::string& s, const std::string& where);

}  // namespace gl
