// The table of layer kinds: names and make_layer(). Filled in as layers land.
#include "engine/core/check.h"
#include "engine/layers/layer.h"

namespace gl {

const char* layer_kind_name(LayerKind k) {
  static const char* names[] = {"dense", "conv", "maxpool", "avgpool", "batchnorm", "dropout",
                                "flatten", "activation", "rnn", "lstm", "gru"};
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
  NN_CHECK(false, layer_kind_name(desc.kind), ": layer not available in this build (input ", in_shape.str(), ")");
  return nullptr;
}

}  // namespace gl
