// Classifiers side by side: kNN, a linear SVM and a softmax classifier fitted on the session's current 2D
// data set and split (the small MLP beside them is the training lab's model), each with train/test
// accuracy and class probabilities over the same plane grid as the decision-boundary view. On image data
// (C x H x W) they are fitted on features of the images (engine/classic/features.h: pixels, a colour /
// intensity histogram, HOG), with accuracies and no plane.
// Not here: drawing, or other data (fit() on anything else leaves the lab unfitted with error() set).
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/classic/classifier.h"
#include "engine/classic/features.h"
#include "engine/data/dataset.h"
#include "engine/session/train_lab.h"

namespace gl {

struct ClassicView {
  ClassicKind kind = ClassicKind::KNN;
  float acc_train = 0, acc_test = 0;  // NaN: not scored yet (kNN on images, below), or acc_test of an empty test split
  int steps = 0;       // SGD steps taken (linear classifiers)
  float loss = 0;      // data + reg loss of the last minibatch (linear classifiers; 0 for kNN)
  PlaneGrid grid;      // probabilities (kNN: vote fractions; SVM: softmax of the scores; softmax: probabilities);
                       // empty on image data
  int scored_train = 0, scored_test = 0;  // samples the accuracies are over (kNN on images: at most kKnnScored)
  // kNN on images is scored a few samples per frame: while it is, the samples it will be over (else 0), and
  // the accuracies so far are over the samples scored so far (NaN before the first).
  int scoring_train = 0, scoring_test = 0;
};

class ClassicLab {
 public:
  ClassicLab();
  // Refits every classifier on the data set's train split (call when the data changes; cheap for 2D sets).
  // The lab keeps its own copy of the data (the training lab edits its set in place when points are added).
  // Anything but 2D classification data leaves it unfitted, with error() saying why.
  // data_rev is the revision of the data given (TrainLab::data_revision()); fitted_revision() returns it, so
  // a caller refits only when the data's revision moved.
  void fit(const Dataset* data, Revision data_rev = 0);
  Revision fitted_revision() const { return fitted_rev_; }
  // New settings for one classifier (e.g. k, distance, reg, lr); kept data and training state.
  void set_desc(ClassicKind kind, const ClassicDesc& desc);
  const ClassicDesc& desc(ClassicKind kind) const;
  // Refits one linear classifier from scratch (new W, b from its seed, steps back to 0).
  void restart(ClassicKind kind);
  // While playing, advances each linear classifier by up to steps_per_advance SGD steps (at most max_steps
  // in all) within budget_ms; then refreshes the views (grid n x n over the plane bounds given, row 0 = top)
  // of every classifier that changed.
  void advance(double budget_ms, int n, float x0, float x1, float y0, float y1);
  const std::vector<ClassicView>& views() const { return views_; }
  const ClassicView& view(ClassicKind kind) const { return views_[static_cast<size_t>(kind)]; }
  bool fitted() const { return fitted_; }
  const Dataset* data() const { return data_ ? &*data_ : nullptr; }
  const std::string& error() const { return error_; }
  // Image data: what the classifiers see (pixels, histogram, HOG). A new choice needs a refit: it sets
  // fitted_revision() to 0, so the caller's next fit() computes the features (throws for bad settings).
  void set_features(const FeatureDesc& desc);
  const FeatureDesc& features() const { return features_; }
  bool on_images() const { return on_images_; }
  int feature_count() const { return data_ && data_->x_train.rank() == 2 ? data_->x_train.dim(1) : 0; }
  // kNN's accuracies on images are over at most this many samples of each split (a vote costs N_train x D),
  // scored within advance()'s budget, a block of samples at a time, train split first.
  static constexpr int kKnnScored = 500;
  static constexpr int kKnnBlock = 8;
  // On images a linear classifier's accuracies cover both whole splits (Fashion-MNIST: 7,000 x 784 x 10):
  // while it trains they are refreshed at most this often (SVM and softmax never in the same advance), and
  // when it stops.
  static constexpr double kImageRefreshMs = 250;
  bool playing() const { return playing_; }
  void set_playing(bool on) { playing_ = on; }
  int steps_per_advance = 10;  // per linear classifier per advance() (so the boundary visibly moves)
  int64_t max_steps = 5000;    // per linear classifier

 private:
  void refresh_view(ClassicKind kind, int n, float x0, float x1, float y0, float y1);
  bool fit_images(const Dataset& data);  // features of both splits into data_; false (error_ set) on failure
  void score(ClassicKind kind, ClassicView& v) const;
  void score_knn_images(double budget_ms);  // the next blocks of kNN's scoring on images, within budget_ms
  struct KnnScoring {
    int done_train = 0, done_test = 0, correct_train = 0, correct_test = 0;
  } knn_;
  FeatureDesc features_{FeatureKind::Pixels};
  bool on_images_ = false;
  std::vector<std::unique_ptr<Classifier>> models_;  // indexed by ClassicKind
  std::vector<ClassicView> views_;
  std::vector<bool> dirty_;                           // view needs recomputing
  std::vector<std::chrono::steady_clock::time_point> refreshed_;  // when each view was last recomputed
  std::optional<Dataset> data_;                       // copy of the set fitted on
  Tensor grid_x_;                                     // n*n x 2 cell centres, row 0 = top
  bool fitted_ = false;
  bool playing_ = true;
  Revision fitted_rev_ = 0;
  std::string error_;
};

}  // namespace gl
