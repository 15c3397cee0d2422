// The update rules, written element by element in float exactly as torch.optim does them (same operation
// order, so the goldens agree to float rounding), plus clipping and the closed-form lr schedules.
// Not here: anything that knows about models or batches.
#include "engine/optim/optimizer.h"

#include <cmath>

#include "engine/core/check.h"

namespace gl {

const char* optim_kind_name(OptimKind kind) {
  static const char* names[] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(OptimKind::Count));
  return names[static_cast<int>(kind)];
}

const char* schedule_kind_name(ScheduleKind kind) {
  static const char* names[] = {"constant", "step", "exponential", "cosine"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(ScheduleKind::Count));
  return names[static_cast<int>(kind)];
}

OptimDesc optim_defaults(OptimKind kind) {
  OptimDesc d;
  d.kind = kind;
  switch (kind) {
    case OptimKind::SGD: d.lr = 1e-2f; break;
    case OptimKind::Momentum: d.lr = 1e-2f; d.momentum = 0.9f; break;
    case OptimKind::Nesterov: d.lr = 1e-2f; d.momentum = 0.9f; d.nesterov = true; break;
    case OptimKind::AdaGrad: d.lr = 1e-2f; d.eps = 1e-10f; break;
    case OptimKind::RMSProp: d.lr = 1e-2f; d.alpha = 0.99f; d.eps = 1e-8f; break;
    case OptimKind::Adam: d.lr = 1e-3f; break;
    case OptimKind::AdamW: d.lr = 1e-3f; d.weight_decay = 1e-2f; break;
    case OptimKind::Count: break;
  }
  return d;
}

void Optimizer::set_desc(const OptimDesc& desc) {
  if (desc.kind != desc_.kind) reset();
  desc_ = desc;
}

void Optimizer::reset() {
  slots_.clear();
  t_ = 0;
}

std::vector<std::pair<const char*, const Tensor*>> Optimizer::state(int i) const {
  std::vector<std::pair<const char*, const Tensor*>> out;
  if (i < 0 || i >= static_cast<int>(slots_.size())) return out;
  const Slot& s = slots_[static_cast<size_t>(i)];
  switch (desc_.kind) {
    case OptimKind::SGD:
    case OptimKind::Momentum:
    case OptimKind::Nesterov:
      if (s.a.size() > 0) out.push_back({"momentum_buffer", &s.a});
      break;
    case OptimKind::AdaGrad: out.push_back({"sum", &s.a}); break;
    case OptimKind::RMSProp: out.push_back({"square_avg", &s.a}); break;
    case OptimKind::Adam:
    case OptimKind::AdamW:
      out.push_back({"exp_avg", &s.a});
      out.push_back({"exp_avg_sq", &s.b});
      break;
    case OptimKind::Count: break;
  }
  return out;
}

OptimState Optimizer::export_state() const {
  OptimState st;
  st.steps = t_;
  st.slots.resize(slots_.size());
  for (size_t i = 0; i < slots_.size(); ++i)
    for (const auto& [name, t] : state(static_cast<int>(i))) st.slots[i].push_back(*t);
  return st;
}

void Optimizer::import_state(const OptimState& st, const std::vector<Param*>& params) {
  const char* name = optim_kind_name(desc_.kind);
  NN_CHECK(st.steps >= 0, name, ": saved step count ", st.steps, " must be >= 0");
  NN_CHECK(st.slots.empty() || st.slots.size() == params.size(), name, ": saved state is for ", st.slots.size(),
           " params but the model has ", params.size());
  const bool sgd_family =
      desc_.kind == OptimKind::SGD || desc_.kind == OptimKind::Momentum || desc_.kind == OptimKind::Nesterov;
  const size_t want = desc_.kind == OptimKind::Adam || desc_.kind == OptimKind::AdamW ? 2 : 1;
  std::vector<Slot> slots(st.slots.size());
  for (size_t i = 0; i < st.slots.size(); ++i) {
    const std::vector<Tensor>& b = st.slots[i];
    const Param& p = *params[i];
    NN_CHECK(b.size() == want || (sgd_family && b.empty()), name, ": saved state of param ", i, " '", p.name,
             "' has ", b.size(), " buffers, expected ", want);
    for (const Tensor& t : b)
      NN_CHECK(t.size() == p.value.size(), name, ": saved state of param ", i, " '", p.name, "' has ", t.size(),
               " elements but the param has ", p.value.size(), " (", p.value.shape().str(), ")");
    if (!b.empty()) slots[i].a = b[0], slots[i].a.resize(p.value.shape());
    if (b.size() > 1) slots[i].b = b[1], slots[i].b.resize(p.value.shape());
  }
  slots_ = std::move(slots);
  t_ = st.steps;
}

namespace {

// Effective SGD-family settings after the Momentum / Nesterov kinds override the flags.
struct SgdCfg {
  float mu, damp;
  bool nesterov;
};
SgdCfg sgd_cfg(const OptimDesc& d) {
  SgdCfg c{d.momentum, d.dampening, d.nesterov};
  if (d.kind == OptimKind::Momentum || d.kind == OptimKind::Nesterov) {
    if (c.mu == 0.0f) c.mu = 0.9f;
    c.nesterov = d.kind == OptimKind::Nesterov;
  }
  return c;
}

}  // namespace

void Optimizer::step(const std::vector<Param*>& params, float lr) {
  const OptimDesc& d = desc_;
  const char* name = optim_kind_name(d.kind);
  NN_CHECK(std::isfinite(lr) && lr >= 0.0f, name, ": learning rate must be finite and >= 0, got ", lr);
  const SgdCfg sgd = sgd_cfg(d);
  const bool sgd_family = d.kind == OptimKind::SGD || d.kind == OptimKind::Momentum || d.kind == OptimKind::Nesterov;
  if (sgd_family) {
    NN_CHECK(sgd.mu >= 0.0f, name, ": momentum must be >= 0, got ", sgd.mu);
    NN_CHECK(!sgd.nesterov || (sgd.mu > 0.0f && sgd.damp == 0.0f), name,
             ": Nesterov momentum needs momentum > 0 and dampening 0 (got momentum ", sgd.mu, ", dampening ",
             sgd.damp, ")");
  }
  if (d.kind == OptimKind::Adam || d.kind == OptimKind::AdamW) {
    NN_CHECK(d.beta1 >= 0.0f && d.beta1 < 1.0f && d.beta2 >= 0.0f && d.beta2 < 1.0f, name,
             ": betas must be in [0, 1), got ", d.beta1, ", ", d.beta2);
  }

  // Bind state to this param list on the first step; afterwards the list must match.
  if (slots_.empty() && !params.empty()) {
    slots_.resize(params.size());
    const bool two = d.kind == OptimKind::Adam || d.kind == OptimKind::AdamW;
    for (size_t i = 0; i < params.size(); ++i) {
      Shape s = params[i]->value.shape();
      // The SGD momentum buffer is created on the first step that uses momentum (see below).
      if (!sgd_family) slots_[i].a = Tensor(s, 0.0f);
      if (two) slots_[i].b = Tensor(s, 0.0f);
    }
  }
  NN_CHECK(params.size() == slots_.size(), name, ": optimizer state is for ", slots_.size(),
           " params but step() got ", params.size(), " (call reset() after the model changes)");
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& p = *params[i];
    NN_CHECK(p.grad.size() == p.value.size(), name, ": param ", i, " '", p.name, "' value ", p.value.shape().str(),
             " vs grad ", p.grad.shape().str());
    const Slot& s = slots_[i];
    const int64_t want = s.a.size() > 0 ? s.a.size() : s.b.size();
    NN_CHECK(want == 0 || want == p.value.size(), name, ": param ", i, " '", p.name, "' has ", p.value.size(),
             " elements but the optimizer state has ", want, " (call reset() after the model changes)");
  }

  ++t_;  // PyTorch's per-param `step`, 1 on the first update
  const float wd = d.weight_decay;
  for (size_t i = 0; i < params.size(); ++i) {
    Param& p = *params[i];
    Slot& s = slots_[i];
    float* w = p.value.data();          // [n]
    const float* gr = p.grad.data();    // [n]
    const int64_t n = p.value.size();
    const float l2 = p.decay ? wd : 0.0f;
    switch (d.kind) {
      case OptimKind::SGD:
      case OptimKind::Momentum:
      case OptimKind::Nesterov: {
        // g = grad + wd*w;  b = g (t=1) or mu*b + (1-damp)*g;  g = nesterov ? g + mu*b : b;  w -= lr*g
        // PyTorch creates momentum_buffer as a copy of the first gradient that uses momentum.
        const bool fresh = sgd.mu != 0.0f && s.a.size() == 0;
        if (fresh) s.a = Tensor(p.value.shape(), 0.0f);
        float* b = s.a.data();
        for (int64_t j = 0; j < n; ++j) {
          float g = gr[j] + l2 * w[j];
          if (sgd.mu != 0.0f) {
            b[j] = fresh ? g : sgd.mu * b[j] + (1.0f - sgd.damp) * g;
            g = sgd.nesterov ? g + sgd.mu * b[j] : b[j];
          }
          w[j] -= lr * g;
        }
        break;
      }
      case OptimKind::AdaGrad: {
        // sum += g^2;  w -= lr * g / (sqrt(sum) + eps)
        float* acc = s.a.data();
        for (int64_t j = 0; j < n; ++j) {
          float g = gr[j] + l2 * w[j];
          acc[j] += g * g;
          w[j] -= lr * (g / (std::sqrt(acc[j]) + d.eps));
        }
        break;
      }
      case OptimKind::RMSProp: {
        // sq = alpha*sq + (1-alpha)*g^2;  w -= lr * g / (sqrt(sq) + eps)
        float* sq = s.a.data();
        for (int64_t j = 0; j < n; ++j) {
          float g = gr[j] + l2 * w[j];
          sq[j] = d.alpha * sq[j] + (1.0f - d.alpha) * g * g;
          w[j] -= lr * (g / (std::sqrt(sq[j]) + d.eps));
        }
        break;
      }
      case OptimKind::Adam:
      case OptimKind::AdamW: {
        // (AdamW: w *= 1 - lr*wd first; Adam: g += wd*w)
        // m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;
        // w -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
        float* m = s.a.data();
        float* v = s.b.data();
        const bool decoupled = d.kind == OptimKind::AdamW;
        const float bc1 = 1.0f - static_cast<float>(std::pow(static_cast<double>(d.beta1), static_cast<double>(t_)));
        const float bc2 = 1.0f - static_cast<float>(std::pow(static_cast<double>(d.beta2), static_cast<double>(t_)));
        const float step_size = lr / bc1;
        const float bc2_sqrt = std::sqrt(bc2);
        for (int64_t j = 0; j < n; ++j) {
          float g = gr[j];
          if (decoupled) {
            w[j] *= 1.0f - lr * l2;
          } else {
            g += l2 * w[j];
          }
          m[j] = d.beta1 * m[j] + (1.0f - d.beta1) * g;
          v[j] = d.beta2 * v[j] + (1.0f - d.beta2) * g * g;
          w[j] -= step_size * (m[j] / (std::sqrt(v[j]) / bc2_sqrt + d.eps));
        }
        break;
      }
      case OptimKind::Count: NN_CHECK(false, "optimizer: invalid kind"); break;
    }
  }
}

// ---- clipping ----------------------------------------------------------------------------------------

float grad_norm(const std::vector<Param*>& params) {
  double ss = 0.0;
  for (const Param* p : params) {
    for (float g : p->grad.vec()) ss += static_cast<double>(g) * g;
  }
  return static_cast<float>(std::sqrt(ss));
}

float clip_grad_norm(const std::vector<Param*>& params, float max_norm) {
  NN_CHECK(max_norm > 0.0f, "clip_grad_norm: max_norm must be > 0, got ", max_norm);
  const float norm = grad_norm(params);
  const float scale = max_norm / (norm + 1e-6f);
  if (scale < 1.0f) {
    for (Param* p : params) {
      for (float& g : p->grad.vec()) g *= scale;
    }
  }
  return norm;
}

float clip_grad_value(const std::vector<Param*>& params, float clip) {
  NN_CHECK(clip > 0.0f, "clip_grad_value: clip must be > 0, got ", clip);
  const float norm = grad_norm(params);
  for (Param* p : params) {
    for (float& g : p->grad.vec()) g = std::min(std::max(g, -clip), clip);
  }
  return norm;
}

// ---- schedules ---------------------------------------------------------------------------------------

namespace {
constexpr double kPi = 3.14159265358979323846;

double main_schedule(const ScheduleDesc& d, double base, int64_t t) {
  switch (d.kind) {
    case ScheduleKind::Constant: return base;
    case ScheduleKind::Step:
      NN_CHECK(d.step_size > 0, "lr schedule step: step_size must be > 0, got ", d.step_size);
      return base * std::pow(static_cast<double>(d.gamma), static_cast<double>(t / d.step_size));
    case ScheduleKind::Exponential: return base * std::pow(static_cast<double>(d.gamma), static_cast<double>(t));
    case ScheduleKind::Cosine:
      NN_CHECK(d.t_max > 0, "lr schedule cosine: t_max must be > 0, got ", d.t_max);
      // Closed form; PyTorch's recursive form follows the same curve (periodic past t_max).
      return d.eta_min + (base - d.eta_min) * (1.0 + std::cos(kPi * static_cast<double>(t) / d.t_max)) / 2.0;
    case ScheduleKind::Count: break;
  }
  NN_CHECK(false, "lr schedule: invalid kind");
  return base;
}
}  // namespace

float lr_at(const ScheduleDesc& d, float base_lr, int64_t step) {
  NN_CHECK(step >= 0, "lr_at: step must be >= 0, got ", step);
  NN_CHECK(d.warmup_steps >= 0, "lr schedule: warmup_steps must be >= 0, got ", d.warmup_steps);
  const double base = base_lr;
  if (step < d.warmup_steps) {
    const double f0 = d.warmup_start_factor;
    return static_cast<float>(base * (f0 + (1.0 - f0) * static_cast<double>(step) / d.warmup_steps));
  }
  return static_cast<float>(main_schedule(d, base, step - d.warmup_steps));
}

}  // namespace gl
