// Marker shapes as polygons around the point (radius r), with a dark outline for contrast on the field.
#include "web/app/widgets/markers.h"

#include <cmath>

namespace gl::ui {

namespace {
// Regular polygon with n corners, the first at angle a0 (radians; 0 = right, y grows down).
int polygon(ImVec2* out, ImVec2 p, float r, int n, float a0) {
  for (int i = 0; i < n; ++i) {
    const float a = a0 + 6.2831853f * static_cast<float>(i) / static_cast<float>(n);
    out[i] = ImVec2(p.x + r * std::cos(a), p.y + r * std::sin(a));
  }
  return n;
}
int star(ImVec2* out, ImVec2 p, float r) {
  for (int i = 0; i < 10; ++i) {
    const float a = -1.5707963f + 6.2831853f * static_cast<float>(i) / 10.0f, rr = i % 2 ? r * 0.45f : r * 1.15f;
    out[i] = ImVec2(p.x + rr * std::cos(a), p.y + rr * std::sin(a));
  }
  return 10;
}
int cross(ImVec2* out, ImVec2 p, float r) {
  const float a = r * 0.38f, b = r;
  const ImVec2 pts[12] = {{-a, -b}, {a, -b}, {a, -a}, {b, -a}, {b, a}, {a, a}, {a, b}, {-a, b}, {-a, a}, {-b, a}, {-b, -a}, {-a, -a}};
  for (int i = 0; i < 12; ++i) out[i] = ImVec2(p.x + pts[i].x, p.y + pts[i].y);
  return 12;
}
}  // namespace

void draw_class_marker(ImDrawList* dl, ImVec2 p, float r, int cls, ImU32 color, bool filled) {
  ImVec2 pts[12];
  int n = 0;
  switch (cls & 7) {
    case 0: n = 0; break;  // circle
    case 1: n = polygon(pts, p, r * 0.95f, 4, 0.7853982f); break;        // square
    case 2: n = polygon(pts, p, r * 1.2f, 3, -1.5707963f); break;        // triangle
    case 3: n = polygon(pts, p, r * 1.15f, 4, 0.0f); break;              // diamond
    case 4: n = polygon(pts, p, r * 1.2f, 3, 1.5707963f); break;         // inverted triangle
    case 5: n = cross(pts, p, r * 1.1f); break;                          // cross
    case 6: n = polygon(pts, p, r * 1.1f, 6, 0.0f); break;               // hexagon
    default: n = star(pts, p, r); break;                                  // star
  }
  const ImU32 outline = IM_COL32(20, 20, 20, 220);
  if (n == 0) {
    if (filled) dl->AddCircleFilled(p, r, color);
    dl->AddCircle(p, r, outline, 0, filled ? 1.0f : 3.0f);
    if (!filled) dl->AddCircle(p, r, color, 0, 1.8f);
    return;
  }
  if (filled) {
    // Concave shapes (cross, star) are filled as a fan from the centre.
    for (int i = 0; i < n; ++i) dl->AddTriangleFilled(p, pts[i], pts[(i + 1) % n], color);
    dl->AddPolyline(pts, n, outline, ImDrawFlags_Closed, 1.0f);
  } else {
    dl->AddPolyline(pts, n, outline, ImDrawFlags_Closed, 3.0f);
    dl->AddPolyline(pts, n, color, ImDrawFlags_Closed, 1.8f);
  }
}

}  // namespace gl::ui
