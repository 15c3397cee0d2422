// The process-wide revision counter (see revision.h). Single-threaded by design (the page runs one thread).
#include "engine/session/revision.h"

namespace gl {

Revision next_revision() {
  static Revision counter = 0;
  return ++counter;
}

}  // namespace gl
