// OpenGL entry points for the platform layer: GLES 3.0 (WebGL2) under Emscripten, desktop GL 3.3 core
// natively (prototypes from libGL). Also declares GlGfx, the GL implementation of the app's Gfx interface.
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif

#include <string>
#include <vector>

#include "web/app/gfx.h"

namespace gl {

class GlGfx : public Gfx {
 public:
  explicit GlGfx(const char* glsl_version) : version_(glsl_version) {}

 protected:
  void* do_texture_rgba(int slot, int w, int h, const uint8_t* rgba, Sampling sampling) override;
  void* do_paint_contour(int slot, int grid_w, int grid_h, const float* values, float vmin, float vmax, int levels,
                         int out_w, int out_h) override;

 private:
  struct Target {
    GLuint tex = 0, fbo = 0;
    int w = 0, h = 0;
  };
  GLuint texture(int slot);
  Target& target(int slot, int w, int h);
  GLuint program(const char* frag_src, GLuint& cache);
  void draw_fullscreen(Target& t, GLuint prog);

  std::string version_;
  std::vector<GLuint> textures_;   // by slot
  std::vector<Target> targets_;    // by slot (render targets)
  GLuint input_tex_ = 0;  // the contour's values
  GLuint contour_prog_ = 0, vao_ = 0;
};

}  // namespace gl
