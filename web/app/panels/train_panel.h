// Train panel (left column): the data set and its settings, the optimizer and its settings, batch size,
// L2, clipping, schedule, initializer, seed; play / pause / step / reset; progress and the divergence
// banner. Records edits as intents; the session applies them next frame.
#pragma once
#include <array>
#include <optional>
#include <string>

#include "engine/session/session.h"
#include "web/app/intents.h"

namespace gl {

struct TrainPanel {
  float steps_per_second = 0;           // measured by App
  std::optional<DataDesc> pending_data;    // edited but not yet applied (a drag in progress)
  std::optional<TrainDesc> pending_train;
  std::string data_note;  // what the network's INPUT set in the data (App), until the student picks data again
  bool data_error_shown = false;      // this frame's data controls showed the lab's error (the progress points there)
  std::array<float, 4> fit_button{};  // x, y, w, h of "Use data that fits this network" this frame (0: not shown)
};

void draw_data_controls(TrainPanel& panel, const Session& session, Intents& intents);
void draw_train_controls(TrainPanel& panel, const Session& session, Intents& intents);

}  // namespace gl
