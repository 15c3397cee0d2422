// Losses on a batch of scores. Each returns the mean data loss over the batch and writes dscores, the
// gradient of that mean w.r.t. the scores. The L2 penalty is NOT included: it is reported separately
// (see l2_penalty) so a student sees data loss and regularization loss apart.
#pragma once
#include <vector>

#include "engine/core/tensor.h"
#include "engine/layers/layer.h"

namespace gl {

enum class LossKind {
  SoftmaxCE,      // scores N x C, targets N class indices (stored as floats)
  SVM,            // multiclass hinge, sum_j!=y max(0, s_j - s_y + margin), mean over N
  MSE,            // mean over all N x D elements of (s - t)^2 (PyTorch's reduction='mean')
  BCEWithLogits,  // mean over N x D of BCE(sigmoid(s), t), computed stably
  Count
};

struct LossDesc {
  LossKind kind = LossKind::SoftmaxCE;
  float margin = 1.0f;  // SVM
};

float loss_forward_backward(const LossDesc& desc, const Tensor& scores, const Tensor& targets, Tensor& dscores);

// 0.5 * lambda * sum of squares over params with decay=true (the CS231n convention); adds lambda * w to
// their grads when add_grad is set.
float l2_penalty(const std::vector<Param*>& params, float lambda, bool add_grad);

// Fraction of rows whose argmax equals the target class (classification losses only).
float accuracy(const Tensor& scores, const Tensor& targets);

const char* loss_kind_name(LossKind k);

}  // namespace gl
