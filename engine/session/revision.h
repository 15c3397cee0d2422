// Revisions: every change to session state (data, spec/model, training step, settings) takes a fresh number
// from one counter, and every view carries the revision it was built from. A consumer (the UI, its texture
// cache) rebuilds what it derived only when the revision it holds differs. Not a clock; never reused.
#pragma once
#include <cstdint>

namespace gl {

using Revision = uint64_t;  // 0 = never built

// A number no earlier call returned (process-wide, starts at 1).
Revision next_revision();

}  // namespace gl
