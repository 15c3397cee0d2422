// ClassicLab (see classic_lab.h): the three classic classifiers of engine/classic fitted on the session's
// 2D data, advanced a few SGD steps per frame, and their class probabilities over the plane grid. No UI.
#include "engine/session/classic_lab.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "engine/core/check.h"
#include "engine/core/clock.h"

namespace gl {

namespace {

constexpr int kNumKinds = static_cast<int>(ClassicKind::Count);

bool is_linear(ClassicKind k) { return k == ClassicKind::SVM || k == ClassicKind::Softmax; }

}  // namespace

ClassicLab::ClassicLab() {
  for (int k = 0; k < kNumKinds; ++k) {
    ClassicDesc d;
    d.kind = static_cast<ClassicKind>(k);
    models_.push_back(make_classifier(d));
    ClassicView v;
    v.kind = d.kind;
    views_.push_back(v);
  }
  dirty_.assign(static_cast<size_t>(kNumKinds), true);
  refreshed_.assign(static_cast<size_t>(kNumKinds), std::chrono::steady_clock::time_point{});
}

void ClassicLab::fit(const Dataset* data, Revision data_rev) {
  fitted_rev_ = data_rev;
  data_.reset();
  fitted_ = false;
  error_.clear();
  for (int k = 0; k < kNumKinds; ++k) {
    ClassicView v;
    v.kind = static_cast<ClassicKind>(k);
    views_[static_cast<size_t>(k)] = v;
  }
  dirty_.assign(static_cast<size_t>(kNumKinds), true);
  on_images_ = data && data->is_classification() && data->sample_shape().rank() == 3;
  if (on_images_) {
    if (!fit_images(*data)) return;
  } else if (!data || !data->is_classification() || data->sample_shape() != Shape{2}) {
    error_ = "the classic classifiers need a 2D classification data set, or images (C x H x W) for their features";
    return;
  } else {
    data_ = *data;  // small: a 2D set
  }
  if (data_->num_train() == 0) {
    error_ = "no training points yet";
    return;
  }
  try {
    for (auto& m : models_) m->fit(data_->x_train, data_->y_train, data_->num_classes);
    fitted_ = true;
  } catch (const EngineError& e) {
    error_ = e.what();
  }
}

bool ClassicLab::fit_images(const Dataset& data) {
  Dataset f;
  f.name = data.name;
  f.kind = data.kind;
  f.num_classes = data.num_classes;
  f.class_names = data.class_names;
  f.y_train = data.y_train;
  f.y_test = data.y_test;
  try {
    prepare_features(data.x_train, data.x_test, features_, f.x_train, f.x_test);
  } catch (const EngineError& e) {
    error_ = e.what();
    return false;
  }
  data_ = std::move(f);
  return true;
}

void ClassicLab::set_features(const FeatureDesc& desc) {
  NN_CHECK(desc.kind != FeatureKind::Count, "classifiers: no such feature kind");
  features_ = desc;
  fitted_rev_ = 0;  // the caller refits with the new features
  fitted_ = false;
}

void ClassicLab::set_desc(ClassicKind kind, const ClassicDesc& desc) {
  ClassicDesc d = desc;
  d.kind = kind;
  models_[static_cast<size_t>(kind)]->set_desc(d);
  dirty_[static_cast<size_t>(kind)] = true;
}

const ClassicDesc& ClassicLab::desc(ClassicKind kind) const { return models_[static_cast<size_t>(kind)]->desc(); }

void ClassicLab::restart(ClassicKind kind) {
  if (!fitted_) return;
  models_[static_cast<size_t>(kind)]->fit(data_->x_train, data_->y_train, data_->num_classes);
  dirty_[static_cast<size_t>(kind)] = true;
}

void ClassicLab::advance(double budget_ms, int n, float x0, float x1, float y0, float y1) {
  if (!fitted_ || (n <= 0 && !on_images_)) return;
  const auto t0 = std::chrono::steady_clock::now();
  const ClassicView& knn = views_[static_cast<size_t>(ClassicKind::KNN)];
  const bool knn_scoring = on_images_ && (dirty_[static_cast<size_t>(ClassicKind::KNN)] || knn.scoring_train + knn.scoring_test > 0);
  const double train_ms = knn_scoring ? budget_ms / 2 : budget_ms;  // the other half scores kNN, below
  if (playing_) {
    // Small chunks, alternating, so both linear classifiers get their share of the budget.
    constexpr int kChunk = 5;
    for (int done = 0; done < steps_per_advance && ms_since(t0) < train_ms; done += kChunk) {
      for (int k = 0; k < kNumKinds; ++k) {
        Classifier& m = *models_[static_cast<size_t>(k)];
        if (!is_linear(m.kind())) continue;
        const int64_t left = max_steps - m.steps_taken();
        const int todo = static_cast<int>(std::min<int64_t>({kChunk, left, steps_per_advance - done}));
        if (todo > 0 && m.train_steps(todo) > 0) dirty_[static_cast<size_t>(k)] = true;
      }
    }
  }
  bool rescored = false;  // on images, one training linear view per advance: SVM and softmax take turns
  for (int k = 0; k < kNumKinds; ++k) {
    const size_t i = static_cast<size_t>(k);
    const PlaneGrid& g = views_[i].grid;
    const bool moved = !on_images_ && (g.n != n || g.x0 != x0 || g.x1 != x1 || g.y0 != y0 || g.y1 != y1);
    const Classifier& m = *models_[i];
    const bool training = playing_ && is_linear(m.kind()) && m.steps_taken() < max_steps;
    const bool timed = on_images_ && training && views_[i].steps > 0;
    const bool due = !timed || (ms_since(refreshed_[i]) >= kImageRefreshMs && !rescored);
    rescored |= timed && due && dirty_[i];
    if ((dirty_[i] && due) || moved) {
      refresh_view(static_cast<ClassicKind>(k), n, x0, x1, y0, y1);
      refreshed_[i] = std::chrono::steady_clock::now();
    }
  }
  if (knn_scoring) score_knn_images(std::max(budget_ms - ms_since(t0), 0.0));
}

// At least one block per call, so the scoring always ends; then blocks while the budget lasts.
void ClassicLab::score_knn_images(double budget_ms) {
  ClassicView& v = views_[static_cast<size_t>(ClassicKind::KNN)];
  const Classifier& m = *models_[static_cast<size_t>(ClassicKind::KNN)];
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<int> labels;
  do {
    const bool train = knn_.done_train < v.scoring_train;
    const Tensor& x = train ? data_->x_train : data_->x_test;
    const Tensor& y = train ? data_->y_train : data_->y_test;
    int& done = train ? knn_.done_train : knn_.done_test;
    int& correct = train ? knn_.correct_train : knn_.correct_test;
    const int b = std::min(kKnnBlock, (train ? v.scoring_train : v.scoring_test) - done);
    if (b <= 0) break;
    const int64_t d = x.size() / x.dim(0);
    Tensor xs(Shape{b, static_cast<int>(d)});
    std::copy(x.data() + done * d, x.data() + (done + b) * d, xs.data());
    m.predict(xs, labels);
    for (int i = 0; i < b; ++i) correct += labels[static_cast<size_t>(i)] == static_cast<int>(y[done + i]);
    done += b;
  } while (ms_since(t0) < budget_ms);
  const auto nan = std::numeric_limits<float>::quiet_NaN();
  v.scored_train = knn_.done_train;
  v.scored_test = knn_.done_test;
  v.acc_train = knn_.done_train ? static_cast<float>(knn_.correct_train) / knn_.done_train : nan;
  v.acc_test = knn_.done_test ? static_cast<float>(knn_.correct_test) / knn_.done_test : nan;
  if (knn_.done_train == v.scoring_train && knn_.done_test == v.scoring_test) v.scoring_train = v.scoring_test = 0;
}

// Train and test accuracy over the whole splits (kNN on images: score_knn_images).
void ClassicLab::score(ClassicKind kind, ClassicView& v) const {
  const Classifier& m = *models_[static_cast<size_t>(kind)];
  auto acc = [&](const Tensor& x, const Tensor& y, int& scored) {
    scored = x.rank() ? x.dim(0) : 0;
    return scored ? m.accuracy(x, y) : std::numeric_limits<float>::quiet_NaN();
  };
  v.acc_train = acc(data_->x_train, data_->y_train, v.scored_train);
  v.acc_test = acc(data_->x_test, data_->y_test, v.scored_test);
}

void ClassicLab::refresh_view(ClassicKind kind, int n, float x0, float x1, float y0, float y1) {
  const Classifier& m = *models_[static_cast<size_t>(kind)];
  ClassicView& v = views_[static_cast<size_t>(kind)];
  v.kind = kind;
  v.steps = static_cast<int>(m.steps_taken());
  v.loss = m.last_loss();
  if (on_images_ && kind == ClassicKind::KNN) {  // scored over the next frames (score_knn_images)
    knn_ = KnnScoring{};
    v.scoring_train = std::min(data_->num_train(), kKnnScored);
    v.scoring_test = std::min(data_->x_test.rank() ? data_->x_test.dim(0) : 0, kKnnScored);
    v.scored_train = v.scored_test = 0;
    v.acc_train = v.acc_test = std::numeric_limits<float>::quiet_NaN();
    dirty_[static_cast<size_t>(kind)] = false;
    return;
  }
  score(kind, v);
  if (on_images_) {  // no plane to draw
    dirty_[static_cast<size_t>(kind)] = false;
    return;
  }
  plane_cell_centres(n, x0, x1, y0, y1, grid_x_);  // the same cells as TrainLab::decision_grid
  Tensor scores;  // n*n x C
  m.predict_scores(grid_x_, scores);
  const int classes = scores.dim(1);
  PlaneGrid& g = v.grid;
  g.n = n;
  g.classes = classes;
  g.x0 = x0, g.x1 = x1, g.y0 = y0, g.y1 = y1;
  g.probs.resize(static_cast<size_t>(n) * n * classes);
  if (kind == ClassicKind::SVM) {
    softmax_rows(scores.data(), n * n, classes, g.probs.data());  // hinge scores -> a soft picture of the margin
  } else {
    std::copy(scores.vec().begin(), scores.vec().end(), g.probs.begin());
  }
  g.step = m.steps_taken();
  g.rev = next_revision();
  dirty_[static_cast<size_t>(kind)] = false;
}

}  // namespace gl
