// suggest_data_for_spec (data_for_spec.h): one rule per input rank, matching the generators' own limits
// (engine/data) so a suggestion always builds. The network's end (class count, regression width) picks the
// task's size where the data set allows it.
#include "engine/train/data_for_spec.h"

#include <algorithm>

#include "engine/model/summary.h"

namespace gl {

namespace {

// What the network ends with: class count for a classifier, output width for a regression, 0 when unfinished.
struct Head {
  bool classify = true;
  int units = 0;
};

Head head_of(const ModelSpec& spec) {
  Head h;
  h.classify = spec.loss.kind == LossKind::SoftmaxCE || spec.loss.kind == LossKind::SVM;
  SummaryResult sum = summarize_spec(spec, 1, false);
  if (!sum.ok() || !sum.summary.trainable) return h;
  for (auto it = sum.summary.rows.rbegin(); it != sum.summary.rows.rend(); ++it)
    if (it->kind != RowKind::Loss && it->kind != RowKind::Input) {
      h.units = static_cast<int>(it->output_shape.numel());
      break;
    }
  return h;
}

DataSuggestion clip_set(const Shape& in, const Head& h, DataDesc d, const DataDesc& current) {
  const int C = in[0], T = in[1], H = in[2], W = in[3];
  if (C > 4 || T < 2 || T > 64 || H < 8 || H > 128 || W < 8 || W > 128)
    return {std::nullopt, str_cat("no clip set of ", in.str(), ": the moving-square clips have 1..4 channels, 2..64 "
                                  "frames and 8..128 pixels per side")};
  if (!h.classify)
    return {std::nullopt, "the moving-square clips are a classification: use SOFTMAX or SVM and end with FC-<motions>"};
  int k = h.units ? h.units : current.kind == DataKind::VideoMotion ? current.num_classes : 4;
  if (k < 2 || k > kVideoMaxClasses)
    return {std::nullopt, str_cat("the network ends with ", k, " class scores but the clip set has 2..",
                                  kVideoMaxClasses, " motions; end with FC-8 (directions) or up to FC-16")};
  d.kind = DataKind::VideoMotion;
  d.num_classes = k;
  d.channels = C, d.frames = T, d.height = H, d.width = W;
  const int64_t clip_bytes = in.numel() * 4;
  d.num_samples = static_cast<int>(std::min<int64_t>(1000, kSuggestedDataBytes / clip_bytes));
  d.num_samples -= d.num_samples % k;  // equal class counts
  if (d.num_samples < 4 * k)
    return {std::nullopt, str_cat("clips of ", in.str(), " are too large to hold ", 4 * k, " of them in ",
                                  format_bytes(kSuggestedDataBytes))};
  return {d, str_cat("INPUT ", in.str(), " is a clip: moving squares at ", in.str(), ", ", k, " motions, ",
                     d.num_samples, " clips (", format_bytes(d.num_samples * clip_bytes), ")")};
}

DataSuggestion image_set(const Shape& in, DataDesc d) {
  if (in == Shape{1, 8, 8}) d.kind = DataKind::Digits;
  else if (in == Shape{1, 28, 28}) d.kind = DataKind::FashionMnist;
  else
    return {std::nullopt, str_cat("no image set is ", in.str(), ": digits are 1 x 8 x 8, fashion 1 x 28 x 28; for ",
                                  "clips write C x T x H x W")};
  return {d, str_cat("INPUT ", in.str(), " fits the ", data_kind_name(d.kind), " images (10 classes)")};
}

int chartext_vocab() {
  std::string v = char_corpus();
  std::sort(v.begin(), v.end());
  return static_cast<int>(std::unique(v.begin(), v.end()) - v.begin());
}

DataSuggestion sequence_set(const Shape& in, const Head& h, DataDesc d) {
  const int T = in[0], D = in[1];
  d.seq_len = T;
  if (D == 2 && !h.classify && T >= 4) {
    d.kind = DataKind::Adding;
    return {d, str_cat("INPUT SEQ ", T, " x 2 fits the adding problem with T = ", T,
                       " steps (value, marker) -> the sum of the two marked values")};
  }
  if (D == 1 && !h.classify && (h.units == 0 || h.units <= 32)) {
    d.kind = DataKind::Sine;
    d.predict_steps = std::max(1, h.units);
    return {d, str_cat("INPUT SEQ ", T, " x 1 fits the sine continuation: ", T, " values -> the next ",
                       d.predict_steps)};
  }
  if (h.classify && D == chartext_vocab() && T <= 200) {
    d.kind = DataKind::CharText;
    return {d, str_cat("INPUT SEQ ", T, " x ", D, " fits next-character prediction with windows of ", T,
                       " characters")};
  }
  if (h.classify && D >= 3 && D - 1 <= 32 && T >= 2 && T - 2 <= 200 && (h.units == 0 || h.units == D - 1)) {
    d.kind = DataKind::Copy;
    d.num_classes = D - 1;
    d.lag = T - 2;
    return {d, str_cat("INPUT SEQ ", T, " x ", D, " fits copy / recall of ", D - 1, " symbols across ", T - 2,
                       " distractor steps")};
  }
  return {std::nullopt, str_cat("no sequence task is ", T, " x ", D, " with this loss: adding is T x 2 (MSE), sine T x 1 ",
                                "(MSE), copy T x (symbols + 1) (SOFTMAX), characters T x ", chartext_vocab(),
                                " (SOFTMAX)")};
}

DataSuggestion point_set(const Shape& in, const Head& h, DataDesc d, const DataDesc& current) {
  if (in[0] != 2 || !h.classify)
    return {std::nullopt, str_cat("no data set has ", in[0], " features; the 2D point sets are INPUT 2 (SOFTMAX)")};
  const int k = h.units ? h.units : 2;
  if (k < 2 || k > 10) return {std::nullopt, "the 2D point sets have 2..10 classes; end with FC-2 .. FC-10"};
  // Keep the current 2D set when it can have k classes (XOR, moons and linear always have 2).
  const DataKind c = current.kind;
  const bool any_k = c == DataKind::Spirals || c == DataKind::Circles || c == DataKind::Blobs || c == DataKind::Hand2D;
  if (is_2d_kind(c) && (any_k || k == 2)) d = current;
  else d.kind = DataKind::Spirals;
  d.num_classes = k;
  return {d, str_cat("INPUT 2 fits the 2D points (", data_kind_name(d.kind), ", ", k, " classes)")};
}

}  // namespace

int largest_batch_within_budget(const ModelSpec& spec, int max_batch) {
  int lo = 0, hi = std::max(0, max_batch);  // train_bytes grows with the batch: bisect for the last fit
  while (lo < hi) {
    const int mid = lo + (hi - lo + 1) / 2;
    SummaryResult s = summarize_spec(spec, mid, false);
    if (s.ok() && s.summary.train_bytes <= kTrainBudgetBytes) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

DataSuggestion suggest_data_for_spec(const ModelSpec& spec, const DataDesc& current) {
  DataDesc d;
  d.seed = current.seed;
  d.train_frac = current.train_frac;
  const Head h = head_of(spec);
  const Shape& in = spec.input;
  switch (in.rank()) {
    case 4: return clip_set(in, h, d, current);
    case 3: return image_set(in, d);
    case 2: return sequence_set(in, h, d);
    case 1: return point_set(in, h, d, current);
    default: return {std::nullopt, "the spec has no INPUT"};
  }
}

}  // namespace gl
