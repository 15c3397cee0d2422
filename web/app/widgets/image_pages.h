// The Data tab's image grid as pages: side x side images a page (side clamped to 2..16), the page clamped to
// the pages there are. One rule for the grid and for its description in words.
#pragma once
#include <algorithm>

namespace gl::ui {

struct ImagePages {
  int side = 2, per_page = 4, pages = 1, page = 0;
  int first = 0, last = 0;  // the page's images: [first, last) of those shown
};

inline ImagePages image_pages(int shown, int grid_side, int page) {
  ImagePages p;
  p.side = std::clamp(grid_side, 2, 16);
  p.per_page = p.side * p.side;
  p.pages = std::max(1, (shown + p.per_page - 1) / p.per_page);
  p.page = std::clamp(page, 0, p.pages - 1);
  p.first = std::min(shown, p.page * p.per_page);
  p.last = std::min(shown, p.first + p.per_page);
  return p;
}

}  // namespace gl::ui
