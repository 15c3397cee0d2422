// The settings of each panel that a link carries (what the student chose to look at, not what the engine
// computed). Plain structs with their defaults, no ImGui: the panels inherit them, the link unit
// (link_state.h) reads and writes them. Not here: the panels' scratch state (buffers, snapshots, edits).
#pragma once

namespace gl {

struct CurvesSettings {
  bool log_loss = false;
  bool log_grads = true;
  float smoothing = 0.6f;
  int layer = 0;  // layer whose histograms are shown
  bool operator==(const CurvesSettings&) const = default;
};

struct CompareSettings {
  int kind = 0;      // CompareKind chosen in the combo (applied on Rebuild)
  int lr_from = 2;   // index into the nice learning rates (1e-4, 3e-4, 1e-3, ...) of the sweep's first run
  int lr_count = 4;  // runs in the sweep
  int curve = 0;     // 0 batch loss, 1 train loss, 2 test loss, 3 train accuracy, 4 test accuracy
  bool log_y = true;
  float smoothing = 0.6f;
  bool operator==(const CompareSettings&) const = default;
};
inline constexpr int kCompareNiceLrs = 10;  // 1e-4, 3e-4, ..., 3 (compare_panel.cpp)
inline constexpr int kCompareCurves = 5;

struct InsideSettings {
  int sample = 0;            // training sample whose feature maps are shown
  int map_layer = -1;        // engine layer whose maps are shown; -1: the first conv's output after its ReLU
  int grid_n = 32;           // unit-map resolution (n x n points of the plane)
  bool shared_scale = true;  // feature maps share one colour scale (dead channels look dark)
  int t = 0;                 // time step shown for 3D maps
  float weight_scale = 0.0f; // |W| heat maps: 0 = each map spans its own largest |W|; > 0 = all span
                             // [0, weight_scale], so two runs (or layers) compare by colour
  bool operator==(const InsideSettings&) const = default;
};

struct BatchNormSettings {
  bool train_mode = true;  // run the probe batch with batch statistics (train) or running ones (eval)
  int batch = 0;           // probe batch size; 0 = the training batch size
  int offset = 0;          // first training sample of the probe batch
  int selected = 0;        // which BN layer
  int channel = -1;        // histogram of this channel; -1 = all channels
  bool operator==(const BatchNormSettings&) const = default;
};

struct InspectorSettings {
  bool parallel = false;  // every layer row alone on the INPUT (not chained), to compare what each does to it
  bool operator==(const InspectorSettings&) const = default;
};

struct GraphSettings {
  int reveal = -1;  // steps revealed: 0..2*nodes; -1 = everything
  bool operator==(const GraphSettings&) const = default;
};

}  // namespace gl
