// Decision boundary panel: for 2D data, the model's class probabilities over the plane as a field image
// (widgets/field_image.h), the points on top (train filled, test hollow, class colours); click to add a point of
// the chosen class, right-click to remove the nearest one.
#pragma once
#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"
#include "web/app/widgets/field_image.h"

namespace gl {

struct BoundaryPanel {
  int add_class = 0;
  bool add_to_test = false;
  bool show_test = true;
  int grid = 64;  // probability grid resolution (cells per side)
  FieldImage field;  // built from the last grid, rebuilt when its revision moves
};

void draw_boundary_panel(BoundaryPanel& panel, const Session& session, Gfx& gfx, Intents& intents);

}  // namespace gl
