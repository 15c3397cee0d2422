// Trainer and RunGroup (see trainer.h): seeded mini-batch order, one optimizer step at a time, periodic
// evaluation, per-layer statistics and divergence detection. Determinism: the same spec, data, desc and seed
// give bit-identical losses, because every random draw comes from seeded Rngs and the order of float
// operations does not depend on timing (train_for only decides how many steps run, never what they compute).
#include "engine/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "engine/core/check.h"
#include "engine/core/clock.h"
#include "engine/layers/dropout.h"
#include "engine/layers/recurrent.h"
#include "engine/model/summary.h"

namespace gl {

namespace {

constexpr uint64_t kOrderSeedSalt = 0x6f72646572ull;  // "order": batch order independent of the init stream
constexpr int kEvalBatch = 256;
// Evaluation batches are smaller for models with large activations (3D convs on clips): every layer's output
// is kept, so an eval batch of 256 clips of 3 x 8 x 64 x 64 would need 1.4 GiB. An eval batch holds at most
// this many activation bytes, or the training batch (whose buffers exist anyway), whichever is larger.
constexpr int64_t kEvalActivationBytes = int64_t{64} << 20;

}  // namespace

int eval_batch_size(const Model& m, int train_batch) {
  int64_t floats = m.input_shape().numel();  // per sample: the input copy and every layer's output
  for (int i = 0; i < m.num_layers(); ++i) floats += m.layer(i).output_shape().numel();
  const int64_t fit = kEvalActivationBytes / std::max<int64_t>(1, 4 * floats);
  return static_cast<int>(std::clamp<int64_t>(std::max<int64_t>(fit, train_batch), 1, kEvalBatch));
}

namespace {
const float kNaN = std::numeric_limits<float>::quiet_NaN();


// Copies rows idx[0..n) of an N x ... tensor into out (n x ...).
void gather_rows(const Tensor& src, const int* idx, int n, Tensor& out) {
  const int64_t per = src.shape().tail(1);
  out.resize(src.shape().drop_batch().with_batch(n));
  for (int i = 0; i < n; ++i) std::copy_n(src.data() + idx[i] * per, per, out.data() + i * per);
}

// Copies rows [from, from + n) of an N x ... tensor into out.
void slice_rows(const Tensor& src, int from, int n, Tensor& out) {
  const int64_t per = src.shape().tail(1);
  out.resize(src.shape().drop_batch().with_batch(n));
  std::copy_n(src.data() + from * per, n * per, out.data());
}

}  // namespace

TrainerState Trainer::save_state() const {
  TrainerState st;
  st.step = step_;
  st.epoch = epoch_;
  st.first_loss = first_loss_;
  st.diverged = state_ == RunState::Diverged;
  st.message = message_;
  st.order = order_;
  st.cursor = static_cast<int64_t>(cursor_);
  st.order_rng = rng_.state();
  for (int i = 0; i < model_->num_layers(); ++i)
    if (auto* d = dynamic_cast<Dropout*>(&model_->layer(i))) st.layer_rngs.push_back({i, d->rng().state()});
  st.optim = optim_.export_state();
  st.history = history_;
  st.history_stride = history_stride_;
  st.bucket_fill = bucket_fill_;
  st.evals = evals_;
  st.eval_pending = pending_.active;
  return st;
}

void Trainer::restore_state(const TrainerState& st) {
  const int n = data_->num_train();
  NN_CHECK(st.step >= 0 && st.epoch >= 0, "restore: step ", st.step, " and epoch ", st.epoch, " must be >= 0");
  NN_CHECK(st.order.empty() || static_cast<int>(st.order.size()) == n, "restore: the saved batch order has ",
           st.order.size(), " samples but data set '", data_->name, "' has ", n, " training samples");
  for (int k : st.order)
    NN_CHECK(k >= 0 && k < n, "restore: the saved batch order holds sample ", k, ", out of range for ", n, " samples");
  NN_CHECK(st.cursor >= 0 && st.cursor <= static_cast<int64_t>(st.order.size()), "restore: cursor ", st.cursor,
           " is outside the saved order of ", st.order.size(), " samples");
  NN_CHECK(st.history_stride >= 1, "restore: history_stride must be >= 1");
  for (const auto& [i, rs] : st.layer_rngs)
    NN_CHECK(i >= 0 && i < model_->num_layers() && dynamic_cast<Dropout*>(&model_->layer(i)), "restore: layer ", i,
             " has a saved dropout stream but is not a dropout layer of this model");
  Optimizer opt(desc_.optim);
  opt.import_state(st.optim, params_);  // throws on a size mismatch before anything changes
  optim_ = std::move(opt);
  for (const auto& [i, rs] : st.layer_rngs) dynamic_cast<Dropout*>(&model_->layer(i))->rng().set_state(rs);
  step_ = st.step;
  epoch_ = st.epoch;
  first_loss_ = st.first_loss;
  state_ = st.diverged ? RunState::Diverged : RunState::Ready;
  message_ = st.message;
  order_ = st.order;
  cursor_ = static_cast<size_t>(st.cursor);
  rng_.set_state(st.order_rng);
  history_ = st.history;
  history_stride_ = st.history_stride;
  bucket_fill_ = st.bucket_fill;
  last_step_ = history_.empty() ? StepRecord{} : history_.back();
  evals_ = st.evals;
  stats_.clear();
  stats_step_ = 0;
  pending_ = PendingEval{};
  if (st.eval_pending) begin_eval();  // from its first sample: the weights are those it was due for
}

Histogram make_histogram(const float* v, int64_t n, int bins, int64_t stride) {
  Histogram h;
  h.counts.assign(static_cast<size_t>(std::max(1, bins)), 0);
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (int64_t i = 0; i < n; i += stride)
    if (std::isfinite(v[i])) lo = std::min(lo, v[i]), hi = std::max(hi, v[i]);
  if (!(lo <= hi)) return h;  // no finite values
  if (lo == hi) lo -= 0.5f, hi += 0.5f;
  h.lo = lo, h.hi = hi;
  const int nb = static_cast<int>(h.counts.size());
  const double scale = nb / (static_cast<double>(hi) - lo);
  for (int64_t i = 0; i < n; i += stride) {
    if (!std::isfinite(v[i])) continue;
    int b = static_cast<int>((static_cast<double>(v[i]) - lo) * scale);
    ++h.counts[static_cast<size_t>(std::clamp(b, 0, nb - 1))];
  }
  return h;
}

void check_spec_fits_data(const ModelSpec& spec, const Dataset& ds) {
  const ModelSummary summary = summarize_trainable(spec);  // as Model's constructor reports them
  NN_CHECK(!summary.rows.empty(), "trainer: the spec has no INPUT");
  Shape out = spec.input;  // the scores: the last row's output that is not the loss
  for (const RowSummary& r : summary.rows)
    if (r.kind != RowKind::Loss) out = r.output_shape;
  NN_CHECK(spec.input == ds.sample_shape(), "trainer: the spec's INPUT is ", spec.input.str(),
           " but data set '", ds.name, "' has samples of ", ds.sample_shape().str());
  const LossKind lk = spec.loss.kind;
  if (ds.is_classification()) {
    NN_CHECK(lk == LossKind::SoftmaxCE || lk == LossKind::SVM, "trainer: data set '", ds.name,
             "' is a classification; use a SOFTMAX or SVM loss, not ", loss_kind_name(lk));
    NN_CHECK(out == Shape{ds.num_classes}, "trainer: the model outputs ", out.str(), " scores but data set '",
             ds.name, "' has ", ds.num_classes, " classes (end with FC-", ds.num_classes, ")");
  } else {
    NN_CHECK(lk == LossKind::MSE || lk == LossKind::BCEWithLogits, "trainer: data set '", ds.name,
             "' is a regression; use an MSE loss, not ", loss_kind_name(lk));
    NN_CHECK(out.numel() == ds.target_shape().numel(), "trainer: the model outputs ", out.str(),
             " values but data set '", ds.name, "' has targets of ", ds.target_shape().str(), " (end with FC-",
             ds.target_shape().numel(), ")");
  }
}

Trainer::Trainer(const ModelSpec& spec, std::shared_ptr<const Dataset> data, const TrainDesc& desc)
    : desc_(desc), data_(std::move(data)) {
  NN_CHECK(data_ != nullptr, "trainer: no data set");
  NN_CHECK(desc_.batch_size >= 1, "trainer: batch_size ", desc_.batch_size, " must be >= 1");
  NN_CHECK(desc_.l2 >= 0.0f, "trainer: l2 ", desc_.l2, " must be >= 0");
  NN_CHECK(desc_.eval_max_samples >= 1, "trainer: eval_max_samples must be >= 1");
  check_spec_fits_data(spec, *data_);
  model_ = std::make_unique<Model>(spec);
  params_ = model_->params();
  reset();
}

void Trainer::reset() {
  model_->init_params(desc_.init, desc_.seed);
  optim_ = Optimizer(desc_.optim);
  rng_.reseed(desc_.seed ^ kOrderSeedSalt);
  order_.clear();
  cursor_ = 0;
  step_ = 0;
  epoch_ = 0;
  first_loss_ = 0;
  state_ = RunState::Ready;
  message_.clear();
  history_.clear();
  history_stride_ = 1;
  bucket_fill_ = 0;
  last_step_ = StepRecord{};
  evals_.clear();
  stats_.clear();
  stats_step_ = 0;
  pending_ = PendingEval{};
}

namespace {
// Folds b (covering nb steps) into a (covering na): the means of the losses, accuracy and norm; b's step,
// epoch and lr.
void merge_into(StepRecord& a, int64_t na, const StepRecord& b, int64_t nb) {
  const float wb = static_cast<float>(nb) / static_cast<float>(na + nb);
  for (auto field : {&StepRecord::loss_data, &StepRecord::loss_reg, &StepRecord::acc_batch, &StepRecord::grad_norm})
    a.*field += (b.*field - a.*field) * wb;
  a.step = b.step;
  a.epoch = b.epoch;
  a.lr = b.lr;
}
}  // namespace

void Trainer::append_history(const StepRecord& rec) {
  last_step_ = rec;
  if (!history_.empty() && bucket_fill_ < history_stride_) {
    merge_into(history_.back(), bucket_fill_++, rec, 1);
    return;
  }
  if (history_.size() >= static_cast<size_t>(std::max(desc_.history_max, 2))) {
    // Full: merge neighbours in pairs (every record covers history_stride_ steps, so the pairs weigh equally).
    size_t out = 0;
    for (size_t i = 0; i + 1 < history_.size(); i += 2, ++out) {
      history_[out] = history_[i];
      merge_into(history_[out], 1, history_[i + 1], 1);
    }
    const bool odd = history_.size() % 2 == 1;
    if (odd) history_[out++] = history_.back();
    history_.resize(out);
    history_stride_ *= 2;
    if (odd) {  // the unpaired last record is a half-full bucket of the new stride
      bucket_fill_ = history_stride_ / 2;
      merge_into(history_.back(), bucket_fill_++, rec, 1);
      return;
    }
  }
  history_.push_back(rec);
  bucket_fill_ = 1;
}

int Trainer::steps_per_epoch() const {
  return (data_->num_train() + desc_.batch_size - 1) / desc_.batch_size;
}

float Trainer::lr() const { return lr_at(desc_.schedule, desc_.optim.lr, step_); }

void Trainer::start_epoch() {
  order_.resize(static_cast<size_t>(data_->num_train()));
  std::iota(order_.begin(), order_.end(), 0);
  for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng_.below(static_cast<uint32_t>(i))]);
  cursor_ = 0;
}

std::string Trainer::divergence_reason(float loss) const {
  const std::string at = str_cat(" at step ", step_ + 1, "; the learning rate ", fmt_g(lr()), " may be too high");
  if (std::isnan(loss)) return "loss became NaN" + at;
  if (std::isinf(loss)) return "loss became Inf" + at;
  return str_cat("loss exceeded ", fmt_g(desc_.divergence_factor), " x the first loss (", fmt_g(first_loss_), " -> ",
                 fmt_g(loss), ")", at);
}

bool Trainer::step() {
  if (state_ == RunState::Diverged) return false;
  if (pending_.active) finish_eval();  // it belongs to the weights before this step
  const Dataset& ds = *data_;
  NN_CHECK(ds.num_train() > 0, "trainer: data set '", ds.name, "' has no training samples");
  if (cursor_ >= order_.size()) start_epoch();
  const int b = static_cast<int>(std::min<size_t>(static_cast<size_t>(desc_.batch_size), order_.size() - cursor_));
  gather_rows(ds.x_train, order_.data() + cursor_, b, xb_);  // b x sample shape
  gather_rows(ds.y_train, order_.data() + cursor_, b, yb_);  // b (classes) or b x P
  const float lr_now = lr();

  StepRecord rec;
  rec.step = step_ + 1;
  rec.epoch = epoch_;
  rec.lr = lr_now;
  const Tensor& scores = model_->forward(xb_, true);  // b x output shape
  rec.acc_batch = ds.is_classification() ? accuracy(scores, yb_) : kNaN;
  rec.loss_data = model_->backward(yb_);
  rec.loss_reg = desc_.l2 > 0.0f ? l2_penalty(params_, desc_.l2, true) : 0.0f;
  if (desc_.clip_value > 0.0f) clip_grad_value(params_, desc_.clip_value);
  rec.grad_norm = desc_.clip_norm > 0.0f ? clip_grad_norm(params_, desc_.clip_norm) : grad_norm(params_);
  if (step_ == 0) first_loss_ = rec.loss_data;

  // Divergence: the step is recorded but not applied, so the model stays as it was before the bad step.
  const float limit = desc_.divergence_factor * std::max(first_loss_, 1e-3f);
  if (!std::isfinite(rec.loss_data) || !std::isfinite(rec.loss_reg) || rec.loss_data > limit) {
    message_ = divergence_reason(!std::isfinite(rec.loss_reg) ? rec.loss_reg : rec.loss_data);
    state_ = RunState::Diverged;
    append_history(rec);
    ++step_;
    return false;
  }

  const bool want_stats = desc_.stats_every > 0 && step_ % desc_.stats_every == 0;
  if (want_stats) {  // per param: value before the update (buffers reused across stats steps)
    before_.resize(params_.size());
    for (size_t k = 0; k < params_.size(); ++k) {
      const Tensor& v = params_[k]->value;
      const int64_t stride = stats_stride(v.size());
      before_[k].clear();
      for (int64_t j = 0; j < v.size(); j += stride) before_[k].push_back(v[j]);
    }
  }
  optim_.step(params_, lr_now);
  ++step_;
  append_history(rec);
  if (want_stats) compute_stats();

  cursor_ += static_cast<size_t>(b);
  bool due = false;
  if (cursor_ >= order_.size()) {
    ++epoch_;
    if (desc_.eval_every <= 0) due = true;
  }
  if (desc_.eval_every > 0 && step_ % desc_.eval_every == 0) due = true;
  if (due) eval_slice_batch_ > 0 ? begin_eval() : static_cast<void>(record_eval());
  return true;
}

int64_t Trainer::run_epoch() {
  const int start_epoch_index = epoch_;
  int64_t n = 0;
  while (state_ == RunState::Ready && epoch_ == start_epoch_index) {
    step();
    ++n;
  }
  return n;
}

int64_t Trainer::train_for(double budget_ms, int64_t max_steps) {
  const auto t0 = std::chrono::steady_clock::now();
  int64_t n = 0;
  while (state_ == RunState::Ready && n < max_steps && budget_ms > 0.0) {
    if (pending_.active) {  // the due evaluation comes before the next step, in slices of the budget
      advance_eval(budget_ms - ms_since(t0));
      if (ms_since(t0) >= budget_ms) break;
      continue;
    }
    step();
    ++n;
    if (ms_since(t0) >= budget_ms) break;
  }
  return n;
}

int Trainer::eval_batch() const {
  const int b = eval_batch_size(*model_, desc_.batch_size);
  return eval_slice_batch_ > 0 ? std::min(b, eval_slice_batch_) : b;
}

int Trainer::eval_count(Split split) const {
  const Tensor& x = data_->x(split);
  return std::min(x.rank() ? x.dim(0) : 0, desc_.eval_max_samples);
}

void Trainer::eval_rows(Split split, int from, int b, double& loss, double& acc) {
  slice_rows(data_->x(split), from, b, eval_xb_);
  slice_rows(data_->y(split), from, b, eval_yb_);
  const Tensor& scores = model_->forward(eval_xb_, false);
  loss += static_cast<double>(loss_forward_backward(model_->loss(), scores, eval_yb_, eval_dscores_)) * b;
  if (data_->is_classification()) acc += static_cast<double>(accuracy(scores, eval_yb_)) * b;
}

Trainer::Eval Trainer::eval_result(Split split, double loss, double acc) const {
  const int n = eval_count(split);
  if (n == 0) return {kNaN, kNaN};
  return {static_cast<float>(loss / n), data_->is_classification() ? static_cast<float>(acc / n) : kNaN};
}

Trainer::Eval Trainer::evaluate(Split split) {
  const int n = eval_count(split), batch = eval_batch();
  double loss = 0, acc = 0;
  for (int from = 0; from < n; from += batch) eval_rows(split, from, std::min(batch, n - from), loss, acc);
  return eval_result(split, loss, acc);
}

void Trainer::begin_eval() {
  pending_ = PendingEval{};
  pending_.active = true;
  pending_.rec.step = step_;
  pending_.rec.epoch = epoch_;
}

bool Trainer::advance_eval(double budget_ms) {
  const auto t0 = std::chrono::steady_clock::now();
  PendingEval& p = pending_;
  bool ran = false;  // at least one batch per call, whatever the budget
  while (p.active) {
    if (ran && ms_since(t0) >= budget_ms) return false;
    const int n = eval_count(p.split);
    if (p.from < n) {
      const int b = std::min(eval_batch(), n - p.from);
      eval_rows(p.split, p.from, b, p.loss, p.acc);
      p.from += b;
      ran = true;
    }
    if (p.from < n) continue;
    const Eval r = eval_result(p.split, p.loss, p.acc);
    if (p.split == Split::Train) {
      p.rec.loss_train = r.loss, p.rec.acc_train = r.acc;
      p.split = Split::Test, p.from = 0, p.loss = p.acc = 0;
      continue;
    }
    p.rec.loss_test = r.loss, p.rec.acc_test = r.acc;
    // The weights and the step have not moved since the evaluation began.
    p.rec.loss_reg = desc_.l2 > 0.0f ? l2_penalty(params_, desc_.l2, false) : 0.0f;
    p.rec.lr = lr();
    evals_.push_back(p.rec);
    p.active = false;
  }
  return true;
}

void Trainer::finish_eval() {
  advance_eval(std::numeric_limits<double>::infinity());
}

void Trainer::slice_evaluations(int max_batch) {
  NN_CHECK(max_batch >= 1, "trainer: an evaluation slice needs at least 1 sample, not ", max_batch);
  eval_slice_batch_ = max_batch;
}

const EvalRecord& Trainer::record_eval() {
  begin_eval();
  finish_eval();
  return evals_.back();
}

void Trainer::compute_stats() {
  stats_.clear();
  stats_step_ = step_;
  std::vector<float> w, g;
  for (int i = 0; i < model_->num_layers(); ++i) {
    LayerStats s;
    s.layer = i;
    s.row = model_->layer_row(i);
    s.kind = layer_kind_name(model_->layer(i).kind());
    std::vector<Param*> ps = model_->layer(i).params();
    bool any_decay = false;
    for (Param* p : ps) any_decay |= p->decay;
    w.clear();
    g.clear();
    double w2 = 0, g2 = 0, d2 = 0, b2 = 0;
    for (Param* p : ps) {
      if (any_decay && !p->decay) continue;
      s.has_params = true;
      const size_t k = static_cast<size_t>(std::find(params_.begin(), params_.end(), p) - params_.begin());
      const std::vector<float>& old = before_[k];
      const int64_t n = p->value.size(), stride = stats_stride(n);
      for (int64_t j = 0; j < n; ++j) {
        const double v = p->value[j], gr = p->grad[j];
        w2 += v * v, g2 += gr * gr;
      }
      // The update ratio, like the histograms, from the sampled values (all of them when stride is 1).
      for (int64_t j = 0, m = 0; j < n; j += stride, ++m) {
        const double v = p->value[j], o = old[static_cast<size_t>(m)];
        d2 += (v - o) * (v - o), b2 += o * o;
        w.push_back(p->value[j]);
        g.push_back(p->grad[j]);
      }
    }
    if (s.has_params) {
      s.weight_norm = static_cast<float>(std::sqrt(w2));
      s.grad_norm = static_cast<float>(std::sqrt(g2));
      s.update_ratio = b2 > 0 ? static_cast<float>(std::sqrt(d2 / b2)) : 0.0f;
      s.weights = make_histogram(w.data(), static_cast<int64_t>(w.size()), desc_.hist_bins);
      s.grads = make_histogram(g.data(), static_cast<int64_t>(g.size()), desc_.hist_bins);
    }
    const Tensor& a = model_->activation(i);
    s.acts = make_histogram(a.data(), a.size(), desc_.hist_bins, stats_stride(a.size()));
    if (const auto* rec = dynamic_cast<const RecurrentLayer*>(&model_->layer(i))) s.hidden_grad_norms = rec->hidden_grad_norms();
    stats_.push_back(std::move(s));
  }
}

RunGroup::RunGroup(const ModelSpec& spec, std::shared_ptr<const Dataset> data) : spec_(spec), data_(std::move(data)) {}

int RunGroup::add_run(const std::string& label, const TrainDesc& desc) {
  runs_.push_back(std::make_unique<Trainer>(spec_, data_, desc));
  labels_.push_back(label);
  return size() - 1;
}

RunGroup RunGroup::lr_sweep(const ModelSpec& spec, std::shared_ptr<const Dataset> data, const TrainDesc& base,
                            const std::vector<float>& lrs) {
  RunGroup g(spec, std::move(data));
  for (float lr : lrs) {
    TrainDesc d = base;
    d.optim.lr = lr;
    g.add_run("lr=" + fmt_g(lr), d);
  }
  return g;
}

int64_t RunGroup::train_for(double budget_ms, int64_t max_steps) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<int64_t> taken(runs_.size(), 0);
  int64_t total = 0;
  while (budget_ms > 0.0) {
    bool any = false;
    for (size_t i = 0; i < runs_.size(); ++i) {
      if (runs_[i]->state() != RunState::Ready || taken[i] >= max_steps) continue;
      runs_[i]->step();
      ++taken[i], ++total;
      any = true;
    }
    if (!any || ms_since(t0) >= budget_ms) break;
  }
  return total;
}

}  // namespace gl
