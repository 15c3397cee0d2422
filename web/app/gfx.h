// What the panels may ask of the GPU: textures from pixels, and contour maps painted by the GLSL shader in
// shaders/. Every request names a slot (from TexSlot, the one table of slots) and a key: the revision of
// what the pixels are made from (see engine/session/revision.h). A slot that already holds that key at that
// size is reused without touching the GPU, so a frame where nothing changed uploads and paints nothing.
// Implemented by web/platform/gl_gfx.cpp (OpenGL 3.3 / WebGL2); NullGfx serves headless UI tests.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace gl {

// Texture slots, one range per user. A slot's texture is created on first use and resized as needed.
enum class TexSlot : int {
  Boundary = 0,                 // the decision boundary (Boundary tab)
  Contour = 1,                  // the loss surface (Optimizers tab)
  Classifiers = 2,              // + 0..3: kNN, SVM, softmax, the MLP (Classifiers tab)
  DataView = Classifiers + 4,   // + 0..3: image atlas / clip frame, sequence heatmaps (Data tab)
  Markers = DataView + 4,       // the class markers' sprites (points on every 2D plane)
  Inside = Markers + 1,         // + 0..kInsideSlots-1: unit maps, filters, feature maps, |W| (Inside tab)
  Count = Inside + 600,
};
inline constexpr int kInsideSlots = static_cast<int>(TexSlot::Count) - static_cast<int>(TexSlot::Inside);
inline int slot_of(TexSlot base, int offset = 0) { return static_cast<int>(base) + offset; }

// A cache key from several revisions and settings (order matters); never 0.
uint64_t gfx_key(std::initializer_list<uint64_t> parts);

// How a texture is sampled when shown larger than its size: Nearest keeps cells square (heatmaps, pixels),
// Linear interpolates between texel centres (a field computed on a coarse grid).
enum class Sampling { Nearest, Linear };

class Gfx {
 public:
  virtual ~Gfx() = default;
  // The slot's texture when it holds `key` at w x h, else null: lets a caller skip building pixels.
  void* cached(int slot, uint64_t key, int w, int h) const;
  // Uploads RGBA8 pixels (row-major, top row first) into the slot's texture, unless it holds key already.
  void* texture_rgba(int slot, uint64_t key, int w, int h, const uint8_t* rgba, Sampling sampling = Sampling::Nearest);
  // Paints a contour map (out_w x out_h) of a scalar grid (grid_h x grid_w, row 0 = top) with
  // shaders/contour.glsl: colour by value, iso-lines at `levels` evenly spaced levels of log(1 + v - vmin).
  void* paint_contour(int slot, uint64_t key, int grid_w, int grid_h, const float* values, float vmin, float vmax,
                      int levels, int out_w, int out_h);

  // Uploads and paints (GPU work) of the last finished frame, and since the start; and the texels they wrote
  // in the last finished frame (what a software rasteriser pays for).
  void end_frame();
  int uploads_last_frame() const { return last_frame_; }
  int64_t uploads_total() const { return total_; }
  int64_t texels_last_frame() const { return last_texels_; }

 protected:
  virtual void* do_texture_rgba(int slot, int w, int h, const uint8_t* rgba, Sampling sampling) = 0;
  virtual void* do_paint_contour(int slot, int grid_w, int grid_h, const float* values, float vmin, float vmax,
                                 int levels, int out_w, int out_h) = 0;

 private:
  struct Entry {
    uint64_t key = 0;
    int w = 0, h = 0;
    void* handle = nullptr;
  };
  void* remember(int slot, uint64_t key, int w, int h, void* handle);
  std::vector<Entry> entries_;  // by slot
  int this_frame_ = 0, last_frame_ = 0;
  int64_t total_ = 0, this_texels_ = 0, last_texels_ = 0;
};

// Headless implementation: counts what was asked, draws nothing.
class NullGfx : public Gfx {
 protected:
  void* do_texture_rgba(int slot, int, int, const uint8_t*, Sampling) override { return handle(slot); }
  void* do_paint_contour(int slot, int, int, const float*, float, float, int, int, int) override { return handle(slot); }

 private:
  static void* handle(int slot) { return reinterpret_cast<void*>(static_cast<intptr_t>(slot + 1)); }
};

}  // namespace gl
