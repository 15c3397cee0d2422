// Data sets for training: a Dataset holds train and test tensors (X: N x per-sample shape; y: N class indices
// stored as floats, or N x P regression targets), the class count and names. Everything is generated from a
// seed (2D toys, video clips, sequences, text) or loaded from the build-time image pack (image_pack.h).
// Not here: batching and shuffling (engine/train), normalisation beyond what each generator documents.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace gl {

struct ImagePack;  // engine/data/image_pack.h

enum class DataKind {
  // 2D points, X: N x 2 in roughly [-1, 1]^2, y: class index.
  Spirals,   // num_classes interleaved spiral arms
  Circles,   // num_classes concentric rings (2: disk inside a ring)
  Xor,       // quadrants, label = sign(x1) == sign(x2); always 2 classes
  Blobs,     // num_classes Gaussian blobs on a circle, std = noise
  Moons,     // two interleaved half circles; always 2 classes
  Linear,    // linearly separable with a gap of width `margin`; always 2 classes
  Hand2D,    // starts empty: points placed by hand (add_point / remove_point)
  // Images from the pack (C x H x W, pixels / max_value in [0, 1]).
  Digits,        // 8x8 digits from scikit-learn: 1 x 8 x 8, 10 classes
  FashionMnist,  // Fashion-MNIST subset: 1 x 28 x 28, 10 classes
  // Video: C x T x H x W clips of a square moving (with wrap-around) in one of num_classes motions (8
  // directions; 9..16 classes add 2-pixel-per-frame "fast" ones).
  VideoMotion,
  // Sequences N x T x D.
  Sine,      // regression: T values of a noisy sine (D = 1) -> the next `predict_steps` values
  Adding,    // regression: T pairs (value, marker) -> sum of the two marked values
  Copy,      // classification: remember the symbol at t = 0 across `lag` distractors
  CharText,  // classification: T one-hot characters of the built-in corpus -> the next character
  Count
};

enum class Split { Train, Test };

struct DataDesc {
  DataKind kind = DataKind::Spirals;
  uint64_t seed = 1;
  float train_frac = 0.8f;  // generated sets: fraction of samples in the training split (stratified)
  // 2D toys
  int num_points = 400;     // train + test
  float noise = 0.1f;       // position jitter (std); Blobs: blob std; Sine: additive noise std
  int num_classes = 2;      // Spirals, Circles, Blobs, Hand2D, VideoMotion (2..16 motions), Copy (symbols)
  float margin = 0.2f;      // Linear: width of the empty band between the classes
  // Images: where the pack file is (CLI), and optional caps (0 = all) taking the first samples of each split.
  std::string pack_path;
  int max_train = 0, max_test = 0;
  // Video and sequences
  int num_samples = 1000;   // train + test
  int channels = 1, frames = 8, height = 32, width = 32;  // VideoMotion clip size C x T x H x W
  int seq_len = 20;         // T (Sine, Adding, CharText); Copy uses T = lag + 2
  int lag = 5;              // Copy: distractor steps between the symbol and the recall cue
  int predict_steps = 1;    // Sine: how many next values to predict
};

constexpr int kVideoMaxClasses = 16;

struct Dataset {
  std::string name;                      // "spirals", "digits", ...
  DataKind kind = DataKind::Spirals;
  Tensor x_train, y_train, x_test, y_test;  // x: N x sample_shape; y: N (class) or N x P (regression)
  int num_classes = 0;                   // 0 for regression
  std::vector<std::string> class_names;  // num_classes entries (CharText: the characters)

  bool is_classification() const { return num_classes > 0; }
  int num_train() const { return x_train.rank() ? x_train.dim(0) : 0; }
  int num_test() const { return x_test.rank() ? x_test.dim(0) : 0; }
  Shape sample_shape() const { return x_train.shape().drop_batch(); }
  // Per-sample target shape: {} for classes, {P} for regression.
  Shape target_shape() const { return y_train.shape().drop_batch(); }
  const Tensor& x(Split s) const { return s == Split::Train ? x_train : x_test; }
  const Tensor& y(Split s) const { return s == Split::Train ? y_train : y_test; }
};

// Builds the data set the desc names. Image kinds read desc.pack_path unless a parsed pack is given (the page
// passes the pack it fetched). Throws EngineError naming the data set and the bad setting.
Dataset make_dataset(const DataDesc& desc, const ImagePack* pack = nullptr);

// Points placed by hand (any 2D data set, not only Hand2D). cls must be < num_classes.
void add_point(Dataset& ds, float x1, float x2, int cls, Split split);
// Removes point `index` of the split; throws when out of range.
void remove_point(Dataset& ds, int index, Split split);
// Removes the point of the split nearest to (x1, x2) if it lies within `radius`; returns whether one was removed.
bool remove_nearest_point(Dataset& ds, float x1, float x2, float radius, Split split);

// Samples per class in a split (classification sets).
std::vector<int> class_counts(const Dataset& ds, Split split);

const char* data_kind_name(DataKind k);  // "spirals", "circles", ..., "chartext"
// Inverse of data_kind_name; throws EngineError listing the valid names.
DataKind parse_data_kind(const std::string& name);
bool is_2d_kind(DataKind k);

// The built-in character corpus (a few paragraphs about neural networks, written for GradLab).
const std::string& char_corpus();

}  // namespace gl
