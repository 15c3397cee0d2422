// fit_data_to_spec (spec_data.h): the engine's suggestion (suggest_data_for_spec) merged into the lab's data
// set when it is the same kind (only what INPUT and the network's end decide changes: sequence length, clip
// size, classes), and a batch the page can afford: memory by the inspector's formula, time by the estimate.
#include "engine/session/spec_data.h"

#include <algorithm>

#include "engine/core/limits.h"
#include "engine/model/summary.h"
#include "engine/train/data_for_spec.h"

namespace gl {

namespace {

bool same_data(const DataDesc& a, const DataDesc& b) {
  return a.kind == b.kind && a.seed == b.seed && a.train_frac == b.train_frac && a.num_points == b.num_points &&
         a.noise == b.noise && a.num_classes == b.num_classes && a.margin == b.margin && a.max_train == b.max_train &&
         a.max_test == b.max_test && a.num_samples == b.num_samples && a.channels == b.channels &&
         a.frames == b.frames && a.height == b.height && a.width == b.width && a.seq_len == b.seq_len &&
         a.lag == b.lag && a.predict_steps == b.predict_steps;
}

// The lab's data set with what the suggestion decides: the INPUT's sizes and the network's class count.
DataDesc merge_same_kind(DataDesc cur, const DataDesc& s) {
  cur.num_classes = s.num_classes;
  cur.seq_len = s.seq_len;
  cur.lag = s.lag;
  cur.predict_steps = s.predict_steps;
  if (s.kind == DataKind::VideoMotion) {
    cur.channels = s.channels, cur.frames = s.frames, cur.height = s.height, cur.width = s.width;
    cur.num_samples = std::min(cur.num_samples, s.num_samples);  // the suggestion sized the set to its memory
    cur.num_samples -= cur.num_samples % std::max(1, s.num_classes);
    if (cur.num_samples < 4 * s.num_classes) cur.num_samples = s.num_samples;
  }
  return cur;
}

std::string label_of(const DataDesc& d) {
  switch (d.kind) {
    case DataKind::VideoMotion:
      return str_cat("moving squares ", d.channels, " x ", d.frames, " x ", d.height, " x ", d.width, ", ",
                     d.num_classes, " motions");
    case DataKind::Adding: return str_cat("adding problem, T = ", d.seq_len);
    case DataKind::Sine: return str_cat("sine, T = ", d.seq_len, " -> next ", d.predict_steps);
    case DataKind::Copy: return str_cat("copy / recall, ", d.num_classes, " symbols, lag ", d.lag);
    case DataKind::CharText: return str_cat("character text, T = ", d.seq_len);
    case DataKind::Digits: return "digits 8x8";
    case DataKind::FashionMnist: return "Fashion-MNIST";
    default: return str_cat(data_kind_name(d.kind), ", ", d.num_classes, " classes");
  }
}

}  // namespace

int clip_count_within_limit(const DataDesc& d) {
  const int64_t clip_bytes = int64_t{4} * std::max(1, d.channels) * std::max(1, d.frames) * std::max(1, d.height) *
                             std::max(1, d.width);
  const int64_t fit = kMaxClipSetBytes / clip_bytes;
  if (d.num_samples <= fit || fit < 2 * d.num_classes) return d.num_samples;
  return static_cast<int>(fit - fit % std::max(1, d.num_classes));
}

int affordable_batch(const ModelSpec& spec, int max_batch) {
  const SummaryResult s = summarize_spec(spec, 1, false);
  if (!s.ok() || max_batch <= 1) return 1;
  // Half the longest step the page runs, so a slower measurement on the next load still trains.
  for (int b = max_batch; b > 1; --b)
    if (estimate_step(s.summary.total_mults, s.summary.total_params, b).ms <= 0.5 * kMaxStepMs) return b;
  return 1;
}

DataFit fit_data_to_spec(const ModelSpec& spec, const TrainLab& lab) {
  DataFit fit;
  const DataDesc& cur = lab.data_desc();
  const DataSuggestion s = suggest_data_for_spec(spec, cur);
  fit.message = s.message;
  if (!s.desc) return fit;
  fit.same_kind = s.desc->kind == cur.kind;
  DataDesc d = fit.same_kind ? merge_same_kind(cur, *s.desc) : *s.desc;
  d.pack_path = cur.pack_path;
  fit.changes_data = !same_data(d, cur);
  fit.label = label_of(d);
  fit.data = d;
  const int batch = lab.train_desc().batch_size;
  const int memory = largest_batch_within_budget(spec, batch);
  fit.batch = memory > 0 ? std::min(memory, affordable_batch(spec, memory)) : 0;
  fit.changes_batch = fit.batch > 0 && fit.batch != batch;
  return fit;
}

}  // namespace gl
