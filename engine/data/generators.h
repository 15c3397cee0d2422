// Internal to engine/data: the generator families behind make_dataset() and the shared split helper.
// Not a public API: the UI and CLI go through make_dataset() in dataset.h.
#pragma once
#include <vector>

#include "engine/core/rng.h"
#include "engine/data/dataset.h"

namespace gl::data_detail {

// Samples before the split: x is n x prod(sample_shape), y is n x prod(target_shape) (one class index
// per sample when target_shape is empty).
struct Samples {
  Shape sample_shape, target_shape;
  std::vector<float> x, y;
  int n = 0;
};

// Splits into ds.{x,y}_{train,test}: classification sets are stratified (each class split by train_frac,
// rounded), then each split is shuffled; regression sets are shuffled and cut. Deterministic given rng.
void split_into(Dataset& ds, const Samples& s, float train_frac, Rng& rng);

Dataset make_toy2d(const DataDesc& desc);
Dataset make_video(const DataDesc& desc);
Dataset make_sequence(const DataDesc& desc);

}  // namespace gl::data_detail
