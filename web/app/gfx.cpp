// Gfx's cache by (slot, key, size) and its upload counter; the GPU work itself is the subclass's.
#include "web/app/gfx.h"

#include <cstddef>

namespace gl {

uint64_t gfx_key(std::initializer_list<uint64_t> parts) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the 8 bytes of each part
  for (uint64_t p : parts)
    for (int b = 0; b < 8; ++b) {
      h ^= (p >> (8 * b)) & 0xff;
      h *= 1099511628211ull;
    }
  return h ? h : 1;
}

void* Gfx::cached(int slot, uint64_t key, int w, int h) const {
  if (slot < 0 || slot >= static_cast<int>(entries_.size()) || key == 0) return nullptr;
  const Entry& e = entries_[static_cast<size_t>(slot)];
  return e.key == key && e.w == w && e.h == h ? e.handle : nullptr;
}

void* Gfx::remember(int slot, uint64_t key, int w, int h, void* handle) {
  if (slot >= static_cast<int>(entries_.size())) entries_.resize(static_cast<size_t>(slot) + 1);
  entries_[static_cast<size_t>(slot)] = Entry{key, w, h, handle};
  ++this_frame_;
  ++total_;
  this_texels_ += static_cast<int64_t>(w) * h;
  return handle;
}

void* Gfx::texture_rgba(int slot, uint64_t key, int w, int h, const uint8_t* rgba, Sampling sampling) {
  if (void* t = cached(slot, key, w, h)) return t;
  return remember(slot, key, w, h, do_texture_rgba(slot, w, h, rgba, sampling));
}

void* Gfx::paint_contour(int slot, uint64_t key, int grid_w, int grid_h, const float* values, float vmin, float vmax,
                         int levels, int out_w, int out_h) {
  if (void* t = cached(slot, key, out_w, out_h)) return t;
  return remember(slot, key, out_w, out_h,
                  do_paint_contour(slot, grid_w, grid_h, values, vmin, vmax, levels, out_w, out_h));
}

void Gfx::end_frame() {
  last_frame_ = this_frame_;
  this_frame_ = 0;
  last_texels_ = this_texels_;
  this_texels_ = 0;
}

}  // namespace gl
