// PyTorch script for a run: export_pytorch's model plus the run's weights, optimizer state, schedule,
// clipping, batch order (GradLab's xoshiro128** stream ported to Python) and the data set embedded as
// float32, in one self-contained file (torch and the standard library only) that continues the run step for
// step, on one process or data-parallel under torchrun, and can write a GradLab run file back. Source text
// only; nothing here runs Python. Checked by tests/reference/check_run_export.py.
#pragma once
#include <string>

#include "engine/data/dataset.h"
#include "engine/train/run_file.h"

namespace gl {

// `data` must be the data set made from run.data (the script embeds its tensors). Throws EngineError when the
// model has no PyTorch counterpart or the embedded data would pass kMaxRunFileBytes (then set max_train/max_test).
std::string export_pytorch_run(const RunFile& run, const Dataset& data);

}  // namespace gl
