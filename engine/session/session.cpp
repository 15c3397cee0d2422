// Session: spec validation and summary; a valid spec rebuilds the training lab.
#include "engine/session/session.h"

#include <cmath>

namespace gl {

Session::Session(const SessionDesc& desc) : summary_batch_(desc.summary_batch) {
  auto err = set_spec(desc.spec_text);
  NN_CHECK(!err, "session: the default spec is invalid: ", err ? err->message : "");
}

std::optional<SpecError> Session::set_spec(const std::string& text) {
  return set_spec_at(text, train_.train_desc().batch_size);
}

std::optional<SpecError> Session::set_spec_at(const std::string& text, int train_batch) {
  spec_text_ = text;
  SpecResult parsed = parse_spec(text);
  if (!parsed.ok()) {
    spec_error_ = parsed.error;
    return spec_error_;
  }
  SummaryResult sum = summarize_spec(parsed.spec, summary_batch_, false);
  if (sum.ok()) {
    const SummaryResult at_train = train_batch == summary_batch_ ? sum : summarize_spec(parsed.spec, train_batch, false);
    sum.error = at_train.ok() ? check_train_budget(parsed.spec, at_train.summary, kTrainBudgetBytes, "the page's")
                              : at_train.error;
  }
  if (!sum.ok()) {
    spec_error_ = sum.error;
    return spec_error_;
  }
  spec_error_.reset();
  spec_ = std::move(parsed.spec);
  summary_ = std::move(sum.summary);
  valid_text_ = text;
  train_.set_spec(spec_);
  return std::nullopt;
}

std::string Session::load_run(const std::string& text) {
  run_needs_images_ = false;
  RunLoad loaded = load_run_json(text);
  if (!loaded.ok()) return loaded.error;
  RunFile& run = loaded.run;
  SummaryResult sum = summarize_spec(run.spec, summary_batch_, false);  // the budget: at the run's batch, below
  if (!sum.ok()) return "the run's network: " + sum.error->message;
  if (std::string err = train_.load_run(run); !err.empty()) {
    run_needs_images_ = train_.run_needs_images();
    return err;
  }
  spec_text_ = valid_text_ = run.spec_text;
  spec_error_.reset();
  spec_ = std::move(run.spec);
  summary_ = std::move(sum.summary);
  point_edits_.clear();  // the run's data set is made from its description: no hand-placed points on top
  return "";
}

void Session::set_summary_batch(int batch) {
  summary_batch_ = batch < 1 ? 1 : batch;
  SummaryResult sum = summarize_spec(spec_, summary_batch_, false);
  if (sum.ok()) summary_ = std::move(sum.summary);
}

float round_point_coord(float v) {
  const float scale = std::pow(10.0f, static_cast<float>(kPointDecimals));
  return std::round(v * scale) / scale;
}

bool Session::apply_point_edit(const PointEdit& e) {
  bool done = true;
  try {  // a link may name a class the data set lacks, or points on data that is not 2D
    if (e.remove) done = train_.remove_point_at(e.x1, e.x2);
    else train_.add_point(e.x1, e.x2, e.cls, e.test ? Split::Test : Split::Train);
  } catch (const EngineError&) {
    return false;
  }
  if (!done) return true;  // a click that removed nothing is not worth a place in the log
  point_edits_.push_back(e);
  if (point_edits_.size() > static_cast<size_t>(kMaxPointEdits))
    point_edits_.erase(point_edits_.begin(), point_edits_.end() - kMaxPointEdits);
  return true;
}

int Session::replay_points(const std::vector<PointEdit>& edits) {
  int rejected = 0;
  for (const PointEdit& e : edits) rejected += apply_point_edit(e) ? 0 : 1;
  return rejected;
}

void Session::apply(const SessionEdits& in) {
  if (in.spec_text) set_spec_at(*in.spec_text, in.train ? in.train->batch_size : train_.train_desc().batch_size);
  if (in.summary_batch) set_summary_batch(*in.summary_batch);
  if (in.data) {
    train_.set_data(*in.data);
    point_edits_.clear();  // a new set: the hand-placed points went with the old one
  }
  if (in.train) train_.set_train(*in.train);
  if (in.play) train_.set_playing(*in.play);
  if (in.reset) train_.reset();
  if (in.step) {
    train_.set_playing(false);
    train_.step_once();
  }
  if (in.add_point)
    apply_point_edit({false, round_point_coord(in.add_point->x1), round_point_coord(in.add_point->x2), in.add_point->cls,
                      in.add_point->test});
  if (in.remove_point)
    apply_point_edit({true, round_point_coord(in.remove_point->first), round_point_coord(in.remove_point->second)});
  if (in.formula) graph_.set_formula(*in.formula);
  for (auto [var, v] : in.formula_values) graph_.set_value(var, v);
  if (in.formula_ties) graph_.set_tie_rule(*in.formula_ties);
  for (const auto& [name, v] : in.formula_named_values) graph_.set_value(name, v);
  apply_race_edits(in);
  apply_lab_edits(in);
}

void Session::apply_lab_edits(const SessionEdits& in) {
  for (size_t k = 0; k < in.classic_desc.size(); ++k)
    if (in.classic_desc[k]) classic_.set_desc(static_cast<ClassicKind>(k), *in.classic_desc[k]);
  if (in.classic_features) classic_.set_features(*in.classic_features);
  if (in.classic_play) classic_.set_playing(*in.classic_play);
  if (in.classic_restart) classic_.restart(*in.classic_restart);
  if (in.classic_restart_linear) {
    classic_.restart(ClassicKind::SVM);
    classic_.restart(ClassicKind::Softmax);
  }
  if (in.compare_max_steps) compare_.max_steps = *in.compare_max_steps;
  if (in.compare_build && train_.data_ptr()) {
    compare_.configure(train_.spec(), train_.data_ptr(), train_.train_desc(), *in.compare_build);
    compare_source_ = {valid_text_, train_.data_revision()};
    compare_.set_playing(compare_.group() != nullptr);  // a fresh comparison starts right away
  }
  if (in.compare_play) compare_.set_playing(*in.compare_play);
}

void Session::advance_classifiers(double budget_ms, int grid_n) {
  const Dataset* d = train_.data();
  const bool images = d && d->is_classification() && d->sample_shape().rank() == 3;  // on features, no plane
  if (!train_.is_2d() && !images) return;
  if (classic_.fitted_revision() != train_.data_revision()) classic_.fit(train_.data(), train_.data_revision());
  if (images) {
    classic_.advance(budget_ms, 0, 0, 1, 0, 1);
    return;
  }
  float x0, x1, y0, y1;
  train_.plane_bounds(x0, x1, y0, y1);
  classic_.advance(budget_ms, grid_n, x0, x1, y0, y1);
  if (train_.trainer() && train_.error().empty()) train_.decision_grid(grid_n);
}

void Session::advance_compare(double budget_ms) { compare_.advance(budget_ms); }

int64_t Session::train_for(double budget_ms) {
  if (!train_.playing()) train_.finish_evaluation(budget_ms);
  if (!train_.playing() || !train_.trainer() || !train_.error().empty() || train_.trainer()->diverged()) return 0;
  return train_.train_for(budget_ms);
}

bool Session::check_exercise(const std::vector<std::string>& answers) {
  return exercise_.check(answers, check_facts(*this));
}

void Session::apply_race_edits(const SessionEdits& in) {
  if (in.surface) set_surface(*in.surface);
  if (in.playground_play) playground_.set_playing(*in.playground_play);
  if (in.race) {
    try {
      playground_.set_race(*in.race);
    } catch (const EngineError& e) {
      playground_error_ = e.what();
    }
  }
  bool restart = in.playground_restart;
  std::vector<Racer>& racers = playground_.racers();
  for (auto [i, en] : in.racer_enabled)
    if (i >= 0 && i < static_cast<int>(racers.size())) racers[static_cast<size_t>(i)].enabled = en, restart = true;
  for (auto [i, lr] : in.racer_lr)
    if (i >= 0 && i < static_cast<int>(racers.size())) racers[static_cast<size_t>(i)].optim.lr = lr, restart = true;
  if (in.race_momentum)
    for (Racer& r : racers)
      if (r.optim.kind == OptimKind::Momentum || r.optim.kind == OptimKind::Nesterov) r.optim.momentum = *in.race_momentum, restart = true;
  if (in.playground_start) playground_.set_start(in.playground_start->first, in.playground_start->second);
  else if (restart) playground_.restart();
}

const ParallelResult& Session::parallel_summary() const {
  if (!parallel_ || parallel_text_ != spec_text_) {
    try {
      parallel_ = summarize_parallel(spec_text_);
    } catch (const EngineError& e) {  // the text is the student's: an error to show, never a crash
      parallel_ = ParallelResult{};
      parallel_->error = SpecError{1, 1, 1, e.what()};
    }
    parallel_text_ = spec_text_;
  }
  return *parallel_;
}

}  // namespace gl
