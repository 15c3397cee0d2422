// probe_forward and engine_layer_title (see probe.h).
#include "engine/session/probe.h"

#include "engine/layers/batch_norm.h"

namespace gl {

void probe_forward(Model& model, const Tensor& x, bool bn_train, std::vector<Tensor>& acts) {
  const int L = model.num_layers();
  acts.resize(static_cast<size_t>(L) + 1);
  acts[0] = x;
  // BN in training mode updates its running statistics: keep them to put back.
  struct Saved {
    BatchNorm* bn;
    std::vector<float> mean, var;
  };
  std::vector<Saved> saved;
  if (bn_train)
    for (int i = 0; i < L; ++i)
      if (auto* bn = dynamic_cast<BatchNorm*>(&model.layer(i))) saved.push_back({bn, bn->running_mean().vec(), bn->running_var().vec()});
  auto restore = [&] {
    for (Saved& s : saved) {
      s.bn->running_mean().vec() = s.mean;
      s.bn->running_var().vec() = s.var;
    }
  };
  try {
    for (int i = 0; i < L; ++i) {
      Layer& l = model.layer(i);
      l.forward(acts[static_cast<size_t>(i)], acts[static_cast<size_t>(i) + 1], bn_train && l.kind() == LayerKind::BatchNorm);
    }
  } catch (...) {
    restore();
    throw;
  }
  restore();
}

std::string engine_layer_title(const ModelSpec& spec, const Model& model, int layer) {
  const int row = model.layer_row(layer);
  const bool valid = row >= 0 && row < static_cast<int>(spec.rows.size());
  std::string text = valid ? spec.rows[static_cast<size_t>(row)].text : "layer " + std::to_string(layer);
  int k = 0;  // position of this engine layer within its row's expansion
  for (int j = layer - 1; j >= 0 && model.layer_row(j) == row; --j) ++k;
  const Layer& l = model.layer(layer);
  std::string kind = layer_kind_name(l.kind());
  if (l.kind() == LayerKind::Activation && valid && k < static_cast<int>(spec.rows[static_cast<size_t>(row)].layers.size()))
    kind = act_kind_name(spec.rows[static_cast<size_t>(row)].layers[static_cast<size_t>(k)].act);
  return text + " (" + kind + ")";
}

}  // namespace gl
