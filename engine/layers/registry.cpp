// The table of layer kinds: stable names and make_layer(), which builds the right Layer for a per-sample
// input shape. Recurrent layers and formula activations are built by their own factories
// (recurrent.h, formula_activation.h); everything else lives in this folder, one .h/.cpp pair per layer.
#include "engine/core/check.h"
#include "engine/layers/activation.h"
#include "engine/layers/batch_norm.h"
#include "engine/layers/conv.h"
#include "engine/layers/dense.h"
#include "engine/layers/dropout.h"
#include "engine/layers/flatten.h"
#include "engine/layers/formula_activation.h"
#include "engine/layers/frames.h"
#include "engine/layers/layer.h"
#include "engine/layers/pool_layers.h"
#include "engine/layers/recurrent.h"

namespace gl {

const char* layer_kind_name(LayerKind k) {
  static const char* names[] = {"dense", "conv", "maxpool", "avgpool", "batchnorm", "dropout",
                                "flatten", "activation", "rnn", "lstm", "gru", "frames"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(LayerKind::Count));
  return names[static_cast<int>(k)];
}
const char* act_kind_name(ActKind k) {
  static const char* names[] = {"linear", "relu", "leakyrelu", "sigmoid", "tanh", "elu", "gelu", "formula"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(ActKind::Count));
  return names[static_cast<int>(k)];
}
const char* init_kind_name(InitKind k) {
  static const char* names[] = {"gaussian", "xavier", "kaiming", "zeros"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(InitKind::Count));
  return names[static_cast<int>(k)];
}

std::unique_ptr<Layer> make_layer(const LayerDesc& desc, const Shape& in_shape) {
  switch (desc.kind) {
    case LayerKind::Dense: return std::make_unique<Dense>(desc, in_shape);
    case LayerKind::Conv: return std::make_unique<Conv>(desc, in_shape);
    case LayerKind::MaxPool: return std::make_unique<MaxPool>(desc, in_shape);
    case LayerKind::AvgPool: return std::make_unique<AvgPool>(desc, in_shape);
    case LayerKind::BatchNorm: return std::make_unique<BatchNorm>(desc, in_shape);
    case LayerKind::Dropout: return std::make_unique<Dropout>(desc, in_shape);
    case LayerKind::Flatten: return std::make_unique<Flatten>(desc, in_shape);
    case LayerKind::Activation:
      if (desc.act == ActKind::Formula) return make_formula_activation(desc, in_shape);
      return std::make_unique<Activation>(desc, in_shape);
    case LayerKind::RNN:
    case LayerKind::LSTM:
    case LayerKind::GRU: return make_recurrent(desc, in_shape);
    case LayerKind::Frames: return std::make_unique<Frames>(desc, in_shape);
    case LayerKind::Count: break;
  }
  NN_CHECK(false, "make_layer: unknown layer kind ", static_cast<int>(desc.kind), " (input ", in_shape.str(), ")");
  return nullptr;
}

}  // namespace gl
