// The classic classifiers of CS231n's first assignment behind one interface: k-nearest neighbours, a linear
// SVM (multiclass hinge) and a softmax linear classifier. fit() stores the data (and initialises W, b);
// train_steps(n) advances minibatch SGD by n steps so the UI can time-slice; predict_scores() gives what the
// decision map paints. Not here: neural networks (engine/model), feature extraction, data generation.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/core/check.h"  // EngineError, thrown by the functions below
#include "engine/core/tensor.h"
#include "engine/optim/optimizer.h"

namespace gl {

enum class ClassicKind {
  KNN,      // k nearest training points vote
  SVM,      // scores = X W + b, loss = mean_i sum_{j != y_i} max(0, s_j - s_{y_i} + margin) + 0.5 reg |W|^2
  Softmax,  // scores = X W + b, loss = mean_i -log softmax(s)_{y_i} + 0.5 reg |W|^2
  Count
};

enum class Distance { L1, L2, Count };

// Plain SGD with lr 0.1: the linear classifiers' default optimizer.
inline OptimDesc classic_default_optim() {
  OptimDesc d;
  d.lr = 0.1f;
  return d;
}

struct ClassicDesc {
  ClassicKind kind = ClassicKind::KNN;
  // kNN. k is clamped to the number of training points. Neighbours at equal distance are taken in
  // training-set order.
  int k = 5;
  Distance distance = Distance::L2;
  // Linear classifiers. reg is CS231n's lambda in 0.5 * reg * sum(W^2) (b is not regularised); the
  // optimizer is any of engine/optim (default plain SGD, lr 0.1) and its weight_decay should stay 0.
  float reg = 1e-3f;
  float margin = 1.0f;     // SVM's Delta
  int batch_size = 32;     // minibatch size, <= 0: full batch; batches walk a fresh shuffle every epoch
  float init_scale = 1e-3f;  // W ~ init_scale * N(0, 1), b = 0 (CS231n)
  OptimDesc optim = classic_default_optim();
  uint64_t seed = 1;
};

class Classifier {
 public:
  virtual ~Classifier() = default;
  virtual ClassicKind kind() const = 0;
  const ClassicDesc& desc() const { return desc_; }

  // x: N x D, y: N class indices in [0, num_classes) stored as floats (as in gl::Dataset). Copies the data;
  // linear classifiers re-initialise W (D x C) and b (C) from desc().seed. Throws EngineError naming the
  // classifier and the shapes / label at fault.
  void fit(const Tensor& x, const Tensor& y, int num_classes);
  // New settings of the same kind, kept data and training state: kNN's k / distance, the linear
  // classifiers' reg, margin, batch size and optimizer hyper-parameters (a new optimizer kind restarts its
  // moments). Throws EngineError when desc.kind differs.
  void set_desc(const ClassicDesc& desc);
  // n more SGD steps (linear); kNN has nothing to train and returns 0. Returns the steps taken.
  virtual int train_steps(int n) { return 0; }

  // x: M x D -> scores M x C. kNN: vote fractions of the k neighbours (rows sum to 1); SVM: raw scores
  // x W + b; softmax: class probabilities.
  virtual void predict_scores(const Tensor& x, Tensor& scores) const = 0;
  // Predicted class per row. Linear: argmax of the scores (lowest class on an exact tie). kNN: majority vote;
  // a tie between classes goes to the class, among the tied ones, of the nearest neighbour.
  virtual void predict(const Tensor& x, std::vector<int>& labels) const;
  // Fraction of rows of x predicted as y.
  float accuracy(const Tensor& x, const Tensor& y) const;

  // Linear classifiers' learned W (D x C) and b (C), e.g. to show W's columns as class templates; nullptr
  // for kNN and before fit().
  virtual const Tensor* weights() const { return nullptr; }
  virtual const Tensor* bias() const { return nullptr; }

  int num_classes() const { return num_classes_; }
  int num_features() const { return x_train_.rank() == 2 ? x_train_.dim(1) : 0; }
  bool fitted() const { return num_classes_ > 0; }
  int64_t steps_taken() const { return steps_; }
  // Loss (data + regularisation) of the last minibatch, 0 before training; always 0 for kNN.
  float last_loss() const { return last_loss_; }

 protected:
  explicit Classifier(const ClassicDesc& desc) : desc_(desc) {}
  virtual void on_fit() {}
  virtual void on_set_desc() {}
  void check_input(const Tensor& x, const char* what) const;

  ClassicDesc desc_;
  Tensor x_train_;          // N x D
  std::vector<int> y_train_;  // N
  int num_classes_ = 0;
  int64_t steps_ = 0;
  float last_loss_ = 0.0f;
};

std::unique_ptr<Classifier> make_classifier(const ClassicDesc& desc);
const char* classic_kind_name(ClassicKind kind);  // "knn", "svm", "softmax"
const char* distance_name(Distance d);            // "l1", "l2"

// Loss and gradient of a linear classifier on a batch (exposed for the gradient check):
// x: B x D, y: B labels, w: D x C, b: C  ->  dw: D x C, db: C (resized). SVM or Softmax only.
// Mean data loss over the batch plus 0.5 * reg * sum(w^2). scores / dscores: B x C scratch (resized).
float linear_loss_grad(ClassicKind kind, const Tensor& x, const std::vector<int>& y, const Tensor& w,
                       const Tensor& b, float reg, float margin, Tensor& scores, Tensor& dscores, Tensor& dw,
                       Tensor& db);

// Rectangle of the plane for the decision map.
struct PlaneRect {
  float x0 = -1.0f, x1 = 1.0f, y0 = -1.0f, y1 = 1.0f;
};
// Scores of a 2-feature classifier at the centres of an nx x ny grid of cells over rect, row 0 at y0
// (same cell convention as the optimizer playground's eval_grid): out is ny x nx x C.
void decision_grid(const Classifier& clf, const PlaneRect& rect, int nx, int ny, Tensor& out);

}  // namespace gl
