// Whether the session's network and data set agree, for the front end: is there a current run (or only the
// previous model, kept inspectable while an error shows), and which data set, at which batch, fits the network
// when they do not (engine/train/data_for_spec.h, sized to the page's memory budget and a step's time).
// Not here: building anything (the front end applies a fit as data and training edits).
#pragma once
#include <optional>
#include <string>

#include "engine/session/train_lab.h"

namespace gl {

// The trainer the lab advances, or nullptr while the lab shows an error (the network does not fit the data,
// the budget is exceeded, the pack is loading): the trainer kept then is the previous model's, not a run.
inline const Trainer* current_run(const TrainLab& lab) { return lab.error().empty() ? lab.trainer() : nullptr; }
inline bool has_current_run(const TrainLab& lab) { return current_run(lab) != nullptr; }

struct DataFit {
  std::optional<DataDesc> data;  // the data set that fits the spec; none when nothing fits (message says why)
  // The batch to train at with it: the lab's batch, lowered when the memory budget (kTrainBudgetBytes) or the
  // step's estimated time (kMaxStepMs, work_estimate.h) needs it; 0 when not even one sample fits the budget.
  int batch = 0;
  std::string message;     // what the data set is and why it fits, or why none does
  std::string label;       // a short name for a button: "moving squares 3 x 8 x 64 x 64, 10 motions"
  bool same_kind = false;  // the lab's data set with other parameters (sequence length, clip size, classes)
  bool changes_data = false;   // data differs from the lab's data set
  bool changes_batch = false;  // batch differs from the lab's batch
};

// For spec (the session's valid spec) against the lab's data set and batch.
DataFit fit_data_to_spec(const ModelSpec& spec, const TrainLab& lab);

// The clip count of a clip set cut to what kMaxClipSetBytes holds (the data controls keep a set buildable as
// its clips grow); unchanged when it fits, or when not even 2 clips per motion would (make_dataset says why).
int clip_count_within_limit(const DataDesc& d);

// The largest batch in [1, max_batch] whose estimated step (estimate_step) stays within half of kMaxStepMs on this
// machine; 1 when even one sample takes longer (the lab's note then says training is off).
int affordable_batch(const ModelSpec& spec, int max_batch);

}  // namespace gl
