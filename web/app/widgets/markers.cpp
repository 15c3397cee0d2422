// Marker shapes as polygons around the point (radius r), rasterised on the CPU with 4 x 4 samples per pixel
// into one sprite sheet; a dark outline for contrast on the field.
#include "web/app/widgets/markers.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "web/app/widgets/ui_common.h"

namespace gl::ui {

namespace {
// Regular polygon with n corners, the first at angle a0 (radians; 0 = right, y grows down).
int polygon(ImVec2* out, float r, int n, float a0) {
  for (int i = 0; i < n; ++i) {
    const float a = a0 + 6.2831853f * static_cast<float>(i) / static_cast<float>(n);
    out[i] = ImVec2(r * std::cos(a), r * std::sin(a));
  }
  return n;
}
int star(ImVec2* out, float r) {
  for (int i = 0; i < 10; ++i) {
    const float a = -1.5707963f + 6.2831853f * static_cast<float>(i) / 10.0f, rr = i % 2 ? r * 0.45f : r * 1.15f;
    out[i] = ImVec2(rr * std::cos(a), rr * std::sin(a));
  }
  return 10;
}
int cross(ImVec2* out, float r) {
  const float a = r * 0.38f, b = r;
  const ImVec2 pts[12] = {{-a, -b}, {a, -b}, {a, -a}, {b, -a}, {b, a}, {a, a}, {a, b}, {-a, b}, {-a, a}, {-b, a}, {-b, -a}, {-a, -a}};
  std::copy(pts, pts + 12, out);
  return 12;
}
// Corners of class k's shape around the origin; 0 for the circle.
int shape(ImVec2* out, int k, float r) {
  switch (k & 7) {
    case 0: return 0;                                      // circle
    case 1: return polygon(out, r * 0.95f, 4, 0.7853982f);  // square
    case 2: return polygon(out, r * 1.2f, 3, -1.5707963f);  // triangle
    case 3: return polygon(out, r * 1.15f, 4, 0.0f);        // diamond
    case 4: return polygon(out, r * 1.2f, 3, 1.5707963f);   // inverted triangle
    case 5: return cross(out, r * 1.1f);                    // cross
    case 6: return polygon(out, r * 1.1f, 6, 0.0f);         // hexagon
    default: return star(out, r);                           // star
  }
}
// Signed distance from q to the shape's edge (negative inside); even-odd rule, so concave shapes work.
float signed_distance(const ImVec2* pts, int n, float r, ImVec2 q) {
  if (n == 0) return std::sqrt(q.x * q.x + q.y * q.y) - r;
  float d2 = 1e30f;
  bool inside = false;
  for (int i = 0, j = n - 1; i < n; j = i++) {
    const ImVec2 a = pts[j], b = pts[i];
    const float ex = b.x - a.x, ey = b.y - a.y, wx = q.x - a.x, wy = q.y - a.y;
    const float t = std::clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0.0f, 1.0f);
    const float dx = wx - t * ex, dy = wy - t * ey;
    d2 = std::min(d2, dx * dx + dy * dy);
    if ((a.y > q.y) != (b.y > q.y) && q.x < a.x + (q.y - a.y) * ex / ey) inside = !inside;
  }
  const float d = std::sqrt(d2);
  return inside ? -d : d;
}
struct Rgba {
  float r, g, b, a;  // premultiplied
};
// `top` (straight colour c, alpha a) over `under`.
Rgba over(const ImVec4& c, float a, Rgba under) {
  return {c.x * a + under.r * (1 - a), c.y * a + under.g * (1 - a), c.z * a + under.b * (1 - a), a + under.a * (1 - a)};
}
// What one sample at distance d from the edge shows: filled (colour inside, a 1 px outline on the edge) or
// outlined (a 3 px dark ring under a 1.8 px coloured one), as ImGui's polygons drew them. Outlines run at
// distance `inset` inside the edge (ImGui strokes circles half a pixel inside their radius).
Rgba sample(float d, float inset, const ImVec4& color, bool filled) {
  const float o = std::fabs(d + inset);
  const ImVec4 dark(20 / 255.0f, 20 / 255.0f, 20 / 255.0f, 1);
  const float dark_a = 220 / 255.0f;
  Rgba s{0, 0, 0, 0};
  if (filled) {
    if (d <= 0) s = over(color, 1, s);
    if (o <= 0.5f) s = over(dark, dark_a, s);
  } else {
    if (o <= 1.5f) s = over(dark, dark_a, s);
    if (o <= 0.9f) s = over(color, 1, s);
  }
  return s;
}
}  // namespace

int marker_cell(float r) { return 2 * static_cast<int>(std::ceil(1.2f * r + 2.5f)); }

std::vector<uint8_t> marker_sheet_pixels(float r, int cell, const ImVec4 colors[8]) {
  const int w = cell * 8, h = cell * 2, kSub = 4;
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * 4, 0);
  const float half = 0.5f * static_cast<float>(cell);
  for (int k = 0; k < 8; ++k) {
    ImVec2 pts[12];
    const int n = shape(pts, k, r);
    for (int row = 0; row < 2; ++row)
      for (int y = 0; y < cell; ++y)
        for (int x = 0; x < cell; ++x) {
          Rgba sum{0, 0, 0, 0};
          for (int sy = 0; sy < kSub; ++sy)
            for (int sx = 0; sx < kSub; ++sx) {
              const ImVec2 q(x + (sx + 0.5f) / kSub - half, y + (sy + 0.5f) / kSub - half);
              const Rgba s = sample(signed_distance(pts, n, r, q), n == 0 ? 0.5f : 0.0f, colors[k], row == 0);
              sum = {sum.r + s.r, sum.g + s.g, sum.b + s.b, sum.a + s.a};
            }
          const float a = sum.a / (kSub * kSub);
          uint8_t* o = &px[(static_cast<size_t>(row * cell + y) * w + static_cast<size_t>(k * cell + x)) * 4];
          if (a <= 0) continue;
          const float rgb[3] = {sum.r / sum.a, sum.g / sum.a, sum.b / sum.a};  // back to straight alpha
          for (int c = 0; c < 3; ++c) o[c] = static_cast<uint8_t>(std::lround(std::clamp(rgb[c], 0.0f, 1.0f) * 255));
          o[3] = static_cast<uint8_t>(std::lround(std::clamp(a, 0.0f, 1.0f) * 255));
        }
  }
  return px;
}

MarkerSheet marker_sheet(Gfx& gfx, float r) {
  const int cell = marker_cell(r), slot = slot_of(TexSlot::Markers);
  uint32_t rbits = 0;
  std::memcpy(&rbits, &r, sizeof rbits);
  const uint64_t key = gfx_key({rbits, class_palette_hash()});
  if (void* t = gfx.cached(slot, key, cell * 8, cell * 2)) return {t, cell};
  ImVec4 colors[8];
  for (int k = 0; k < 8; ++k) colors[k] = class_color(k);
  const std::vector<uint8_t> px = marker_sheet_pixels(r, cell, colors);
  return {gfx.texture_rgba(slot, key, cell * 8, cell * 2, px.data()), cell};
}

void draw_class_marker(ImDrawList* dl, const MarkerSheet& sheet, ImVec2 p, int cls, bool filled) {
  const float c = static_cast<float>(sheet.cell), x0 = std::round(p.x - 0.5f * c), y0 = std::round(p.y - 0.5f * c);
  const float u0 = static_cast<float>(cls & 7) / 8.0f, v0 = filled ? 0.0f : 0.5f;
  dl->AddImage(sheet.texture, ImVec2(x0, y0), ImVec2(x0 + c, y0 + c), ImVec2(u0, v0), ImVec2(u0 + 0.125f, v0 + 0.5f));
}

}  // namespace gl::ui
