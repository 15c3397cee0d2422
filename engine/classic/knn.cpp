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
    for_each_neighbours(x, [&](int i, const std::vector<Cand>& cand, int k) {
      float* s = scores.data() + static_cast<int64_t>(i) * c;
      for (int n = 0; n < k; ++n) s[y_train_[static_cast<size_t>(cand[static_cast<size_t>(n)].idx)]] += 1.0f;
      for (int j = 0; j < c; ++j) s[j] /= static_cast<float>(k);
    });
  }

  // Majority vote; a tie between classes goes to the tied class whose member is nearest.
  void predict(const Tensor& x, std::vector<int>& labels) const override {
    check_ready(x);
    const int m = x.dim(0);
    labels.resize(static_cast<size_t>(m));
    std::vector<int> votes(static_cast<size_t>(num_classes_));
    for_each_neighbours(x, [&](int i, const std::vector<Cand>& cand, int k) {
      std::fill(votes.begin(), votes.end(), 0);
      for (int n = 0; n < k; ++n) ++votes[static_cast<size_t>(y_train_[static_cast<size_t>(cand[static_cast<size_t>(n)].idx)])];
      const int top = *std::max_element(votes.begin(), votes.end());
      int label = -1;
      for (int n = 0; n < k && label < 0; ++n) {  // neighbours in order of distance
        const int cls = y_train_[static_cast<size_t>(cand[static_cast<size_t>(n)].idx)];
        if (votes[static_cast<size_t>(cls)] == top) label = cls;
      }
      labels[static_cast<size_t>(i)] = label;
    });
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

  // L1 distance, or the squared L2 distance, of two points of d values. 32 partial sums (several SIMD
  // registers, so the adds do not wait on one another) added in a fixed order: the same result on every
  // platform, about 4x faster than a single running sum, which the compiler may not reorder. For d <= 2 (2D
  // points) the sum is the same as a single running sum's, so ties on the plane behave as before; longer
  // points are summed in another (fixed) order.
  template <bool kL1>
  static float distance(const float* q, const float* p, int d) {
    constexpr int kLanes = 32;
    float s[kLanes] = {};
    auto term = [](float a, float b) { return kL1 ? std::fabs(a - b) : (a - b) * (a - b); };
    int j = 0;
    for (; j + kLanes <= d; j += kLanes)
      for (int l = 0; l < kLanes; ++l) s[l] += term(q[j + l], p[j + l]);
    for (int l = 0; j < d; ++j, ++l) s[l] += term(q[j], p[j]);
    for (int w = kLanes / 2; w >= 1; w /= 2)  // pairwise: lane l += lane l + w
      for (int l = 0; l < w; ++l) s[l] += s[l + w];
    return s[0];
  }

  // Calls fn(i, cand, k) for every query row i of x, in order: cand's first k entries are its k nearest
  // training points sorted by (distance, index); k is clamped to the training set size. L2 compares squared
  // distances. Queries go in blocks of kBlock, so each training row is read from memory once per block, not
  // once per query (a 6,000-image training split is 19 MB: one query at a time was memory-bound).
  template <class F>
  void for_each_neighbours(const Tensor& x, F&& fn) const {
    constexpr int kBlock = 8;
    const int m = x.dim(0), n = x_train_.dim(0), d = x_train_.dim(1);
    const int k = std::min(desc_.k, n);
    const bool l1 = desc_.distance == Distance::L1;
    std::vector<Cand> cand[kBlock];
    for (auto& c : cand) c.resize(static_cast<size_t>(n));
    for (int i0 = 0; i0 < m; i0 += kBlock) {
      const int b = std::min(kBlock, m - i0);
      const float* q = x.data() + static_cast<int64_t>(i0) * d;
      for (int t = 0; t < n; ++t) {
        const float* p = x_train_.data() + static_cast<int64_t>(t) * d;
        for (int j = 0; j < b; ++j)
          cand[j][static_cast<size_t>(t)] = {l1 ? distance<true>(q + static_cast<int64_t>(j) * d, p, d)
                                                : distance<false>(q + static_cast<int64_t>(j) * d, p, d), t};
      }
      for (int j = 0; j < b; ++j) {
        std::partial_sort(cand[j].begin(), cand[j].begin() + k, cand[j].end());
        fn(i0 + j, cand[j], k);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Classifier> make_knn(const ClassicDesc& desc) { return std::make_unique<KnnClassifier>(desc); }

}  // namespace gl::classic_detail
