// k-nearest neighbours: distances from each query to every stored training point (L1 or L2), the k smallest
// (equal distances in training-set order), then a vote. Brute force with explicit loops, exact in float, so
// distance ties behave predictably (CS231n's "no loops" |a|^2 + |b|^2 - 2ab form rounds, and would blur them).
// Not here: KD-trees or approximate search (the sets GradLab shows have a few thousand points at most).
#include <algorithm>
#include <cmath>

#include "engine/classic/classic_detail.h"
#include "engine/core/check.h"

namespace gl::classic_detail {
namespace {

class KnnClassifier final : public Classifier {
 public:
  explicit KnnClassifier(const ClassicDesc& desc) : Classifier(desc) { check_desc(); }
  ClassicKind kind() const override { return ClassicKind::KNN; }

  void predict_scores(const Tensor& x, Tensor& scores) const override {
    check_ready(x);
    const int m = x.dim(0), c = num_classes_;
    scores.resize(Shape{m, c});  // M x C vote fractions
    scores.zero();
    std::vector<Cand> cand;
    for (int i = 0; i < m; ++i) {
      const int k = neighbours(x.data() + static_cast<int64_t>(i) * x.dim(1), cand);
      float* s = scores.data() + static_cast<int64_t>(i) * c;
      for (int n = 0; n < k; ++n) s[y_train_[static_cast<size_t>(cand[static_cast<size_t>(n)].idx)]] += 1.0f;
      for (int j = 0; j < c; ++j) s[j] /= static_cast<float>(k);
    }
  }

  // Majority vote; a tie between classes goes to the tied class whose member is nearest.
  void predict(const Tensor& x, std::vector<int>& labels) const override {
    check_ready(x);
    const int m = x.dim(0);
    labels.resize(static_cast<size_t>(m));
    std::vector<Cand> cand;
    std::vector<int> votes(static_cast<size_t>(num_classes_));
    for (int i = 0; i < m; ++i) {
      const int k = neighbours(x.data() + static_cast<int64_t>(i) * x.dim(1), cand);
      std::fill(votes.begin(), votes.end(), 0);
      for (int n = 0; n < k; ++n) ++votes[static_cast<size_t>(y_train_[static_cast<size_t>(cand[static_cast<size_t>(n)].idx)])];
      const int top = *std::max_element(votes.begin(), votes.end());
      int label = -1;
      for (int n = 0; n < k && label < 0; ++n) {  // neighbours in order of distance
        const int cls = y_train_[static_cast<size_t>(cand[static_cast<size_t>(n)].idx)];
        if (votes[static_cast<size_t>(cls)] == top) label = cls;
      }
      labels[static_cast<size_t>(i)] = label;
    }
  }

 private:
  struct Cand {
    float dist;
    int idx;
    bool operator<(const Cand& o) const { return dist < o.dist || (dist == o.dist && idx < o.idx); }
  };

  void check_desc() const {
    NN_CHECK(desc_.k >= 1, "knn: k must be >= 1, got ", desc_.k);
    NN_CHECK(desc_.distance == Distance::L1 || desc_.distance == Distance::L2, "knn: invalid distance ",
             static_cast<int>(desc_.distance));
  }
  void on_set_desc() override { check_desc(); }

  void check_ready(const Tensor& x) const {
    NN_CHECK(fitted(), "knn: predict before fit()");
    check_input(x, "x");
  }

  // Fills cand with every training point's distance to q (D floats), its first k entries sorted by
  // (distance, index). Returns k (clamped to the training set size). L2 compares squared distances.
  int neighbours(const float* q, std::vector<Cand>& cand) const {
    const int n = x_train_.dim(0), d = x_train_.dim(1);
    const int k = std::min(desc_.k, n);
    cand.resize(static_cast<size_t>(n));
    const bool l1 = desc_.distance == Distance::L1;
    for (int t = 0; t < n; ++t) {
      const float* p = x_train_.data() + static_cast<int64_t>(t) * d;
      float acc = 0.0f;
      if (l1) {
        for (int j = 0; j < d; ++j) acc += std::fabs(q[j] - p[j]);
      } else {
        for (int j = 0; j < d; ++j) acc += (q[j] - p[j]) * (q[j] - p[j]);
      }
      cand[static_cast<size_t>(t)] = {acc, t};
    }
    std::partial_sort(cand.begin(), cand.begin() + k, cand.end());
    return k;
  }
};

}  // namespace

std::unique_ptr<Classifier> make_knn(const ClassicDesc& desc) { return std::make_unique<KnnClassifier>(desc); }

}  // namespace gl::classic_detail
