// BatchNorm forward / backward. Per channel c over its M = N*S values:
//   train: mu = mean(x), var = mean((x-mu)^2) (biased), xhat = (x-mu)/sqrt(var+eps), y = gamma*xhat + beta
//          running_mean = (1-m)*running_mean + m*mu; running_var = (1-m)*running_var + m*var*M/(M-1)
//   eval:  xhat = (x - running_mean) / sqrt(running_var + eps)
//   backward, train: dx = gamma*inv_std/M * (M*dy - sum(dy) - xhat*sum(dy*xhat))
//             eval:  dx = gamma*inv_std*dy;   both: dgamma += sum(dy*xhat), dbeta += sum(dy)
#include "engine/layers/batch_norm.h"

#include <cmath>

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"

namespace gl {

BatchNorm::BatchNorm(const LayerDesc& desc, const Shape& in_shape)
    : in_shape_(in_shape), eps_(desc.bn_eps), momentum_(desc.bn_momentum) {
  NN_CHECK(in_shape.rank() >= 1 && in_shape.rank() <= 4, "batchnorm: expects input D, C x H x W or C x T x H x W, got ",
           in_shape.rank() ? in_shape.str() : std::string("a scalar"), " (rank ", in_shape.rank(), ")");
  for (int d : in_shape.dims) NN_CHECK(d > 0, "batchnorm: input ", in_shape.str(), " has a zero or negative size");
  NN_CHECK(eps_ > 0.0f, "batchnorm: eps must be positive, got ", eps_, " (input ", in_shape.str(), ")");
  NN_CHECK(momentum_ >= 0.0f && momentum_ <= 1.0f, "batchnorm: momentum must be in [0, 1], got ", momentum_,
           " (input ", in_shape.str(), ")");
  C_ = in_shape[0];
  S_ = in_shape.tail(1);
  for (Param* p : {&gamma_, &beta_}) {
    p->value = Tensor(Shape{C_});
    p->grad = Tensor(Shape{C_});
    p->decay = false;
  }
  gamma_.name = "gamma";
  beta_.name = "beta";
  running_mean_ = Tensor(Shape{C_});
  running_var_ = Tensor(Shape{C_});
  inv_std_ = Tensor(Shape{C_});
  gamma_.value.fill(1.0f);
  running_var_.fill(1.0f);
}

void BatchNorm::init_params(const InitDesc&, Rng&) {
  gamma_.value.fill(1.0f);
  beta_.value.zero();
  running_mean_.zero();
  running_var_.fill(1.0f);
}

std::vector<std::pair<std::string, const Tensor*>> BatchNorm::buffers() const {
  return {{"running_mean", &running_mean_}, {"running_var", &running_var_}};
}

void BatchNorm::forward(const Tensor& inp, Tensor& out, bool train) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "batchnorm: expected input N x ",
           in_shape_.str(), ", got ", inp.shape().str());
  n_ = inp.dim(0);
  train_ = train;
  const int64_t M = int64_t(n_) * S_;
  NN_CHECK(!train || M > 1, "batchnorm: training needs more than 1 value per channel, got input ",
           inp.shape().str());
  out.resize(inp.shape());
  xhat_.resize(inp.shape());
  const float* x = inp.data();
  for (int c = 0; c < C_; ++c) {
    double mu, var;
    if (train) {
      double s = 0, s2 = 0;
      for (int i = 0; i < n_; ++i) {
        const float* xc = x + (int64_t(i) * C_ + c) * S_;
        for (int64_t j = 0; j < S_; ++j) s += xc[j];
      }
      mu = s / double(M);
      for (int i = 0; i < n_; ++i) {
        const float* xc = x + (int64_t(i) * C_ + c) * S_;
        for (int64_t j = 0; j < S_; ++j) s2 += (xc[j] - mu) * (xc[j] - mu);
      }
      var = s2 / double(M);
      running_mean_[c] = static_cast<float>((1.0 - momentum_) * running_mean_[c] + momentum_ * mu);
      running_var_[c] =
          static_cast<float>((1.0 - momentum_) * running_var_[c] + momentum_ * var * double(M) / double(M - 1));
    } else {
      mu = running_mean_[c];
      var = running_var_[c];
    }
    const double inv_std = 1.0 / std::sqrt(var + double(eps_));
    inv_std_[c] = static_cast<float>(inv_std);
    const float g = gamma_.value[c], b = beta_.value[c];
    for (int i = 0; i < n_; ++i) {
      const int64_t off = (int64_t(i) * C_ + c) * S_;
      for (int64_t j = 0; j < S_; ++j) {
        const float xh = static_cast<float>((x[off + j] - mu) * inv_std);
        xhat_[off + j] = xh;
        out[off + j] = g * xh + b;
      }
    }
  }
}

void BatchNorm::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(has_sample_shape(dout, in_shape_) && dout.dim(0) == n_, "batchnorm: dout ", dout.shape().str(),
           " does not match output ", in_shape_.with_batch(n_).str(), " of the last forward");
  if (input_grad_) dinp.resize(dout.shape());
  const int64_t M = int64_t(n_) * S_;
  for (int c = 0; c < C_; ++c) {
    double sdy = 0, sdyx = 0;
    for (int i = 0; i < n_; ++i) {
      const int64_t off = (int64_t(i) * C_ + c) * S_;
      for (int64_t j = 0; j < S_; ++j) {
        sdy += dout[off + j];
        sdyx += double(dout[off + j]) * xhat_[off + j];
      }
    }
    gamma_.grad[c] += static_cast<float>(sdyx);
    beta_.grad[c] += static_cast<float>(sdy);
    if (!input_grad_) continue;
    const double k = double(gamma_.value[c]) * inv_std_[c];
    for (int i = 0; i < n_; ++i) {
      const int64_t off = (int64_t(i) * C_ + c) * S_;
      for (int64_t j = 0; j < S_; ++j) {
        if (train_)
          dinp[off + j] = static_cast<float>(k / double(M) * (double(M) * dout[off + j] - sdy - xhat_[off + j] * sdyx));
        else
          dinp[off + j] = static_cast<float>(k * dout[off + j]);
      }
    }
  }
}

}  // namespace gl
