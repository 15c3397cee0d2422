// FieldImage: cell colours and marching-squares boundary segments from a PlaneGrid.
#include "web/app/widgets/field_image.h"

#include <algorithm>

#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {

// A cell's colour: probabilities mix the class colours; the mix fades to near white as the top class's
// lead over chance shrinks (conf 0: 18% colour, conf 1: 68%).
void cell_color(const float* p, int classes, const ImVec4* colors, uint8_t out[4]) {
  float c[3] = {0, 0, 0}, total = 0, top = 0;
  for (int k = 0; k < classes; ++k) {
    for (int i = 0; i < 3; ++i) c[i] += p[k] * (&colors[k].x)[i];
    total += p[k];
    top = std::max(top, p[k]);
  }
  const float chance = 1.0f / static_cast<float>(std::max(classes, 2));
  const float conf = std::clamp((top - chance) / (1.0f - chance), 0.0f, 1.0f), a = 0.18f + 0.5f * conf;
  for (int i = 0; i < 3; ++i) {
    const float v = 0.97f + (c[i] / std::max(total, 1e-6f) - 0.97f) * a;
    out[i] = static_cast<uint8_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
  }
  out[3] = 255;
}

// s_k at every cell: p_k minus the largest other probability (> 0 exactly where k is the most likely class).
void lead_of(const PlaneGrid& g, int k, std::vector<float>& s, std::vector<int>& top) {
  const int n = g.n, classes = g.classes;
  for (int i = 0; i < n * n; ++i) {
    const float* p = &g.probs[static_cast<size_t>(i) * classes];
    float other = -1.0f;
    for (int j = 0; j < classes; ++j)
      if (j != k) other = std::max(other, p[j]);
    s[static_cast<size_t>(i)] = p[k] - other;
    if (k == 0) top[static_cast<size_t>(i)] = static_cast<int>(std::max_element(p, p + classes) - p);
  }
}

// Marching squares over s_k: the segments of the border of class k's region. A border between classes k
// and m is kept only from the side of the smaller index, so it is drawn once.
void border_of(const PlaneGrid& g, int k, const std::vector<float>& s, const std::vector<int>& top,
               std::vector<float>& out) {
  const int n = g.n;
  const float cell = 1.0f / static_cast<float>(n);
  for (int r = 0; r + 1 < n; ++r)
    for (int c = 0; c + 1 < n; ++c) {
      // Corners clockwise from the top left; edge e joins corner e and corner (e + 1) % 4.
      const int idx[4] = {r * n + c, r * n + c + 1, (r + 1) * n + c + 1, (r + 1) * n + c};
      const float cu[4] = {0, 1, 1, 0}, cv[4] = {0, 0, 1, 1};
      float v[4];
      bool in[4];
      for (int i = 0; i < 4; ++i) v[i] = s[static_cast<size_t>(idx[i])], in[i] = v[i] > 0;
      float pu[4], pv[4];
      int m = 0, other = 0;
      for (int e = 0; e < 4; ++e) {
        const int a = e, b = (e + 1) % 4;
        if (in[a] == in[b]) continue;
        const float t = v[a] / (v[a] - v[b]);
        pu[m] = (static_cast<float>(c) + 0.5f + cu[a] + t * (cu[b] - cu[a])) * cell;
        pv[m] = (static_cast<float>(r) + 0.5f + cv[a] + t * (cv[b] - cv[a])) * cell;
        if (m == 0) other = top[static_cast<size_t>(idx[in[a] ? b : a])];
        ++m;
      }
      if (m < 2 || other < k) continue;
      auto seg = [&](int i, int j) { out.insert(out.end(), {pu[i], pv[i], pu[j], pv[j]}); };
      if (m == 2) {
        seg(0, 1);
      } else {  // a saddle: the centre's sign says whether corners 0 and 2 connect through the middle
        const bool centre_in = (v[0] + v[1] + v[2] + v[3]) > 0;
        if (centre_in == in[0]) seg(0, 1), seg(2, 3);  // crossings on edges 0,1 and 2,3 cut off corners 1, 3
        else seg(0, 3), seg(1, 2);
      }
    }
}

}  // namespace

void update_field_image(FieldImage& f, const PlaneGrid& g) {
  ImVec4 colors[8];
  for (int k = 0; k < 8; ++k) colors[k] = ui::class_color(k);
  const uint64_t palette = ui::class_palette_hash();
  if (g.n <= 0 || g.classes < 2 || g.classes > 8) {
    f = FieldImage{};
    return;
  }
  if (f.rev == g.rev && f.palette == palette) return;
  const int n = g.n;
  f.rev = g.rev;
  f.palette = palette;
  f.n = n;
  f.rgba.resize(static_cast<size_t>(n) * n * 4);
  for (int i = 0; i < n * n; ++i)
    cell_color(&g.probs[static_cast<size_t>(i) * g.classes], g.classes, colors, &f.rgba[static_cast<size_t>(i) * 4]);
  f.lines.clear();
  std::vector<float> s(static_cast<size_t>(n) * n);
  std::vector<int> top(s.size());
  for (int k = 0; k < g.classes; ++k) {
    lead_of(g, k, s, top);
    border_of(g, k, s, top, f.lines);
  }
}

void* field_texture(Gfx& gfx, int slot, const FieldImage& f) {
  if (f.n <= 0) return nullptr;
  return gfx.texture_rgba(slot, gfx_key({f.rev, f.palette}), f.n, f.n, f.rgba.data(), Sampling::Linear);
}

}  // namespace gl
