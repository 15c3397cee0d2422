// Network panel: the spec in the course's notation, edited as text (validated as the student types, the
// offending line and token marked) or as a list of layers with add / remove / reorder / edit buttons. Both
// views edit the same spec text, so they stay in sync. UI state only; the session owns the spec.
#pragma once
#include <string>

#include "engine/session/session.h"
#include "web/app/intents.h"

namespace gl {

struct NetworkPanel {
  std::string text;          // editor buffer
  std::string synced_from;   // session text the buffer was last loaded from
  bool widgets = false;      // layer list with buttons instead of the text editor
  int editing = -1;          // row whose text is being edited in the layer list
  std::string row_text;      // its buffer
  bool hide_counts = false;  // an open exercise asks for counts: the status line omits them (set by App)
  bool inspector_parallel = false;  // the Inspector shows the text as typed, row by row (set by App)
};

void draw_network_panel(NetworkPanel& panel, const Session& session, Intents& intents);

}  // namespace gl
