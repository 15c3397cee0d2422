// detect_stall (stall.h). Three signs, each alone is weak, together they name the cause:
//   zero gradients: every step's global gradient norm in the window is below desc.zero_grad;
//   dead units: a ReLU layer whose units (features or channels) are <= 0 for every sample of the last batch;
//   frozen weights: layers whose weight gradient norm (last per-layer statistics) is below desc.zero_grad;
//   at chance: batch accuracy within 0.1 of 1 / classes, no downward trend of the loss (second half of the
//   window not lower than the first) and, for softmax, a mean loss not below (1 - chance_tol) ln(classes).
// A run is stalled when all gradients are zero, or when it is at chance with dead units or frozen weights
// (an oscillating output bias can keep the global norm up while nothing below it learns).
#include "engine/train/stall.h"

#include <algorithm>
#include <cmath>

#include "engine/layers/activation.h"

namespace gl {

namespace {

struct Window {
  float loss_first = 0, loss_second = 0, acc = 0, max_grad = 0;
  int64_t steps = 0;
};

Window read_window(const Trainer& t, int64_t window_steps) {
  Window w;
  const auto& h = t.history();
  const int64_t stride = std::max<int64_t>(1, t.history_stride());
  const size_t n = std::min(h.size(), static_cast<size_t>(std::max<int64_t>(2, window_steps / stride)));
  const size_t from = h.size() - n, half = from + n / 2;
  double l1 = 0, l2 = 0, acc = 0;
  for (size_t i = from; i < h.size(); ++i) {
    (i < half ? l1 : l2) += h[i].loss_data;
    acc += h[i].acc_batch;
    w.max_grad = std::max(w.max_grad, h[i].grad_norm);
  }
  w.loss_first = static_cast<float>(l1 / static_cast<double>(half - from));
  w.loss_second = static_cast<float>(l2 / static_cast<double>(h.size() - half));
  w.acc = static_cast<float>(acc / static_cast<double>(n));
  w.steps = static_cast<int64_t>(n) * stride;
  return w;
}

// Units of a ReLU output (N x D: D features; N x C x ...: C channels) that are <= 0 for every sample.
std::pair<int, int> dead_units(const Tensor& a) {
  if (a.rank() < 2 || a.dim(0) == 0) return {0, 0};
  const int N = a.dim(0), U = a.dim(1);
  const int64_t per_unit = a.shape().tail(2), per_sample = a.shape().tail(1);
  int dead = 0;
  for (int u = 0; u < U; ++u) {
    bool alive = false;
    for (int n = 0; n < N && !alive; ++n) {
      const float* p = a.data() + n * per_sample + u * per_unit;
      for (int64_t k = 0; k < per_unit && !alive; ++k) alive = p[k] > 0.0f;
    }
    dead += !alive;
  }
  return {dead, U};
}

}  // namespace

StallReport detect_stall(Trainer& t, const StallDesc& desc) {
  StallReport r;
  r.step = t.steps();
  if (t.diverged() || t.steps() < desc.min_steps || t.history().size() < 2) return r;
  const Window w = read_window(t, desc.window_steps);

  const bool zero_grad = w.max_grad < desc.zero_grad;
  if (zero_grad)
    r.signs.push_back(str_cat("the gradient norm stayed below ", fmt_g(desc.zero_grad), " for the last ", w.steps,
                              " steps (largest ", fmt_g(w.max_grad), ")"));

  Model& m = t.model();
  bool dead_layer = false;
  for (int i = 0; i < m.num_layers(); ++i) {
    const auto* act = dynamic_cast<const Activation*>(&m.layer(i));
    if (!act || act->act() != ActKind::ReLU) continue;
    auto [dead, units] = dead_units(m.activation(i));
    if (units == 0 || dead < desc.dead_fraction * static_cast<float>(units)) continue;
    dead_layer = true;
    r.signs.push_back(str_cat(dead, " of ", units, " units of the ReLU on spec row ", m.layer_row(i),
                              " output 0 for every sample (dead)"));
  }

  // Weights that receive no gradient (the last per-layer statistics): below a dead layer nothing learns.
  std::vector<int> frozen_rows;
  for (const LayerStats& st : t.layer_stats())
    if (st.has_params && st.grad_norm < desc.zero_grad &&
        (frozen_rows.empty() || frozen_rows.back() != st.row))
      frozen_rows.push_back(st.row);
  if (!frozen_rows.empty() && !zero_grad) {
    std::string rows;
    for (size_t i = 0; i < frozen_rows.size(); ++i) rows += str_cat(i ? ", " : "", frozen_rows[i]);
    r.signs.push_back(str_cat("the weights of spec row", frozen_rows.size() > 1 ? "s " : " ", rows,
                              " get no gradient (norm < ", fmt_g(desc.zero_grad), ")"));
  }

  const Dataset& ds = t.data();
  bool at_chance = false;
  if (ds.is_classification()) {
    // At chance: batch accuracy near 1 / classes, no downward trend, and (softmax) the loss not below ln k.
    const float k = static_cast<float>(ds.num_classes), chance = std::log(k);
    const float mean = 0.5f * (w.loss_first + w.loss_second);
    const bool softmax = t.model().loss().kind == LossKind::SoftmaxCE;
    at_chance = w.acc <= 1.0f / k + 0.1f && w.loss_second >= w.loss_first - 0.01f * chance &&
                (!softmax || mean >= (1.0f - desc.chance_tol) * chance);
    if (at_chance)
      r.signs.push_back(str_cat("the batch accuracy has stayed at chance (", fmt_g(w.acc), " for ", ds.num_classes,
                                " classes) with the loss not going down (", fmt_g(w.loss_first), " -> ",
                                fmt_g(w.loss_second), softmax ? str_cat(", chance ln ", ds.num_classes, " = ", fmt_g(chance)) : "",
                                ") for the last ", w.steps, " steps"));
  }

  r.stalled = zero_grad || (at_chance && (dead_layer || !frozen_rows.empty()));
  if (!r.stalled) {
    r.signs.clear();
    return r;
  }
  std::string seen;
  for (size_t i = 0; i < r.signs.size(); ++i) seen += (i ? "; " : "") + r.signs[i];
  const std::string cause =
      dead_layer ? str_cat("the ReLUs died: early steps at learning rate ", fmt_g(t.lr()),
                           " pushed their inputs below 0 for every sample, so no gradient reaches them and the "
                           "network outputs the same scores for every input; lower the learning rate (or use "
                           "LEAKYRELU, or a smaller init) and reset")
                 : "nothing reaches the weights (saturated units or a network that outputs a constant); the learning "
                   "rate may be too high or too low; change it and reset";
  r.message = str_cat("Stalled at step ", t.steps(), ": ", seen, ". Likely: ", cause, ".");
  return r;
}

}  // namespace gl
