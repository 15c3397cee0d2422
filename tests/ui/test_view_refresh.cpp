// ViewRefresh: the one rule for rebuilding a probed view (Inside, Batch norm).
#include <doctest/doctest.h>

#include "web/app/view_refresh.h"

using gl::ViewRefresh;

TEST_CASE("a probed view is rebuilt when its key changes, and while training at most every refresh_ms") {
  ViewRefresh r;
  CHECK(r.due(7, -1, 150));        // never built
  CHECK_FALSE(r.due(7, -1, 150));  // nothing moved
  CHECK(r.due(8, -1, 150));        // a new model, data or choice: at once, however recent the last build
  r.tick(100);
  CHECK_FALSE(r.due(8, 10, 150));  // training moved the step, but the view is 100 ms old
  r.tick(60);
  CHECK(r.due(8, 10, 150));        // 160 ms: rebuilt
  r.tick(1000);
  CHECK_FALSE(r.due(8, 10, 150));  // old, but nothing moved (paused)
  CHECK(r.due(9, 10, 150));
}
