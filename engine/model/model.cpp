// Model (model.h): builds one engine layer per LayerDesc each spec row expands to, keeps every activation
// for backward and reuses the buffers across steps. The loss comes from the spec's loss row; a spec without
// one trains with SOFTMAX (cross-entropy), LossDesc's default. No optimizer here.
#include "engine/model/model.h"

#include <algorithm>

#include "engine/core/check.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"

namespace gl {

namespace {

// splitmix64 of (seed, stream): independent, deterministic sub-seeds per layer.
uint64_t sub_seed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

Model::Model(const ModelSpec& spec) {
  summarize_trainable(spec);  // shape errors and unfinished networks first, located at their row
  NN_CHECK(!spec.rows.empty() && spec.input.rank() > 0, "Model: the spec has no INPUT");
  input_shape_ = spec.input;
  loss_ = spec.loss;
  Shape cur = input_shape_;
  for (size_t i = 0; i < spec.rows.size(); ++i) {
    const SpecRow& row = spec.rows[i];
    for (const LayerDesc& desc : row.layers) {
      std::unique_ptr<Layer> layer;
      try {
        layer = make_layer(desc, cur);
      } catch (const EngineError& e) {
        throw SpecException(SpecError{row.line, row.col, std::max(1, static_cast<int>(row.text.size())),
                                      str_cat("line ", row.line, ", col ", row.col, ": ", row.text, ": ", e.what())});
      }
      cur = layer->output_shape();
      layers_.push_back(std::move(layer));
      layer_rows_.push_back(static_cast<int>(i));
    }
  }
  output_shape_ = cur;
  for (auto& l : layers_)
    for (Param* p : l->params()) params_.push_back(p);
  // Up to and including the first layer with parameters, no input gradient is ever used; below that layer
  // backward does not run at all.
  first_param_layer_ = layers_.size();
  for (size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->set_input_grad(false);
    if (!layers_[i]->params().empty()) {
      first_param_layer_ = i;
      break;
    }
  }
  acts_.resize(layers_.size() + 1);
  grads_.resize(layers_.size() + 1);
}

Model::~Model() = default;

void Model::init_params(const InitDesc& init, uint64_t seed) {
  for (size_t i = 0; i < layers_.size(); ++i) {
    Rng rng(sub_seed(seed, 2 * i));
    layers_[i]->init_params(init, rng);
    layers_[i]->set_seed(sub_seed(seed, 2 * i + 1));
  }
}

const Tensor& Model::forward(const Tensor& x, bool train) {
  NN_CHECK(x.rank() == input_shape_.rank() + 1 && x.shape().drop_batch() == input_shape_,
           "Model::forward: input is ", x.shape().str(), ", expected N x ", input_shape_.str());
  // acts_[0]: N x input_shape (a copy, so the caller's batch buffer may change before backward).
  acts_[0].resize(x.shape());
  std::copy(x.data(), x.data() + x.size(), acts_[0].data());
  for (size_t i = 0; i < layers_.size(); ++i) layers_[i]->forward(acts_[i], acts_[i + 1], train);
  return acts_.back();
}

float Model::backward(const Tensor& targets) {
  NN_CHECK(acts_.back().rank() > 0, "Model::backward: call forward() first");
  // dscores = dL/dscores, N x output_shape.
  float loss = loss_forward_backward(loss_, acts_.back(), targets, grads_.back());
  for (Param* p : params_) p->grad.zero();
  // grads_[i + 1] = dL/d(output of layer i); layer i writes dL/d(its input) into grads_[i].
  for (size_t i = layers_.size(); i-- > first_param_layer_;) layers_[i]->backward(grads_[i + 1], grads_[i]);
  return loss;
}

}  // namespace gl
