// What every classic classifier shares: input checks, fit() bookkeeping, label prediction and accuracy from
// the scores, the kind table, and the decision map over a 2D grid. The classifiers themselves live in
// knn.cpp and linear.cpp.
#include "engine/classic/classifier.h"

#include <algorithm>
#include <cmath>

#include "engine/classic/classic_detail.h"
#include "engine/core/check.h"

namespace gl {

const char* classic_kind_name(ClassicKind kind) {
  static const char* names[] = {"knn", "svm", "softmax"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(ClassicKind::Count));
  return names[static_cast<int>(kind)];
}

const char* distance_name(Distance d) {
  static const char* names[] = {"l1", "l2"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(Distance::Count));
  return names[static_cast<int>(d)];
}

std::unique_ptr<Classifier> make_classifier(const ClassicDesc& desc) {
  switch (desc.kind) {
    case ClassicKind::KNN: return classic_detail::make_knn(desc);
    case ClassicKind::SVM:
    case ClassicKind::Softmax: return classic_detail::make_linear(desc);
    case ClassicKind::Count: break;
  }
  NN_CHECK(false, "classifier: invalid kind ", static_cast<int>(desc.kind));
  return nullptr;
}

void Classifier::check_input(const Tensor& x, const char* what) const {
  const char* name = classic_kind_name(kind());
  NN_CHECK(x.rank() == 2 && x.dim(0) > 0 && x.dim(1) > 0, name, ": ", what, " must be N x D with N, D > 0, got ",
           x.shape().str());
  if (fitted() && x.dim(1) != num_features()) {
    NN_CHECK(false, name, ": ", what, " has ", x.dim(1), " features but the classifier was fit on ",
             num_features(), " (", what, " ", x.shape().str(), ")");
  }
}

void Classifier::fit(const Tensor& x, const Tensor& y, int num_classes) {
  const char* name = classic_kind_name(kind());
  num_classes_ = 0;  // check x without comparing to a previous fit
  check_input(x, "x");
  NN_CHECK(num_classes >= 1, name, ": num_classes must be >= 1, got ", num_classes);
  NN_CHECK(y.size() == x.dim(0), name, ": y has ", y.size(), " labels for x ", x.shape().str());
  for (int64_t i = 0; i < x.size(); ++i) {
    NN_CHECK(std::isfinite(x[i]), name, ": x ", x.shape().str(), " has a non-finite value at row ", i / x.dim(1),
             ", column ", i % x.dim(1));
  }
  std::vector<int> labels(static_cast<size_t>(y.size()));
  for (int64_t i = 0; i < y.size(); ++i) {
    const float v = y[i];
    NN_CHECK(v >= 0.0f && v < static_cast<float>(num_classes) && v == std::floor(v), name, ": label ", v,
             " at row ", i, " is not a class index in [0, ", num_classes, ")");
    labels[static_cast<size_t>(i)] = static_cast<int>(v);
  }
  x_train_ = x;
  y_train_ = std::move(labels);
  num_classes_ = num_classes;
  steps_ = 0;
  last_loss_ = 0.0f;
  on_fit();
}

void Classifier::set_desc(const ClassicDesc& desc) {
  NN_CHECK(desc.kind == kind(), classic_kind_name(kind()), ": set_desc() with kind ", classic_kind_name(desc.kind),
           " (make a new classifier to change the kind)");
  desc_ = desc;
  on_set_desc();
}

void Classifier::predict(const Tensor& x, std::vector<int>& labels) const {
  Tensor scores;
  predict_scores(x, scores);  // M x C
  const int m = scores.dim(0), c = scores.dim(1);
  labels.resize(static_cast<size_t>(m));
  for (int i = 0; i < m; ++i) {
    const float* s = scores.data() + static_cast<int64_t>(i) * c;
    int best = 0;
    for (int j = 1; j < c; ++j) {
      if (s[j] > s[best]) best = j;
    }
    labels[static_cast<size_t>(i)] = best;
  }
}

float Classifier::accuracy(const Tensor& x, const Tensor& y) const {
  NN_CHECK(y.size() == (x.rank() >= 1 ? x.dim(0) : 0), classic_kind_name(kind()), ": accuracy with ", y.size(),
           " labels for x ", x.shape().str());
  std::vector<int> labels;
  predict(x, labels);
  int64_t right = 0;
  for (size_t i = 0; i < labels.size(); ++i) right += static_cast<float>(labels[i]) == y[static_cast<int64_t>(i)];
  return labels.empty() ? 0.0f : static_cast<float>(right) / static_cast<float>(labels.size());
}

void decision_grid(const Classifier& clf, const PlaneRect& rect, int nx, int ny, Tensor& out) {
  const char* name = classic_kind_name(clf.kind());
  NN_CHECK(clf.fitted(), name, ": decision_grid before fit()");
  NN_CHECK(clf.num_features() == 2, name, ": decision_grid needs 2 features, the classifier has ",
           clf.num_features());
  NN_CHECK(nx > 0 && ny > 0 && static_cast<int64_t>(nx) * ny <= (int64_t{1} << 22), name,
           ": decision grid must be positive and at most 2^22 cells, got ", nx, " x ", ny);
  NN_CHECK(rect.x1 > rect.x0 && rect.y1 > rect.y0, name, ": empty decision grid rect x [", rect.x0, ", ",
           rect.x1, "], y [", rect.y0, ", ", rect.y1, "]");
  Tensor pts(Shape{ny * nx, 2});  // cell centres, row-major from the bottom row
  const double dx = (static_cast<double>(rect.x1) - rect.x0) / nx, dy = (static_cast<double>(rect.y1) - rect.y0) / ny;
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      const int64_t r = static_cast<int64_t>(j) * nx + i;
      pts[2 * r] = static_cast<float>(rect.x0 + (i + 0.5) * dx);
      pts[2 * r + 1] = static_cast<float>(rect.y0 + (j + 0.5) * dy);
    }
  }
  Tensor scores;  // (ny*nx) x C
  clf.predict_scores(pts, scores);
  out.resize(Shape{ny, nx, clf.num_classes()});
  std::copy(scores.vec().begin(), scores.vec().end(), out.vec().begin());
}

}  // namespace gl
