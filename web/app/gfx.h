// What the panels may ask of the GPU: textures from pixels, and fields painted by the GLSL shaders in
// shaders/. Implemented by web/platform/gl_gfx.cpp (OpenGL 3.3 / WebGL2); NullGfx serves headless UI tests.
// Handles are ImTextureID-compatible (void*). Slots are small integers chosen by the caller; a slot's texture
// is created on first use and resized as needed.
#pragma once
#include <cstdint>

namespace gl {

struct FieldColors {
  float rgb[8][3];  // one colour per class
};

class Gfx {
 public:
  virtual ~Gfx() = default;
  // Uploads RGBA8 pixels (row-major, top row first) into the slot's texture.
  virtual void* texture_rgba(int slot, int w, int h, const uint8_t* rgba) = 0;
  // Paints a decision-boundary image (out_w x out_h) from a grid of class probabilities
  // (grid_h x grid_w x classes, row 0 = top, classes <= 8) with shaders/field.glsl: each pixel mixes the class
  // colours by the bilinearly interpolated probabilities, lighter where the net is unsure.
  virtual void* paint_field(int slot, int grid_w, int grid_h, int classes, const float* probs,
                            const FieldColors& colors, int out_w, int out_h) = 0;
  // Paints a contour map (out_w x out_h) of a scalar grid (grid_h x grid_w, row 0 = top) with
  // shaders/contour.glsl: colour by value, iso-lines at `levels` evenly spaced levels of log(1 + v - vmin).
  virtual void* paint_contour(int slot, int grid_w, int grid_h, const float* values, float vmin, float vmax,
                              int levels, int out_w, int out_h) = 0;
};

// Headless implementation: remembers what was asked, draws nothing.
class NullGfx : public Gfx {
 public:
  void* texture_rgba(int slot, int, int, const uint8_t*) override { return handle(slot); }
  void* paint_field(int slot, int, int, int, const float*, const FieldColors&, int, int) override { return handle(slot); }
  void* paint_contour(int slot, int, int, const float*, float, float, int, int, int) override { return handle(slot); }

 private:
  static void* handle(int slot) { return reinterpret_cast<void*>(static_cast<intptr_t>(slot + 1)); }
};

}  // namespace gl
