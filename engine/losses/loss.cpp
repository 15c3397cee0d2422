// Losses (see loss.h). Scores are viewed as R x C rows (C = last axis, R = size / C) so N x C and N x T x C
// both work; class targets hold one index per row. Means are over rows (CE, SVM) or all elements (MSE, BCE).
//   softmax CE: L = mean_r [ logsumexp(s_r) - s_r,y ],          dS = (softmax(s_r) - onehot(y)) / R
//   SVM:        L = mean_r sum_{j!=y} max(0, s_j - s_y + m),    dS_j = [margin_j > 0] / R, dS_y = -count / R
//   MSE:        L = mean (s - t)^2,                              dS = 2 (s - t) / numel
//   BCE logits: L = mean max(s,0) - s t + log(1 + e^-|s|),       dS = (sigmoid(s) - t) / numel
#include "engine/losses/loss.h"

#include <cmath>

#include "engine/core/check.h"

namespace gl {

const char* loss_kind_name(LossKind k) {
  static const char* names[] = {"softmax", "svm", "mse", "bce"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(LossKind::Count));
  return names[static_cast<int>(k)];
}

namespace {
struct Rows {
  int64_t R, C;
};
// Rows of a class-score tensor and a check that targets hold one valid class index per row.
Rows class_rows(const char* what, const Tensor& scores, const Tensor& targets) {
  NN_CHECK(scores.rank() >= 2 && scores.size() > 0, what, ": scores must be N x C, got ",
           scores.rank() ? scores.shape().str() : std::string("a scalar"));
  const int64_t C = scores.dim(scores.rank() - 1), R = scores.size() / C;
  NN_CHECK(targets.size() == R, what, ": ", R, " rows of scores ", scores.shape().str(), " but targets ",
           targets.shape().str(), " hold ", targets.size(), " class indices");
  for (int64_t r = 0; r < R; ++r) {
    const float t = targets[r];
    NN_CHECK(t >= 0.0f && t < float(C) && t == std::floor(t), what, ": target ", t, " at row ", r,
             " is not a class index in [0, ", C, ") (scores ", scores.shape().str(), ")");
  }
  return {R, C};
}
}  // namespace

float loss_forward_backward(const LossDesc& desc, const Tensor& scores, const Tensor& targets, Tensor& dscores) {
  const char* what = loss_kind_name(desc.kind);
  dscores.resize(scores.shape());
  double total = 0.0;
  switch (desc.kind) {
    case LossKind::SoftmaxCE: {
      const Rows rc = class_rows(what, scores, targets);
      for (int64_t r = 0; r < rc.R; ++r) {
        const float* s = scores.data() + r * rc.C;
        float* d = dscores.data() + r * rc.C;
        float mx = s[0];
        for (int64_t j = 1; j < rc.C; ++j) mx = std::max(mx, s[j]);
        double z = 0.0;
        for (int64_t j = 0; j < rc.C; ++j) z += std::exp(double(s[j]) - mx);
        const int64_t y = static_cast<int64_t>(targets[r]);
        total += std::log(z) + mx - s[y];
        for (int64_t j = 0; j < rc.C; ++j)
          d[j] = static_cast<float>((std::exp(double(s[j]) - mx) / z - (j == y ? 1.0 : 0.0)) / double(rc.R));
      }
      return static_cast<float>(total / double(rc.R));
    }
    case LossKind::SVM: {
      const Rows rc = class_rows(what, scores, targets);
      NN_CHECK(std::isfinite(desc.margin) && desc.margin >= 0.0f, what, ": margin must be finite and >= 0, got ",
               desc.margin);
      for (int64_t r = 0; r < rc.R; ++r) {
        const float* s = scores.data() + r * rc.C;
        float* d = dscores.data() + r * rc.C;
        const int64_t y = static_cast<int64_t>(targets[r]);
        int count = 0;
        for (int64_t j = 0; j < rc.C; ++j) {
          d[j] = 0.0f;
          if (j == y) continue;
          const double m = double(s[j]) - s[y] + desc.margin;
          if (m > 0.0) {  // exactly zero margin: no loss, no gradient
            total += m;
            d[j] = static_cast<float>(1.0 / double(rc.R));
            ++count;
          }
        }
        d[y] = static_cast<float>(-count / double(rc.R));
      }
      return static_cast<float>(total / double(rc.R));
    }
    case LossKind::MSE:
    case LossKind::BCEWithLogits: {
      NN_CHECK(scores.size() > 0 && targets.size() == scores.size(), what, ": targets ", targets.shape().str(),
               " must have as many elements as scores ", scores.shape().str());
      const double inv = 1.0 / double(scores.size());
      for (int64_t i = 0; i < scores.size(); ++i) {
        const double s = scores[i], t = targets[i];
        if (desc.kind == LossKind::MSE) {
          total += (s - t) * (s - t);
          dscores[i] = static_cast<float>(2.0 * (s - t) * inv);
        } else {
          total += std::max(s, 0.0) - s * t + std::log1p(std::exp(-std::fabs(s)));
          const double e = std::exp(-std::fabs(s));
          const double sig = s >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
          dscores[i] = static_cast<float>((sig - t) * inv);
        }
      }
      return static_cast<float>(total * inv);
    }
    case LossKind::Count: break;
  }
  NN_CHECK(false, "loss: unknown loss kind ", static_cast<int>(desc.kind), " (scores ", scores.shape().str(), ")");
  return 0.0f;
}

float l2_penalty(const std::vector<Param*>& params, float lambda, bool add_grad) {
  double sum = 0.0;
  for (Param* p : params) {
    if (!p->decay) continue;
    for (int64_t i = 0; i < p->value.size(); ++i) {
      const float w = p->value[i];
      sum += double(w) * w;
      if (add_grad) p->grad[i] += lambda * w;
    }
  }
  return static_cast<float>(0.5 * double(lambda) * sum);
}

// Rows with C > 1: argmax (first maximum on ties) == target. Single-output rows (C == 1, binary logits):
// predicted class is [score > 0].
float accuracy(const Tensor& scores, const Tensor& targets) {
  NN_CHECK(scores.rank() >= 2 && scores.size() > 0, "accuracy: scores must be N x C, got ",
           scores.rank() ? scores.shape().str() : std::string("a scalar"));
  const int64_t C = scores.dim(scores.rank() - 1), R = scores.size() / C;
  NN_CHECK(targets.size() == R, "accuracy: ", R, " rows of scores ", scores.shape().str(), " but targets ",
           targets.shape().str());
  int64_t correct = 0;
  for (int64_t r = 0; r < R; ++r) {
    const float* s = scores.data() + r * C;
    int64_t pred = 0;
    if (C == 1) {
      pred = s[0] > 0.0f ? 1 : 0;
    } else {
      for (int64_t j = 1; j < C; ++j)
        if (s[j] > s[pred]) pred = j;
    }
    correct += static_cast<float>(pred) == targets[r] ? 1 : 0;
  }
  return static_cast<float>(double(correct) / double(R));
}

}  // namespace gl
