// Values of the session's defaults (see defaults.h).
#include "engine/session/defaults.h"

namespace gl {

DataDesc default_data_desc() {
  DataDesc d;
  d.kind = DataKind::Spirals;
  d.num_points = 400;
  d.noise = 0.1f;
  return d;
}

TrainDesc default_train_desc() {
  TrainDesc t;
  t.batch_size = 16;
  t.optim = optim_defaults(OptimKind::Adam);
  t.optim.lr = 0.01f;
  t.eval_every = 50;
  return t;
}

std::vector<std::pair<std::string, double>> default_graph_values() {
  return {{"w0", 2}, {"x0", -1}, {"w1", -3}, {"x1", -2}, {"w2", -3}};
}

SurfaceDesc default_surface() {
  SurfaceDesc d;
  d.kind = SurfaceKind::Valley;
  return d;
}

std::vector<OptimDesc> default_racers() {
  const OptimKind kinds[] = {OptimKind::SGD, OptimKind::Momentum, OptimKind::Nesterov,
                             OptimKind::AdaGrad, OptimKind::RMSProp, OptimKind::Adam};
  const float lrs[] = {0.02f, 0.02f, 0.02f, 0.5f, 0.05f, 0.1f};
  std::vector<OptimDesc> out;
  for (int i = 0; i < 6; ++i) {
    out.push_back(optim_defaults(kinds[i]));
    out.back().lr = lrs[i];
  }
  return out;
}

}  // namespace gl
