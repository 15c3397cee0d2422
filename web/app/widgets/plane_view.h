// The plane of a 2D data set drawn as a square: an optional field image (a decision boundary) with the
// points on top (train filled, test hollow, class colours); shared by the Boundary, Classifiers and Data
// tabs. Draws only; what a click means is the caller's.
#pragma once
#include "engine/session/session.h"
#include "web/app/gfx.h"

namespace gl {

// The plane shown: [x0, x1] along the columns (x1), [y0, y1] up the rows (x2).
struct PlaneView {
  float x0, x1, y0, y1;
};
// Fills the square of side `side` at the cursor; field_tex may be null (points only). Returns true when
// hovered and then sets the plane position under the mouse.
bool draw_plane(const Dataset& data, const PlaneView& view, void* field_tex, float side, bool show_test,
                float* hover_x1, float* hover_x2);

// Builds the class colours for the field shader.
FieldColors class_field_colors();

}  // namespace gl
