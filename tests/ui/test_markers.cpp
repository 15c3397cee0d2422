// Class markers as sprites: the sheet's pixels (shape, fill, outline) and what a plane of points costs the
// GPU per frame (one quad per point, not a polygon with anti-aliased fringes).
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "engine/core/json.h"
#include "tests/ui/headless.h"
#include "web/app/app.h"
#include "web/app/widgets/markers.h"

using namespace gl;
using gl::test::Headless;

namespace {

struct Sheet {
  float r;
  int cell;
  std::vector<uint8_t> px;
  const uint8_t* at(int k, bool filled, int x, int y) const {  // x, y from the cell's centre
    const int cx = k * cell + cell / 2 + x, cy = (filled ? 0 : cell) + cell / 2 + y;
    return &px[(static_cast<size_t>(cy) * cell * 8 + static_cast<size_t>(cx)) * 4];
  }
};

Sheet make_sheet(float r) {
  ImVec4 colors[8];
  for (int k = 0; k < 8; ++k) colors[k] = ImVec4(0.1f * k, 0.9f, 0.5f, 1);
  const int cell = ui::marker_cell(r);
  return {r, cell, ui::marker_sheet_pixels(r, cell, colors)};
}

bool near_color(const uint8_t* p, int k) {  // opaque class colour k
  auto close = [](int a, float b) { return std::abs(a - static_cast<int>(b * 255 + 0.5f)) <= 2; };
  return p[3] == 255 && close(p[0], 0.1f * k) && close(p[1], 0.9f) && close(p[2], 0.5f);
}

}  // namespace

TEST_CASE("marker sheet: filled shapes in the class colour, test points as rings, nothing outside") {
  const Sheet s = make_sheet(6.0f);
  REQUIRE(s.px.size() == static_cast<size_t>(s.cell) * 8 * s.cell * 2 * 4);
  for (int k = 0; k < 8; ++k) {
    CAPTURE(k);
    CHECK(near_color(s.at(k, true, 0, 0), k));   // a filled marker's centre: its class colour
    CHECK(s.at(k, false, 0, 0)[3] == 0);          // an outlined one is hollow
    CHECK(s.at(k, true, -s.cell / 2, -s.cell / 2)[3] == 0);  // the cell's corner stays clear
    CHECK(s.at(k, false, -s.cell / 2, -s.cell / 2)[3] == 0);
  }
  // Circle (class 0), stroked half a pixel inside its radius as ImGui strokes circles: the ring (5.5 +- 1.5)
  // is the class colour over a dark outline; inside it, transparent.
  CHECK(near_color(s.at(0, false, 5, 0), 0));
  CHECK(s.at(0, false, 6, 0)[3] > 200);
  CHECK(s.at(0, false, 3, 0)[3] == 0);
  // The filled circle's edge (5 .. 6) is dark, the outline; a pixel past it is empty.
  const uint8_t* edge = s.at(0, true, 5, 0);
  CHECK(edge[3] > 200);
  CHECK(edge[1] < 180);
  CHECK(s.at(0, true, 7, 0)[3] == 0);
  // Shapes differ: the square (class 1, corners at 45 degrees, half-side 0.95 r / sqrt 2 = 4.0) covers the
  // pixel at (3, 3) (its colour and outline), the diamond (class 3, |x| + |y| <= 1.15 r = 6.9) only part of it;
  // the cross's notch (class 5) is empty.
  CHECK(near_color(s.at(1, true, 2, 2), 1));
  CHECK(s.at(1, true, 3, 3)[3] == 255);
  CHECK(s.at(3, true, 3, 3)[3] < 255);
  CHECK(s.at(5, true, 5, 5)[3] == 0);
  CHECK(near_color(s.at(5, true, 0, 5), 5));
}

TEST_CASE("a plane's points cost one quad each: the Classifiers tab stays under 10 vertices per point") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=classifiers&play=0&clplay=0");
  h.frames(app, 3);
  const Dataset& d = *app.session().train().data();
  const int points = 4 * (d.x_train.dim(0) + d.x_test.dim(0));  // train and test, on four planes
  REQUIRE(points > 1000);
  int vertices = 0;
  const ImDrawData* dd = ImGui::GetDrawData();
  for (int i = 0; i < dd->CmdListsCount; ++i) vertices += dd->CmdLists[i]->VtxBuffer.Size;
  CAPTURE(vertices);
  CHECK(vertices > 4 * points);   // every point is drawn
  CHECK(vertices < 10 * points);  // as one quad, plus the rest of the page (the polygons took about 50 each)
}
