// What panels ask for while drawing; App::frame() applies these at the top of the next frame so nothing
// mutates the session while a panel reads it.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/optim/playground.h"
#include "engine/train/trainer.h"

namespace gl {

struct Intents {
  std::optional<std::string> spec_text;  // the student edited the spec
  std::optional<int> summary_batch;
  // training
  std::optional<DataDesc> data;
  std::optional<TrainDesc> train;
  std::optional<bool> play;
  bool step = false, reset = false;
  struct Point {
    float x1, x2;
    int cls;
    bool test;
  };
  std::optional<Point> add_point;
  std::optional<std::pair<float, float>> remove_point;
  // computation graph
  std::optional<std::string> formula;
  std::vector<std::pair<int, double>> formula_values;  // (variable index, value)
  // optimizer playground
  std::optional<SurfaceDesc> surface;
  std::optional<bool> playground_play;
  bool playground_restart = false;
  std::optional<std::pair<float, float>> playground_start;
  std::vector<std::pair<int, bool>> racer_enabled;
  std::vector<std::pair<int, float>> racer_lr;
};

}  // namespace gl
