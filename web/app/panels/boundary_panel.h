// Decision boundary panel: for 2D data, the model's class probabilities over the plane painted by
// shaders/field.glsl, the points on top (train filled, test hollow, class colours); click to add a point of
// the chosen class, right-click to remove the nearest one.
#pragma once
#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"

namespace gl {

struct BoundaryPanel {
  int add_class = 0;
  bool add_to_test = false;
  bool show_test = true;
  int grid = 64;  // probability grid resolution (cells per side)
};

// The plane with points, usable by other panels: fills the square of side `side` at the cursor.
// probs may be null (points only). Returns true when hovered and sets the hovered plane position.
struct PlaneView {
  float x0, x1, y0, y1;
};
bool draw_plane(const Dataset& data, const PlaneView& view, void* field_tex, float side, bool show_test,
                float* hover_x1, float* hover_x2);

// Builds the class colours for the field shader.
FieldColors class_field_colors();

void draw_boundary_panel(BoundaryPanel& panel, const Session& session, Gfx& gfx, Intents& intents);

}  // namespace gl
