// What panels ask for while drawing: the session's edits (engine/session/edits.h), applied by App::frame()
// at the top of the next frame through Session::apply().
#pragma once
#include "engine/session/edits.h"

namespace gl {

using Intents = SessionEdits;

}  // namespace gl
