// Hand-made image features for the classic classifiers (CS231n assignment 1's "image features" step): a
// colour / intensity histogram and a HOG-style histogram of oriented gradients, so a linear classifier on
// features can be compared with one on raw pixels. Images in, N x D feature rows out; a scaler standardises
// them with the training split's statistics. Not here: learned features (that is what the CNNs are for).
#pragma once
#include <string>
#include <vector>

#include "engine/core/check.h"  // EngineError, thrown by the functions below
#include "engine/core/tensor.h"

namespace gl {

enum class FeatureKind {
  Pixels,     // the image flattened (C x H x W values)
  Histogram,  // per channel, the fraction of pixels in each of hist_bins equal bins over [0, 1]: C x bins
  HOG,        // gradient orientation histograms per cell (see below): cells_y x cells_x x hog_bins
  HOGHist,    // HOG followed by the histogram (CS231n's combination)
  Count
};
const char* feature_kind_name(FeatureKind k);  // "pixels", "hist", "hog", "hoghist"
FeatureKind parse_feature_kind(const std::string& name);  // throws EngineError listing the names

struct FeatureDesc {
  FeatureKind kind = FeatureKind::HOG;
  int hist_bins = 16;
  // HOG on the intensity (mean over channels): central differences gx = I(x+1) - I(x-1), gy likewise
  // (edges repeat the border pixel); each pixel votes its magnitude |g| into the two nearest of hog_bins
  // unsigned orientation bins over [0, 180) degrees (linear interpolation); votes are summed over
  // hog_cell x hog_cell cells (a partial last cell counts), and each cell's histogram is L2-normalised
  // (v / sqrt(|v|^2 + 1e-6)): local contrast does not matter, edge direction does.
  int hog_cell = 4;
  int hog_bins = 9;
};

// Number of features for images of shape C x H x W (per sample, no N).
int feature_count(const Shape& image_shape, const FeatureDesc& desc);
// images: N x C x H x W (values in [0, 1] for the histogram) -> out: N x feature_count. Throws EngineError
// for a non-image shape or bad settings, naming them.
void extract_features(const Tensor& images, const FeatureDesc& desc, Tensor& out);

// Per-feature standardisation fitted on the training rows: (x - mean) / (std + 1e-6). Features that are
// constant on the training set become 0.
struct FeatureScaler {
  std::vector<float> mean, inv_std;
  void fit(const Tensor& x);        // x: N x D
  void apply(Tensor& x) const;      // in place; x: M x D with the fitted D
};

// The classic tab's one call: features of both splits (N x C x H x W each), standardised with the training
// split's scaler (pixels too, so the comparison is fair). f_train: N x D, f_test: M x D.
void prepare_features(const Tensor& x_train, const Tensor& x_test, const FeatureDesc& desc, Tensor& f_train,
                      Tensor& f_test);

}  // namespace gl
