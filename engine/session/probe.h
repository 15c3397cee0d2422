// Looking at a model without changing it: a forward pass that keeps every layer's output and leaves
// training untouched (batch-norm running statistics restored), and the title of an engine layer in the
// spec's words. Used by the Inside and Batch norm views; not a training step.
#pragma once
#include <string>
#include <vector>

#include "engine/model/model.h"
#include "engine/spec/spec.h"

namespace gl {

// Runs the model's layers one by one on x (N x input shape) into acts: acts[0] = x, acts[i + 1] = output of
// engine layer i. The model's own activation buffers (what training's backward uses) are not touched. BN
// layers run in training mode (batch statistics) when bn_train, and their running mean / var are restored
// afterwards, so looking never changes training; dropout always runs in eval mode (identity). Throws
// EngineError as Model::forward does (e.g. BN in training mode on a single value per channel).
void probe_forward(Model& model, const Tensor& x, bool bn_train, std::vector<Tensor>& acts);

// Spec text of the row an engine layer came from, with the engine layer's kind: "FC-16 (relu)". spec is
// the one the model was built from (TrainLab::spec()).
std::string engine_layer_title(const ModelSpec& spec, const Model& model, int layer);

}  // namespace gl
