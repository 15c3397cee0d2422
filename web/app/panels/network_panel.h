// Network panel: the spec in the course's notation, edited as text, validated as the student types; the
// offending line and token are marked and the error says why. UI state only; the session owns the spec.
#pragma once
#include <string>

#include "engine/session/session.h"
#include "web/app/intents.h"

namespace gl {

struct NetworkPanel {
  std::string text;          // editor buffer
  std::string synced_from;   // session text the buffer was last loaded from
};

void draw_network_panel(NetworkPanel& panel, const Session& session, Intents& intents);

}  // namespace gl
