// Which built-in data set fits a spec: read from the spec's INPUT (and, when the network is finished, its
// output), e.g. INPUT SEQ 50 x 2 -> the adding problem with T = 50, INPUT 3 x 8 x 64 x 64 -> moving-square
// clips at that size. For the "the spec does not fit the data" case: offer the data, not only a network.
// Not here: building the data (make_dataset) or checking a spec against a data set (Trainer does that).
#pragma once
#include <optional>
#include <string>

#include "engine/data/dataset.h"
#include "engine/spec/spec.h"

namespace gl {

// Generated data sets a suggestion may hold in memory (train + test inputs, float32); the sample count of a
// large clip set is cut to fit (3 x 8 x 64 x 64 clips are 384 KiB each: 170 clips).
constexpr int64_t kSuggestedDataBytes = int64_t{64} << 20;  // 64 MiB

struct DataSuggestion {
  std::optional<DataDesc> desc;  // the data set to use, or none fits
  // What was chosen and why ("INPUT 3 x 8 x 64 x 64 is a clip: moving squares, 3 x 8 x 64 x 64, 10 motions,
  // 170 clips (64 MiB)"), or why nothing fits and what would.
  std::string message;
};

// `current` supplies the seed and train fraction (and the 2D set / class count when they still fit).
DataSuggestion suggest_data_for_spec(const ModelSpec& spec, const DataDesc& current = DataDesc{});

// The largest batch in [1, max_batch] whose training memory (summarize_spec's train_bytes) fits the page's
// budget kTrainBudgetBytes; 0 when not even one sample fits or the spec has a shape error. For "this model
// needs 1.3 GiB at batch 32" the UI can offer "train at batch B instead".
int largest_batch_within_budget(const ModelSpec& spec, int max_batch = 32);

}  // namespace gl
