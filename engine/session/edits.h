// What the front end asks the session to change: panels record these while drawing and Session::apply()
// applies them at the top of the next frame, so nothing mutates the session while a panel reads it. Also the
// log of points placed by hand (PointEdit), which a link carries to reproduce them.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/classic/classifier.h"
#include "engine/classic/features.h"
#include "engine/data/dataset.h"
#include "engine/optim/playground.h"
#include "engine/session/compare_lab.h"
#include "engine/train/trainer.h"

namespace gl {

struct SessionEdits {
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
  std::optional<ExprTieRule> formula_ties;             // what a tied max / min sends back
  std::vector<std::pair<std::string, double>> formula_named_values;  // (variable name, value): a link's
  // optimizer playground
  std::optional<SurfaceDesc> surface;
  std::optional<bool> playground_play;
  bool playground_restart = false;
  std::optional<std::pair<float, float>> playground_start;
  std::vector<std::pair<int, bool>> racer_enabled;
  std::vector<std::pair<int, float>> racer_lr;
  std::optional<RaceDesc> race;  // same learning rate for all
  std::optional<float> race_momentum;  // momentum of the Momentum and Nesterov racers (a link's)
  // classifiers (ClassicLab)
  std::array<std::optional<ClassicDesc>, static_cast<size_t>(ClassicKind::Count)> classic_desc;  // by ClassicKind
  std::optional<ClassicKind> classic_restart;  // new W, b for one linear classifier
  bool classic_restart_linear = false;         // new W, b for both linear classifiers
  std::optional<bool> classic_play;            // run or pause the linear classifiers' SGD
  std::optional<FeatureDesc> classic_features; // image data: what the classifiers see (pixels, histogram, HOG)
  // compare runs (CompareLab)
  std::optional<CompareDesc> compare_build;    // (re)build the runs from the current spec, data and settings
  std::optional<bool> compare_play;
  std::optional<int64_t> compare_max_steps;
};


// A point placed (or removed) by hand on 2D data, in order; coordinates are kept to kPointDecimals
// decimals so that a link reproduces them exactly.
struct PointEdit {
  bool remove = false;  // remove the nearest point within reach instead of adding one
  float x1 = 0, x2 = 0;
  int cls = 0;          // added point's class (0..7)
  bool test = false;    // added to the test split
  bool operator==(const PointEdit&) const = default;
};
inline constexpr int kPointDecimals = 3;
inline constexpr int kMaxPointEdits = 500;  // the log keeps at most this many (the first ones are dropped)
float round_point_coord(float v);           // to kPointDecimals decimals

}  // namespace gl
