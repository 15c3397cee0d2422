// The batch-norm view: for each BN layer of the training lab's model, per channel the batch mean / variance
// of its input vs the running statistics it keeps for eval mode, gamma and beta, and histograms of the
// selected layer's input and output, from one probe batch run in train or eval mode (probe_forward: training
// is left untouched). Plain structs for the front end; no drawing.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/session/train_lab.h"

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

// Which probe: mode, batch size (> 1), first training sample, selected layer, channel (-1: all).
struct BnProbeDesc {
  bool train_mode = true;
  int batch = 32;
  int offset = 0;
  int selected = 0;
  int channel = -1;
};
BnSnapshot probe_batchnorm(const TrainLab& lab, const BnProbeDesc& desc);

// A spec with batch norm that fits the data's input and targets (offered when the model has no BN layer).
std::string spec_with_batchnorm(const Dataset& d);
// Per-channel mean and biased variance of an N x C x S... tensor.
void channel_moments(const Tensor& a, std::vector<float>& mean, std::vector<float>& var);

}  // namespace gl
