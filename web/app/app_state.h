// Helpers behind App's URL hash and Save/Load: the state as key/value pairs (spec, data set and settings,
// optimizer and settings, seed, tab). Parsing collects problems as text instead of throwing.
#pragma once
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/train/trainer.h"
#include "web/app/url_state.h"

namespace gl {

struct AppStateParams {
  UrlParams params;
};

// Writes data/training settings as URL parameters (only what differs from the defaults given).
void append_settings(UrlParams& out, const DataDesc& data, const TrainDesc& train, const DataDesc& data_default,
                     const TrainDesc& train_default);
// Reads them back into data/train; unknown values are reported in problems ("lr=abc is not a number").
void read_settings(const UrlParams& in, DataDesc& data, TrainDesc& train, std::vector<std::string>& problems);

}  // namespace gl
