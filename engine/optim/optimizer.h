// First-order optimizers over a list of Params (SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW) with
// PyTorch's exact update rules and defaults, gradient clipping, and learning-rate schedules as a pure function
// lr_at(step). Not here: the training loop (engine/session), second-order methods, per-group options.
//
// CS231n's notes write momentum as  v = mu*v - lr*g;  w += v.  PyTorch (and GradLab) use  b = mu*b + g;
// w -= lr*b.  The two are identical while lr is constant (v = -lr*b); they differ when the lr changes
// mid-run (PyTorch's velocity is lr-free, so a schedule rescales the whole step at once). We implement
// PyTorch's form so the golden tests match torch.optim step for step.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/check.h"  // EngineError, thrown by the functions below
#include "engine/core/tensor.h"
#include "engine/layers/layer.h"

namespace gl {

enum class OptimKind {
  SGD,       // torch.optim.SGD; uses momentum / nesterov / dampening if set (so SGD with momentum=0.9 works too)
  Momentum,  // SGD with heavy-ball momentum (nesterov forced off)
  Nesterov,  // SGD with Nesterov momentum (nesterov forced on)
  AdaGrad,   // torch.optim.Adagrad (lr_decay 0, initial accumulator 0)
  RMSProp,   // torch.optim.RMSprop (not centered, no momentum)
  Adam,      // torch.optim.Adam (amsgrad off); weight_decay is coupled L2 added to the gradient
  AdamW,     // torch.optim.AdamW: decoupled decay, w *= 1 - lr*wd before the Adam step
  Count
};

// Zero-argument defaults are SGD's; optim_defaults(kind) gives PyTorch's defaults for a kind (eps differs:
// AdaGrad 1e-10, others 1e-8; lr: Adam/AdamW 1e-3, AdaGrad/RMSProp 1e-2; AdamW weight_decay 1e-2).
struct OptimDesc {
  OptimKind kind = OptimKind::SGD;
  float lr = 1e-2f;
  float momentum = 0.0f;   // SGD / Momentum / Nesterov: mu (Momentum and Nesterov use 0.9 if left at 0)
  float dampening = 0.0f;  // SGD family: b = mu*b + (1 - dampening)*g  (PyTorch's; 0 by default)
  bool nesterov = false;   // SGD only; the Momentum / Nesterov kinds override it
  float beta1 = 0.9f, beta2 = 0.999f;  // Adam, AdamW
  float alpha = 0.99f;     // RMSProp decay rate (CS231n's "decay_rate", Hinton's rho)
  float eps = 1e-8f;
  // L2 weight decay. Applies ONLY to params with Param::decay == true (weights; not biases or BN params),
  // whereas PyTorch applies a group's weight_decay to every param in the group. Coupled (g += wd*w) for all
  // kinds except AdamW (decoupled). Equivalent to CS231n's 0.5*wd*|w|^2 penalty: do not also add l2_penalty's
  // gradient, or the decay counts twice.
  float weight_decay = 0.0f;
};

OptimDesc optim_defaults(OptimKind kind);
const char* optim_kind_name(OptimKind kind);  // "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"

// The whole optimizer state, for run files: the step count and, per param, the buffers state(i) names in
// that order (copies). slots is empty before the first step.
struct OptimState {
  int64_t steps = 0;
  std::vector<std::vector<Tensor>> slots;
};

// Holds per-param state (moment buffers), allocated on the first step for the params it is given and reused
// afterwards. The list passed to step() must keep the same count and sizes until reset(); otherwise step()
// throws EngineError naming the param and both sizes.
class Optimizer {
 public:
  Optimizer() = default;
  explicit Optimizer(const OptimDesc& desc) : desc_(desc) {}

  // Changing the kind resets the state; changing only hyper-parameters (lr, betas...) keeps it.
  void set_desc(const OptimDesc& desc);
  const OptimDesc& desc() const { return desc_; }

  // One update of every param from its grad, with lr = desc().lr or the given lr (from a schedule).
  void step(const std::vector<Param*>& params) { step(params, desc_.lr); }
  void step(const std::vector<Param*>& params, float lr);

  // Forgets moments and the step count (the next step is step 1 again, as with a fresh torch optimizer).
  void reset();
  int64_t steps_taken() const { return t_; }

  // State buffers of param i, for the inspector: names depend on the kind ("momentum_buffer", "sum",
  // "square_avg", "exp_avg", "exp_avg_sq"); empty before the first step.
  std::vector<std::pair<const char*, const Tensor*>> state(int i) const;

  OptimState export_state() const;
  // Replaces the state with st for these params (the ones later passed to step()). Throws EngineError naming
  // the param and both sizes when the param count, a buffer count (per state(i)'s names) or a size differs.
  void import_state(const OptimState& st, const std::vector<Param*>& params);

 private:
  struct Slot {
    Tensor a, b;  // kind-dependent: momentum_buffer | sum | square_avg | exp_avg (a) and exp_avg_sq (b)
  };
  OptimDesc desc_;
  std::vector<Slot> slots_;
  int64_t t_ = 0;
};

// ---- gradient clipping (both return the global L2 norm of all grads BEFORE clipping) ------------------
// torch.nn.utils.clip_grad_norm_: scale = max_norm / (norm + 1e-6); grads *= scale when scale < 1.
float clip_grad_norm(const std::vector<Param*>& params, float max_norm);
// torch.nn.utils.clip_grad_value_: every grad element clamped to [-clip, clip].
float clip_grad_value(const std::vector<Param*>& params, float clip);
float grad_norm(const std::vector<Param*>& params);

// ---- learning-rate schedules --------------------------------------------------------------------------
enum class ScheduleKind {
  Constant,     // lr
  Step,         // StepLR:        lr * gamma^floor(t / step_size)
  Exponential,  // ExponentialLR: lr * gamma^t
  Cosine,       // CosineAnnealingLR: eta_min + (lr - eta_min) * (1 + cos(pi * t / t_max)) / 2
  Count
};

struct ScheduleDesc {
  ScheduleKind kind = ScheduleKind::Constant;
  int step_size = 10;    // Step
  float gamma = 0.1f;    // Step, Exponential
  int t_max = 100;       // Cosine
  float eta_min = 0.0f;  // Cosine
  // Linear warm-up first (PyTorch: SequentialLR([LinearLR(start_factor, total_iters=warmup_steps), main],
  // milestones=[warmup_steps])): lr * (f0 + (1 - f0) * t / warmup_steps) for t < warmup_steps, then the
  // schedule above restarted at t - warmup_steps. 0 = no warm-up.
  int warmup_steps = 0;
  float warmup_start_factor = 0.1f;
};

// Learning rate used by optimizer step number `step` (0-based: the lr of the first step is lr_at(d, lr, 0)),
// i.e. the value of optimizer.param_groups[0]['lr'] after `step` calls of scheduler.step() in PyTorch.
float lr_at(const ScheduleDesc& desc, float base_lr, int64_t step);
const char* schedule_kind_name(ScheduleKind kind);  // "constant", "step", "exponential", "cosine"

}  // namespace gl
