// A sequential model built from a parsed spec: the engine layers each spec row expands to (CONV5-16-p2-s1
// is a Conv followed by a ReLU), the loss, and the buffers for activations and their gradients, reused
// across steps. Forward / backward over a batch; no optimizer state here (see engine/optim).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/layers/layer.h"
#include "engine/losses/loss.h"

namespace gl {

struct ModelSpec;  // engine/spec/spec.h

class Model {
 public:
  // Builds every layer for the spec's input shape; throws SpecException (engine/spec/spec.h, an EngineError
  // carrying a SpecError) naming the row. A spec without a loss row trains with SOFTMAX. A valid but
  // unfinished network (ModelSummary::trainable false) throws its untrainable_reason at its last row.
  explicit Model(const ModelSpec& spec);
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const Shape& input_shape() const { return input_shape_; }   // per sample
  const Shape& output_shape() const { return output_shape_; } // per sample (scores)
  const LossDesc& loss() const { return loss_; }

  void init_params(const InitDesc& init, uint64_t seed);
  // x: N x input_shape. Returns the scores, N x output_shape.
  const Tensor& forward(const Tensor& x, bool train);
  // Loss of the last forward against targets; fills dscores and runs backward down to the first layer with
  // parameters (nothing below it needs a gradient), accumulating parameter gradients (zeroed first).
  // Returns the mean data loss.
  float backward(const Tensor& targets);

  // Every layer's parameters in layer order (built once; the addresses are stable).
  const std::vector<Param*>& params() const { return params_; }
  int num_layers() const { return static_cast<int>(layers_.size()); }
  Layer& layer(int i) { return *layers_[static_cast<size_t>(i)]; }
  const Layer& layer(int i) const { return *layers_[static_cast<size_t>(i)]; }
  // Spec row (0-based, counting INPUT as row 0) each engine layer came from.
  int layer_row(int i) const { return layer_rows_[static_cast<size_t>(i)]; }
  // Output of engine layer i from the last forward (N x ...), and the gradient flowing into it. That gradient is
  // not computed (left as it was) when layer i + 1 is at or before the first layer with parameters.
  const Tensor& activation(int i) const { return acts_[static_cast<size_t>(i) + 1]; }
  const Tensor& activation_grad(int i) const { return grads_[static_cast<size_t>(i) + 1]; }

 private:
  Shape input_shape_, output_shape_;
  LossDesc loss_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<int> layer_rows_;
  std::vector<Param*> params_;
  size_t first_param_layer_ = 0;  // backward stops here; layers_.size() when no layer has parameters
  std::vector<Tensor> acts_, grads_;  // acts_[0] = input copy; acts_[i+1] = output of layer i
};

}  // namespace gl
