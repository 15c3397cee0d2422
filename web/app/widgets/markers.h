// Class markers: each class has its own shape as well as its own colour (circle, square, triangle,
// diamond, inverted triangle, cross, hexagon, star), so points stay apart for students who cannot tell the
// colours apart. Filled for training points, outlined for test points, with a dark outline for contrast on a
// boundary image.
//
// A plane shows hundreds of points on every frame, so each marker is one textured quad: the sixteen markers
// (8 classes x filled / outlined) are drawn once on the CPU, anti-aliased, into a sprite sheet in the GPU
// (TexSlot::Markers), rebuilt only when their size or the theme's colours change. Drawing them as ImGui
// polygons cost about 50 vertices each and a third of the Classifiers tab's GL time under a software
// rasteriser. One sheet at a time (one slot): every plane of a frame has the same size, as on every tab today;
// planes of two sizes in one frame would need a slot per size.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

#include "web/app/gfx.h"

namespace gl::ui {

// The sheet for markers of radius r (framebuffer pixels): 8 columns (class k & 7) x 2 rows (filled, then
// outlined), each cell `cell` pixels square with the marker's centre at its middle.
struct MarkerSheet {
  void* texture = nullptr;
  int cell = 0;
};

// Pixels of the sheet (RGBA8, straight alpha, cell*8 wide, cell*2 high); pure, for tests.
std::vector<uint8_t> marker_sheet_pixels(float r, int cell, const ImVec4 colors[8]);
// Cell size for radius r: room for the largest shape and the outline's anti-aliased edge.
int marker_cell(float r);
// The sheet for radius r in the current theme, uploaded when it changed.
MarkerSheet marker_sheet(Gfx& gfx, float r);
// One marker centred near p (snapped to whole pixels, so it stays crisp).
void draw_class_marker(ImDrawList* dl, const MarkerSheet& sheet, ImVec2 p, int cls, bool filled);

}  // namespace gl::ui
