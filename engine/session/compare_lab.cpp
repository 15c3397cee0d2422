// CompareLab (see compare_lab.h): builds a RunGroup with one training setting varied and advances it in
// lockstep time slices. No UI.
#include "engine/session/compare_lab.h"

#include <algorithm>
#include <cmath>

#include "engine/core/check.h"
#include "engine/model/summary.h"
#include "engine/session/work_estimate.h"

namespace gl {

namespace {
constexpr int kCompareBatches[] = {8, 32, 128};  // CompareKind::Batch's runs
}  // namespace

const char* compare_kind_name(CompareKind kind) {
  static const char* names[] = {"learning rate", "optimizer", "batch size", "L2"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(CompareKind::Count));
  return names[static_cast<int>(kind)];
}

void CompareLab::configure(const ModelSpec& spec, std::shared_ptr<const Dataset> data, const TrainDesc& base,
                           const CompareDesc& desc) {
  desc_ = desc;
  error_.clear();
  group_.reset();
  norms_.clear();
  playing_ = false;
  if (!data) {
    error_ = "no data set";
    return;
  }
  // 2D sets are edited in place by the training lab (points added by hand): the runs train on a copy.
  if (data->sample_shape() == Shape{2}) data = std::make_shared<const Dataset>(*data);
  // All runs train at once: the page's budget applies to their sum, at each run's batch size.
  std::vector<int> batches(desc.kind == CompareKind::LrSweep ? std::max<size_t>(1, desc.lrs.size()) : 3,
                           base.batch_size);
  if (desc.kind == CompareKind::Batch) batches.assign(std::begin(kCompareBatches), std::end(kCompareBatches));
  if (auto over = check_page_budget(spec, batches)) {
    error_ = *over;
    return;
  }
  // The runs step together in one frame: a round of steps the page cannot afford is refused (work_estimate.h).
  const ModelSummary sum = summarize_spec(spec, base.batch_size, false).summary;
  double round_ms = 0;
  for (int b : batches) round_ms += estimate_step(sum.total_mults, sum.total_params, b).ms;
  if (round_ms > kMaxStepMs) {
    error_ = str_cat("one step of the ", batches.size(), " runs side by side needs about ", static_cast<int>(round_ms),
                     " ms here, longer than the page can give a frame (", fmt_g(kMaxStepMs),
                     " ms): compare a smaller network or a smaller batch");
    return;
  }
  try {
    auto g = std::make_unique<RunGroup>(spec, data);
    switch (desc.kind) {
      case CompareKind::LrSweep: *g = RunGroup::lr_sweep(spec, data, base, desc.lrs); break;
      case CompareKind::Optimizers:
        for (OptimKind k : {OptimKind::SGD, OptimKind::Momentum, OptimKind::Adam}) {
          TrainDesc d = base;
          d.optim = optim_defaults(k);
          g->add_run(std::string(optim_kind_name(k)) + " lr=" + fmt_g(d.optim.lr), d);
        }
        break;
      case CompareKind::Batch:
        for (int b : kCompareBatches) {
          TrainDesc d = base;
          d.batch_size = b;
          g->add_run("batch=" + fmt_g(b), d);
        }
        break;
      case CompareKind::L2:
        for (float l2 : {0.0f, 1e-3f, 1e-1f}) {
          TrainDesc d = base;
          d.l2 = l2;
          d.optim.weight_decay = 0.0f;  // one decay at a time (see TrainDesc::l2)
          g->add_run("L2=" + fmt_g(l2), d);
        }
        break;
      case CompareKind::Count: break;
    }
    if (g->size() == 0) {
      error_ = "nothing to compare";
      return;
    }
    group_ = std::move(g);
    norms_.clear();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

bool CompareLab::finished() const {
  if (!group_) return true;
  for (int i = 0; i < group_->size(); ++i) {
    const Trainer& t = group_->run(i);
    if (!t.diverged() && t.steps() < max_steps) return false;
  }
  return true;
}

void CompareLab::advance(double budget_ms) {
  if (!playing_ || !group_) return;
  // Live runs are in lockstep, so the furthest one bounds how many steps are left for all of them.
  int64_t done = 0;
  for (int i = 0; i < group_->size(); ++i)
    if (!group_->run(i).diverged()) done = std::max(done, group_->run(i).steps());
  const int64_t left = max_steps - done;
  if (left > 0) group_->train_for(budget_ms, left);
  if (finished()) playing_ = false;
}

double CompareLab::weight_norm(int run) const {
  if (!group_ || run < 0 || run >= group_->size()) return 0.0;
  if (norms_.size() != static_cast<size_t>(group_->size())) norms_.assign(static_cast<size_t>(group_->size()), {-1, 0.0});
  auto& [at, norm] = norms_[static_cast<size_t>(run)];
  const Trainer& t = group_->run(run);
  if (at == t.steps()) return norm;
  double w2 = 0;
  for (const Param* p : t.model().params())
    if (p->decay)
      for (int64_t j = 0; j < p->value.size(); ++j) w2 += static_cast<double>(p->value[j]) * p->value[j];
  at = t.steps();
  norm = std::sqrt(w2);
  return norm;
}

}  // namespace gl
