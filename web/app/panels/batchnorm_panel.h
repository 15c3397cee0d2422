// Batch-norm panel: for each BN layer of the model, per channel the batch mean / variance of its input vs
// the running mean / variance it keeps for eval mode, and its gamma / beta, as a table and bar charts; a
// train / eval toggle runs a batch through the model in that mode and shows histograms of the activations
// before and after the layer. With no BN layer it says so and offers a spec that has one.
// The numbers are computed in apply_batchnorm_panel (probe_forward, which leaves training untouched).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/session/session.h"
#include "web/app/gfx.h"

namespace gl {

struct BnLayerView {
  std::string title;            // "BN (batchnorm)"
  int layer = -1;               // engine layer index
  int line = 0;                 // line of the network text it was written on
  int channels = 0;
  int64_t per_channel = 0;      // values per channel in the batch (N, or N*H*W, or N*T*H*W)
  // Per channel. batch_var is the biased variance BN normalises with in training mode.
  std::vector<float> batch_mean, batch_var, running_mean, running_var, gamma, beta;
  std::vector<float> out_mean, out_std;  // of the layer's output, per channel, for this batch and mode
};

struct BnHist {
  float lo = 0, hi = 0;
  std::vector<float> counts;
  float mean = 0, std = 0;
};

struct BnSnapshot {
  std::vector<BnLayerView> layers;
  int selected = 0;             // index into layers the histograms are for
  BnHist before, after;         // input and output of the selected layer, for the selected channel (or all)
  bool train_mode = true;       // mode of the forward pass the numbers come from
  int batch = 0, offset = 0;    // which training samples: [offset, offset + batch)
  int64_t step = 0;
  std::string message;          // why nothing is shown, or what went wrong
  std::string suggestion;       // a spec with BN that fits the data (when the model has none)
  bool computed = false;
};

struct BatchNormPanel {
  bool visible = false;         // set by App: whether the tab was shown last frame
  // UI state, read by apply_batchnorm_panel.
  bool train_mode = true;       // run the probe batch with batch statistics (train) or running ones (eval)
  int batch = 0;                // probe batch size; 0 = the training batch size
  int offset = 0;               // first training sample of the probe batch
  int selected = 0;             // which BN layer
  int channel = -1;             // histogram of this channel; -1 = all channels
  // Edits recorded while drawing, applied by apply_batchnorm_panel.
  bool next_batch = false;                 // move the probe batch to the next samples
  std::optional<std::string> use_spec;     // load the suggested spec
  // Computed by apply_batchnorm_panel.
  BnSnapshot snap;
  double since_refresh_ms = 1e9;
  const void* key_trainer = nullptr;
  const void* key_data = nullptr;
  int64_t key_step = -1;
  int key_batch = -1, key_offset = -1, key_selected = -1, key_channel = -2;
  bool key_train = true;
};

void draw_batchnorm_panel(BatchNormPanel& panel, const Session& session, Gfx& gfx);
// Applies the recorded edits; while visible, recomputes the snapshot when the model, its step or the
// choices changed (at most every ~200 ms while training runs).
void apply_batchnorm_panel(BatchNormPanel& panel, Session& session, double dt_ms);

}  // namespace gl
