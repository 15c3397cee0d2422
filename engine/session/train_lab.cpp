// TrainLab: builds the data set and the trainer, keeps the last good trainer on errors, and evaluates the
// model over a grid of the plane for the decision-boundary view, and checks single-weight gradients.
#include "engine/session/train_lab.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/session/defaults.h"

#include "engine/model/summary.h"

namespace gl {

void softmax_rows(const float* scores, int n, int c, float* probs) {
  for (int i = 0; i < n; ++i) {
    const float* s = scores + static_cast<size_t>(i) * c;
    float* p = probs + static_cast<size_t>(i) * c;
    float m = *std::max_element(s, s + c);
    float sum = 0;
    for (int k = 0; k < c; ++k) sum += (p[k] = std::exp(s[k] - m));
    for (int k = 0; k < c; ++k) p[k] /= sum;
  }
}

TrainLab::TrainLab() : data_desc_(default_data_desc()), train_desc_(default_train_desc()) {}

void TrainLab::set_spec(const ModelSpec& spec) {
  spec_ = spec;
  has_spec_ = true;
  rebuild();
}

void TrainLab::set_data(const DataDesc& desc) {
  const DataDesc old = data_desc_;
  data_desc_ = desc;
  try {
    if ((desc.kind == DataKind::Digits || desc.kind == DataKind::FashionMnist) && !pack_ && desc.pack_path.empty()) {
      waiting_data_ = desc;  // applied when the pack arrives (a link that names digits, opened before it loads)
      throw EngineError(str_cat(data_kind_name(desc.kind), ": the image data is still loading; it opens by itself"));
    }
    data_ = std::make_shared<Dataset>(make_dataset(desc, pack_.get()));
    waiting_data_.reset();
  } catch (const EngineError& e) {
    data_desc_ = old;
    error_ = e.what();
    return;
  }
  data_rev_ = next_revision();
  rebuild();
}

void TrainLab::set_train(const TrainDesc& desc) {
  train_desc_ = desc;
  rebuild();
}

void TrainLab::set_image_pack(std::shared_ptr<const ImagePack> pack) {
  pack_ = std::move(pack);
  if (waiting_data_ && pack_) {
    const DataDesc d = *waiting_data_;
    waiting_data_.reset();
    set_data(d);
  }
}

std::string TrainLab::load_image_pack(const std::string& path) {
  if (FILE* f = std::fopen(path.c_str(), "rb")) std::fclose(f);
  else return {};  // not built or not fetched yet: picking an image set says so
  try {
    set_image_pack(std::make_shared<const ImagePack>(read_image_pack(path)));
  } catch (const EngineError& e) {
    return e.what();
  }
  return {};
}

void TrainLab::image_pack_failed(const std::string& why) {
  if (!waiting_data_) return;
  error_ = str_cat(data_kind_name(waiting_data_->kind), ": the image data sets could not be downloaded (", why,
                   "); pick the data set again to retry");
  waiting_data_.reset();
}

void TrainLab::add_point(float x1, float x2, int cls, Split split) {
  if (!data_) return;
  gl::add_point(*data_, x1, x2, cls, split);
  data_rev_ = next_revision();
  rebuild();
}

bool TrainLab::remove_point_near(float x1, float x2, float radius) {
  if (!data_) return false;
  bool removed = remove_nearest_point(*data_, x1, x2, radius, Split::Train) ||
                 remove_nearest_point(*data_, x1, x2, radius, Split::Test);
  if (removed) {
    data_rev_ = next_revision();
    rebuild();
  }
  return removed;
}

bool TrainLab::remove_point_at(float x1, float x2) {
  float x0, x1b, y0, y1;
  plane_bounds(x0, x1b, y0, y1);
  return remove_point_near(x1, x2, 0.03f * (x1b - x0));
}

void TrainLab::rebuild() {
  if (!has_spec_) return;
  if (!data_) {
    try {
      data_ = std::make_shared<Dataset>(make_dataset(data_desc_, pack_.get()));
      data_rev_ = next_revision();
    } catch (const EngineError& e) {
      error_ = e.what();
      return;
    }
  }
  // Session checks a new spec against the budget at the training batch; a new batch (a link may ask for
  // 4096) or data set comes here without it, so the budget is checked again, before anything is allocated.
  if (auto over = check_page_budget(spec_, {train_desc_.batch_size})) {
    error_ = *over;
    return;
  }
  try {
    check_spec_fits_data(spec_, *data_);  // on a mismatch the previous trainer stays, inspectable
  } catch (const EngineError& e) {
    error_ = e.what();
    return;
  }
  try {
    trainer_.reset();  // two near-budget models at once would not fit the page's 1 GiB heap
    trainer_ = std::make_unique<Trainer>(spec_, data_, train_desc_);
    count_work();
    error_.clear();
    new_model_views();
  } catch (const EngineError& e) {
    error_ = e.what();  // checked above, so rare (a layer's own limits): no trainer until the next good spec
  }
  grid_.step = -1;
}

std::string TrainLab::load_run(const RunFile& run) {
  const bool images = run.data.kind == DataKind::Digits || run.data.kind == DataKind::FashionMnist;
  run_needs_images_ = images && !pack_ && data_desc_.pack_path.empty();
  if (run_needs_images_) return "the run's data set needs the image data sets, which have not arrived yet";
  try {
    DataDesc desc = run.data;
    desc.pack_path = data_desc_.pack_path;  // the page's pack (or the CLI's path), not the saving machine's
    if (auto over = check_page_budget(run.spec, {run.train.batch_size})) return *over;
    auto data = std::make_shared<Dataset>(make_dataset(desc, pack_.get()));
    std::unique_ptr<Trainer> trainer = make_trainer_from_run(run, data);
    spec_ = run.spec;
    has_spec_ = true;
    data_desc_ = desc;
    train_desc_ = run.train;
    data_ = std::move(data);
    trainer_ = std::move(trainer);
    count_work();
  } catch (const EngineError& e) {
    return e.what();
  }
  data_rev_ = next_revision();
  error_.clear();
  new_model_views();
  return "";
}

void TrainLab::reset() {
  if (trainer_) trainer_->reset();
  new_model_views();
}

void TrainLab::new_model_views() {
  model_rev_ = next_revision();
  grid_.step = -1;
  gn_steps_.clear();
  gn_history_.clear();
  last_stats_step_ = -1;
}

void TrainLab::record_stats() {
  if (!trainer_ || trainer_->stats_step() == last_stats_step_) return;
  last_stats_step_ = trainer_->stats_step();
  const auto& st = trainer_->layer_stats();
  if (gn_history_.size() != st.size()) gn_history_.assign(st.size(), {});
  if (gn_steps_.size() >= kMaxGradNormSamples) {  // keep every other sample: bounded, still spans the run
    auto halve = [](std::vector<float>& v) {
      for (size_t i = 0; 2 * i < v.size(); ++i) v[i] = v[2 * i];
      v.resize((v.size() + 1) / 2);
    };
    halve(gn_steps_);
    for (auto& h : gn_history_) halve(h);
  }
  gn_steps_.push_back(static_cast<float>(last_stats_step_));
  for (size_t i = 0; i < st.size(); ++i) gn_history_[i].push_back(st[i].grad_norm);
}

void TrainLab::count_work() {
  const ModelSummary sum = summarize_spec(spec_, train_desc_.batch_size, false).summary;
  work_mults_ = sum.total_mults;
  work_params_ = sum.total_params;
  // The periodic evaluation (up to 2 x 2000 samples) is spread over frames in slices of one view's work: a
  // 16 M-parameter net's evaluation took 0.8 s in one frame.
  const double per_sample_ms = estimate_forward(work_mults_, 1).ms;
  const double samples = per_sample_ms > 0 ? kMaxViewMs / per_sample_ms : 4096.0;
  trainer_->slice_evaluations(static_cast<int>(std::clamp(samples, 1.0, 4096.0)));
}

WorkEstimate TrainLab::step_estimate() const {
  return estimate_step(work_mults_, work_params_, train_desc_.batch_size);
}

std::string TrainLab::work_note() const {
  if (!trainer_ || !error_.empty()) return "";
  const WorkEstimate e = step_estimate();
  if (e.ms > kMaxStepMs)
    return str_cat("Training is off: one step of this network at batch ", train_desc_.batch_size, " needs ", e.text(),
                   ", longer than the page can give a frame (", fmt_g(kMaxStepMs), " ms) without freezing. "
                   "Lower the batch size or use a smaller network.");
  if (e.ms > kSlowStepMs)
    return str_cat("One step needs ", e.text(), ": the page trains at about ", static_cast<int>(1000.0 / e.ms),
                   " frames per second.");
  return "";
}

void TrainLab::step_once() {
  if (!trainer_ || !error_.empty() || data_->num_train() == 0) return;  // e.g. "your own points", none placed yet
  if (step_too_slow()) return;  // work_note() says why
  trainer_->step();
  if (trainer_->eval_pending()) trainer_->advance_eval(kMaxViewMs);
  record_stats();
  check_stall();
}

void TrainLab::check_stall() {
  if (stall_rev_ != model_rev_) {  // a new or reset model: no verdict yet
    stall_ = StallReport{};
    stall_rev_ = model_rev_;
  }
  if (!trainer_ || trainer_->diverged() || trainer_->steps() < stall_.step + kStallCheckSteps) return;
  stall_ = detect_stall(*trainer_);
}

void TrainLab::finish_evaluation(double budget_ms) {
  if (trainer_ && error_.empty() && trainer_->eval_pending()) trainer_->advance_eval(std::min(budget_ms, kMaxViewMs));
}

int64_t TrainLab::train_for(double budget_ms) {
  if (!playing_ || !trainer_ || !error_.empty() || trainer_->diverged() || data_->num_train() == 0) return 0;
  if (step_too_slow()) return 0;  // work_note() says why
  int64_t n = trainer_->train_for(budget_ms);
  record_stats();
  check_stall();
  return n;
}

void TrainLab::plane_bounds(float& x0, float& x1, float& y0, float& y1) const {
  x0 = y0 = -1.0f;
  x1 = y1 = 1.0f;
  if (!data_ || data_->sample_shape() != Shape{2}) return;
  float lo[2] = {1e9f, 1e9f}, hi[2] = {-1e9f, -1e9f};
  for (const Tensor* x : {&data_->x_train, &data_->x_test})
    for (int64_t i = 0; i + 1 < x->size(); i += 2)
      for (int d = 0; d < 2; ++d) {
        lo[d] = std::min(lo[d], (*x)[i + d]);
        hi[d] = std::max(hi[d], (*x)[i + d]);
      }
  if (lo[0] > hi[0]) return;
  float half = std::max({hi[0] - lo[0], hi[1] - lo[1], 0.5f}) * 0.5f * 1.15f;
  float cx = (lo[0] + hi[0]) * 0.5f, cy = (lo[1] + hi[1]) * 0.5f;
  x0 = cx - half;
  x1 = cx + half;
  y0 = cy - half;
  y1 = cy + half;
}

void plane_cell_centres(int n, float x0, float x1, float y0, float y1, Tensor& out) {
  out.resize(Shape{n * n, 2});
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      out[(r * n + c) * 2 + 0] = x0 + (static_cast<float>(c) + 0.5f) / static_cast<float>(n) * (x1 - x0);
      out[(r * n + c) * 2 + 1] = y1 - (static_cast<float>(r) + 0.5f) / static_cast<float>(n) * (y1 - y0);
    }
}

const PlaneGrid& TrainLab::decision_grid(int n) {
  if (!trainer_ || !is_2d()) {
    if (grid_.n != 0) grid_ = PlaneGrid{};
    return grid_;
  }
  // The grid's forward pass is sized to stay under kMaxViewMs; a model too costly even for 8 x 8 cells is
  // painted once per model and then kept while it trains (the frame must not carry it every step).
  const double cells = kMaxViewMs / std::max(estimate_forward(work_mults_, 1).ms, 1e-12);
  n = std::max(8, std::min(n, static_cast<int>(std::sqrt(cells))));
  if (n == 8 && cells < 64 && grid_.model_rev == model_rev_ && grid_.n > 0) return grid_;
  if (grid_.step == trainer_->steps() && grid_.n == n && grid_.model_rev == model_rev_) return grid_;
  plane_bounds(grid_.x0, grid_.x1, grid_.y0, grid_.y1);
  plane_cell_centres(n, grid_.x0, grid_.x1, grid_.y0, grid_.y1, grid_x_);
  const Tensor& scores = trainer_->model().forward(grid_x_, false);
  const int classes = scores.rank() == 2 ? scores.dim(1) : 1;
  grid_.n = n;
  grid_.classes = classes;
  grid_.probs.resize(static_cast<size_t>(n) * n * classes);
  if (classes == 1) {  // a single logit (BCE): sigmoid
    for (int i = 0; i < n * n; ++i) grid_.probs[static_cast<size_t>(i)] = 1.0f / (1.0f + std::exp(-scores[i]));
  } else {
    softmax_rows(scores.data(), n * n, classes, grid_.probs.data());
  }
  grid_.step = trainer_->steps();
  grid_.model_rev = model_rev_;
  grid_.rev = next_revision();
  return grid_;
}

const std::vector<ParamInfo>& TrainLab::param_list() const {
  const Revision want = error_.empty() && trainer_ ? model_rev_ : 0;
  if (params_rev_ == want && (want != 0 || params_.empty())) return params_;
  params_.clear();
  params_rev_ = want;
  if (want == 0) return params_;
  Model& m = trainer_->model();
  for (int i = 0; i < m.num_layers(); ++i) {
    std::vector<Param*> ps = m.layer(i).params();
    for (size_t k = 0; k < ps.size(); ++k)
      params_.push_back({i, static_cast<int>(k), ps[k]->value.size(),
                         str_cat("layer ", i, " ", layer_kind_name(m.layer(i).kind()), ": ", ps[k]->name, " (",
                                 ps[k]->value.shape().str(), ")")});
  }
  return params_;
}

GradCheck TrainLab::grad_check(int layer, int param, int64_t index, int batch) {
  GradCheck r;
  if (!trainer_ || !data_ || data_->num_train() == 0) {
    r.error = "no model or data";
    return r;
  }
  Model& model = trainer_->model();
  if (layer < 0 || layer >= model.num_layers()) {
    r.error = "no such layer";
    return r;
  }
  std::vector<Param*> ps = model.layer(layer).params();
  if (param < 0 || param >= static_cast<int>(ps.size()) || index < 0 || index >= ps[static_cast<size_t>(param)]->value.size()) {
    r.error = "no such parameter element";
    return r;
  }
  Param& p = *ps[static_cast<size_t>(param)];
  // A fixed batch: the first training samples.
  const int n = std::min(batch, data_->num_train());
  const Tensor& x = data_->x_train;
  const Tensor& y = data_->y_train;
  Tensor xb(x.shape().drop_batch().with_batch(n)), yb(y.shape().drop_batch().with_batch(n));
  std::copy(x.data(), x.data() + xb.size(), xb.data());
  std::copy(y.data(), y.data() + yb.size(), yb.data());
  auto loss = [&]() {
    model.forward(xb, false);
    return static_cast<double>(model.backward(yb));  // also refreshes every grad
  };
  loss();
  r.analytic = p.grad[index];
  const float old = p.value[index];
  r.step = 1e-3 * std::max(1.0, std::fabs(static_cast<double>(old)));
  p.value[index] = static_cast<float>(old + r.step);
  const double lp = loss();
  p.value[index] = static_cast<float>(old - r.step);
  const double lm = loss();
  p.value[index] = old;
  const float h_used = static_cast<float>(old + r.step) - static_cast<float>(old - r.step);  // in float
  r.numeric = (lp - lm) / h_used;
  loss();  // leave the grads consistent with the restored weights
  r.rel_error = std::fabs(r.analytic - r.numeric) / std::max({std::fabs(r.analytic), std::fabs(r.numeric), 1e-8});
  r.param = str_cat("layer ", layer, " (", layer_kind_name(model.layer(layer).kind()), ") ", p.name, "[", index, "]");
  r.ok = true;
  return r;
}

}  // namespace gl
