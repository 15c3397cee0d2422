// Linear classifiers, scores = X W + b: the multiclass SVM (CS231n's hinge form) and softmax, trained by
// minibatch steps of any engine/optim optimizer on W (D x C) and b (C). Forward and backward side by side in
// linear_loss_grad. Not here: kernels, one-vs-rest SVMs, or a closed-form solver.
#include <algorithm>
#include <cmath>

#include "engine/classic/classic_detail.h"
#include "engine/core/check.h"
#include "engine/core/rng.h"
#include "engine/ops/gemm.h"

namespace gl {

float linear_loss_grad(ClassicKind kind, const Tensor& x, const std::vector<int>& y, const Tensor& w,
                       const Tensor& b, float reg, float margin, Tensor& scores, Tensor& dscores, Tensor& dw,
                       Tensor& db) {
  const char* name = classic_kind_name(kind);
  NN_CHECK(kind == ClassicKind::SVM || kind == ClassicKind::Softmax, name, ": not a linear classifier");
  NN_CHECK(x.rank() == 2 && w.rank() == 2 && x.dim(1) == w.dim(0) && b.size() == w.dim(1) &&
               static_cast<int64_t>(y.size()) == x.dim(0) && x.dim(0) > 0,
           name, ": loss shapes x ", x.shape().str(), ", w ", w.shape().str(), ", b ", b.shape().str(), ", ",
           y.size(), " labels");
  const int B = x.dim(0), D = x.dim(1), C = w.dim(1);
  scores.resize(Shape{B, C});   // B x C
  dscores.resize(Shape{B, C});  // B x C
  // scores = x w + b
  gemm(Trans::No, Trans::No, B, C, D, 1.0f, x.data(), D, w.data(), C, 0.0f, scores.data(), C);
  for (int i = 0; i < B; ++i) {
    for (int j = 0; j < C; ++j) scores[static_cast<int64_t>(i) * C + j] += b[j];
  }
  double loss = 0.0;
  const float inv_b = 1.0f / static_cast<float>(B);
  for (int i = 0; i < B; ++i) {
    const float* s = scores.data() + static_cast<int64_t>(i) * C;
    float* ds = dscores.data() + static_cast<int64_t>(i) * C;
    const int yi = y[static_cast<size_t>(i)];
    NN_CHECK(yi >= 0 && yi < C, name, ": label ", yi, " at row ", i, " outside [0, ", C, ")");
    if (kind == ClassicKind::SVM) {
      // L_i = sum_{j != y} max(0, s_j - s_y + margin);  dL/ds_j = 1[margin_j > 0], dL/ds_y = -#positive margins
      int positive = 0;
      for (int j = 0; j < C; ++j) {
        ds[j] = 0.0f;
        if (j == yi) continue;
        const float m = s[j] - s[yi] + margin;
        if (m > 0.0f) {
          loss += m;
          ds[j] = inv_b;
          ++positive;
        }
      }
      ds[yi] = -static_cast<float>(positive) * inv_b;
    } else {
      // p = softmax(s) (shifted by max s for stability);  L_i = log(sum_j e^{s_j - max}) - (s_y - max);
      // dL/ds = p - onehot(y)
      const float mx = *std::max_element(s, s + C);
      double sum = 0.0;
      for (int j = 0; j < C; ++j) sum += std::exp(static_cast<double>(s[j] - mx));
      loss += std::log(sum) - static_cast<double>(s[yi] - mx);
      for (int j = 0; j < C; ++j) {
        const float p = static_cast<float>(std::exp(static_cast<double>(s[j] - mx)) / sum);
        ds[j] = (p - (j == yi ? 1.0f : 0.0f)) * inv_b;
      }
    }
  }
  loss /= B;
  // dw = x^T dscores + reg * w;  db = column sums of dscores;  loss += 0.5 * reg * |w|^2
  dw.resize(w.shape());
  db.resize(b.shape());
  gemm(Trans::Yes, Trans::No, D, C, B, 1.0f, x.data(), D, dscores.data(), C, 0.0f, dw.data(), C);
  double w2 = 0.0;
  for (int64_t i = 0; i < w.size(); ++i) {
    w2 += static_cast<double>(w[i]) * w[i];
    dw[i] += reg * w[i];
  }
  loss += 0.5 * reg * w2;
  db.zero();
  for (int i = 0; i < B; ++i) {
    for (int j = 0; j < C; ++j) db[j] += dscores[static_cast<int64_t>(i) * C + j];
  }
  return static_cast<float>(loss);
}

namespace classic_detail {
namespace {

class LinearClassifier final : public Classifier {
 public:
  explicit LinearClassifier(const ClassicDesc& desc) : Classifier(desc), opt_(desc.optim) { check_desc(); }
  ClassicKind kind() const override { return desc_.kind; }

  int train_steps(int n) override {
    NN_CHECK(fitted(), classic_kind_name(kind()), ": train_steps before fit()");
    const int N = x_train_.dim(0), D = x_train_.dim(1);
    const int B = desc_.batch_size <= 0 ? N : std::min(desc_.batch_size, N);
    xb_.resize(Shape{B, D});  // B x D
    yb_.resize(static_cast<size_t>(B));
    const std::vector<Param*> ps{&w_, &b_};
    for (int s = 0; s < n; ++s) {
      if (pos_ + B > N) {  // next epoch: fresh order
        shuffle();
        pos_ = 0;
      }
      for (int r = 0; r < B; ++r) {
        const int src = order_[static_cast<size_t>(pos_ + r)];
        std::copy_n(x_train_.data() + static_cast<int64_t>(src) * D, D, xb_.data() + static_cast<int64_t>(r) * D);
        yb_[static_cast<size_t>(r)] = y_train_[static_cast<size_t>(src)];
      }
      pos_ += B;
      last_loss_ = linear_loss_grad(kind(), xb_, yb_, w_.value, b_.value, desc_.reg, desc_.margin, scores_,
                                    dscores_, w_.grad, b_.grad);
      opt_.step(ps);
      ++steps_;
    }
    return n > 0 ? n : 0;
  }

  void predict_scores(const Tensor& x, Tensor& scores) const override {
    NN_CHECK(fitted(), classic_kind_name(kind()), ": predict before fit()");
    check_input(x, "x");
    const int m = x.dim(0), D = x.dim(1), C = num_classes_;
    scores.resize(Shape{m, C});  // M x C
    gemm(Trans::No, Trans::No, m, C, D, 1.0f, x.data(), D, w_.value.data(), C, 0.0f, scores.data(), C);
    for (int i = 0; i < m; ++i) {
      float* s = scores.data() + static_cast<int64_t>(i) * C;
      for (int j = 0; j < C; ++j) s[j] += b_.value[j];
      if (kind() == ClassicKind::Softmax) {
        const float mx = *std::max_element(s, s + C);
        float sum = 0.0f;
        for (int j = 0; j < C; ++j) sum += (s[j] = std::exp(s[j] - mx));
        for (int j = 0; j < C; ++j) s[j] /= sum;
      }
    }
  }

  const Tensor* weights() const override { return fitted() ? &w_.value : nullptr; }
  const Tensor* bias() const override { return fitted() ? &b_.value : nullptr; }

 private:
  void check_desc() const {
    const char* name = classic_kind_name(desc_.kind);
    NN_CHECK(desc_.reg >= 0.0f && std::isfinite(desc_.reg), name, ": reg must be >= 0, got ", desc_.reg);
    NN_CHECK(std::isfinite(desc_.init_scale), name, ": init_scale must be finite, got ", desc_.init_scale);
  }
  void on_set_desc() override {
    check_desc();
    opt_.set_desc(desc_.optim);
  }

  void on_fit() override {
    const int D = x_train_.dim(1), C = num_classes_;
    Rng rng(desc_.seed);
    w_.name = "weight";
    w_.value.resize(Shape{D, C});  // D x C
    for (float& v : w_.value.vec()) v = desc_.init_scale * rng.normal();
    w_.grad = Tensor(Shape{D, C}, 0.0f);
    w_.decay = true;
    b_.name = "bias";
    b_.value = Tensor(Shape{C}, 0.0f);
    b_.grad = Tensor(Shape{C}, 0.0f);
    b_.decay = false;
    opt_.set_desc(desc_.optim);
    opt_.reset();
    shuffle_rng_.reseed(desc_.seed ^ 0x5DEECE66Dull);
    order_.resize(static_cast<size_t>(x_train_.dim(0)));
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
    pos_ = static_cast<int>(order_.size());  // shuffle before the first batch
  }

  void shuffle() {  // Fisher-Yates with the engine's deterministic RNG
    for (size_t i = order_.size(); i > 1; --i) {
      std::swap(order_[i - 1], order_[shuffle_rng_.below(static_cast<uint32_t>(i))]);
    }
  }

  Param w_, b_;  // D x C, C
  Optimizer opt_;
  Rng shuffle_rng_;
  std::vector<int> order_;
  int pos_ = 0;
  Tensor xb_, scores_, dscores_;  // B x D, B x C, B x C
  std::vector<int> yb_;
};

}  // namespace

std::unique_ptr<Classifier> make_linear(const ClassicDesc& desc) {
  return std::make_unique<LinearClassifier>(desc);
}

}  // namespace classic_detail
}  // namespace gl
