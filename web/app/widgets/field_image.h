// A decision-boundary picture from a grid of class probabilities, built on the CPU at the grid's resolution:
// one colour per cell (class colours mixed by probability, pale where the model is unsure), shown scaled up
// by bilinear sampling, and the boundary (where the most likely class changes) as line segments found by
// marching squares, drawn over the image at screen resolution. Rebuilt only when the grid's revision (or the
// palette) moves, so a frame that changes nothing uploads nothing, and a repaint is n x n texels, not the
// image's on-screen size. Not here: the points (plane_view.h) or where the grid comes from (the session).
#pragma once
#include <cstdint>
#include <vector>

#include "engine/session/session.h"
#include "web/app/gfx.h"

namespace gl {

struct FieldImage {
  Revision rev = 0;          // PlaneGrid::rev it was built from (0: empty)
  uint64_t palette = 0;      // hash of the class colours it was built with
  int n = 0;                 // n x n cells
  std::vector<uint8_t> rgba;  // n x n RGBA8, row 0 on top
  std::vector<float> lines;   // segments (u0, v0, u1, v1), in 0..1 across and down the plane
};

// Rebuilds f from g when g's revision or the class colours changed; an empty grid empties f.
void update_field_image(FieldImage& f, const PlaneGrid& g);
// The image's texture in `slot` (uploaded once per revision, bilinear sampling); null when f is empty.
void* field_texture(Gfx& gfx, int slot, const FieldImage& f);

}  // namespace gl
