// The plane of a 2D data set drawn as a square: an optional field image (a decision boundary, field_image.h)
// and its boundary lines, with the points on top (train filled, test hollow, class colours); shared by the Boundary, Classifiers and Data
// tabs. Draws only; what a click means is the caller's.
#pragma once
#include <vector>

#include "engine/session/session.h"
#include "web/app/gfx.h"

namespace gl {

// The plane shown: [x0, x1] along the columns (x1), [y0, y1] up the rows (x2).
struct PlaneView {
  float x0, x1, y0, y1;
};
// A field under the points: its texture (null: none) and its boundary segments (u0, v0, u1, v1 in 0..1
// across and down the square; null: none).
struct PlaneField {
  void* texture = nullptr;
  const std::vector<float>* lines = nullptr;
};
// Fills the square of side `side` at the cursor; an empty field draws the points only. Returns true when
// hovered and then sets the plane position under the mouse.
bool draw_plane(const Dataset& data, const PlaneView& view, const PlaneField& field, float side, bool show_test,
                Gfx& gfx, float* hover_x1, float* hover_x2);

}  // namespace gl
