// GlGfx: textures, and shader-painted contour maps rendered into per-slot
// framebuffer textures that panels show with ImGui::Image. Restores the GL state ImGui relies on. Only called
// on a cache miss (Gfx keeps what each slot holds). A render target is never bound to a texture unit while
// it is drawn into (WebGL's "feedback loop" error): targets are sized before the inputs are bound.
#include <cmath>
#include <cstdio>

#include "shaders_gen.h"
#include "web/platform/gl_api.h"

namespace gl {

// Sampling of the bound 2D texture: the given filter, clamped at the edges.
static void set_sampling(GLint filter) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

GLuint GlGfx::texture(int slot) {
  if (slot >= static_cast<int>(textures_.size())) textures_.resize(static_cast<size_t>(slot) + 1, 0);
  GLuint& t = textures_[static_cast<size_t>(slot)];
  if (!t) {
    glGenTextures(1, &t);
    glBindTexture(GL_TEXTURE_2D, t);
    set_sampling(GL_NEAREST);
  }
  return t;
}

void* GlGfx::do_texture_rgba(int slot, int w, int h, const uint8_t* rgba, Sampling sampling) {
  GLuint t = texture(slot);
  glBindTexture(GL_TEXTURE_2D, t);
  set_sampling(sampling == Sampling::Linear ? GL_LINEAR : GL_NEAREST);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  return reinterpret_cast<void*>(static_cast<intptr_t>(t));
}

GlGfx::Target& GlGfx::target(int slot, int w, int h) {
  if (slot >= static_cast<int>(targets_.size())) targets_.resize(static_cast<size_t>(slot) + 1);
  Target& t = targets_[static_cast<size_t>(slot)];
  if (!t.tex) {
    glGenTextures(1, &t.tex);
    glGenFramebuffers(1, &t.fbo);
  }
  if (t.w != w || t.h != h) {
    glBindTexture(GL_TEXTURE_2D, t.tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    set_sampling(GL_LINEAR);
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.tex, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    t.w = w;
    t.h = h;
  }
  return t;
}

static GLuint compile(GLenum type, const std::string& src) {
  GLuint s = glCreateShader(type);
  const char* p = src.c_str();
  glShaderSource(s, 1, &p, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "shader compile failed: %s\n", log);
  }
  return s;
}

GLuint GlGfx::program(const char* frag_src, GLuint& cache) {
  if (cache) return cache;
  const bool es = version_.find(" es") != std::string::npos;
  std::string head = version_ + "\n" + (es ? "precision highp float;\n" : "");
  GLuint vs = compile(GL_VERTEX_SHADER, head + shaders::fullscreen_vs);
  GLuint fs = compile(GL_FRAGMENT_SHADER, version_ + "\n" + frag_src);
  cache = glCreateProgram();
  glAttachShader(cache, vs);
  glAttachShader(cache, fs);
  glLinkProgram(cache);
  GLint ok = 0;
  glGetProgramiv(cache, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetProgramInfoLog(cache, sizeof log, nullptr, log);
    std::fprintf(stderr, "shader link failed: %s\n", log);
  }
  glDeleteShader(vs);
  glDeleteShader(fs);
  if (!vao_) glGenVertexArrays(1, &vao_);
  return cache;
}

void GlGfx::draw_fullscreen(Target& t, GLuint prog) {
  GLint old_fbo = 0, old_vp[4], old_prog = 0, old_vao = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &old_fbo);
  glGetIntegerv(GL_VIEWPORT, old_vp);
  glGetIntegerv(GL_CURRENT_PROGRAM, &old_prog);
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &old_vao);
  GLboolean blend = glIsEnabled(GL_BLEND), scissor = glIsEnabled(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
  glViewport(0, 0, t.w, t.h);
  glUseProgram(prog);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(static_cast<GLuint>(old_vao));
  glUseProgram(static_cast<GLuint>(old_prog));
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(old_fbo));
  glViewport(old_vp[0], old_vp[1], old_vp[2], old_vp[3]);
  if (blend) glEnable(GL_BLEND);
  if (scissor) glEnable(GL_SCISSOR_TEST);
  glActiveTexture(GL_TEXTURE0);
}

static void upload_linear(GLuint tex, GLint internal, int w, int h, GLenum format, GLenum type, const void* data) {
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, internal, w, h, 0, format, type, data);
  set_sampling(GL_LINEAR);
}

void* GlGfx::do_paint_contour(int slot, int grid_w, int grid_h, const float* values, float vmin, float vmax, int levels,
                           int out_w, int out_h) {
  if (!input_tex_) glGenTextures(1, &input_tex_);
  std::vector<float> t01(static_cast<size_t>(grid_w) * grid_h);
  const float span = std::log1p(std::fmax(vmax - vmin, 1e-12f));
  for (size_t i = 0; i < t01.size(); ++i) t01[i] = std::log1p(std::fmax(values[i] - vmin, 0.0f)) / span;
  Target& t = target(slot, out_w, out_h);  // before binding the input (see the file comment)
  upload_linear(input_tex_, GL_R16F, grid_w, grid_h, GL_RED, GL_FLOAT, t01.data());
  GLuint prog = program(shaders::contour, contour_prog_);
  glUseProgram(prog);
  glUniform1i(glGetUniformLocation(prog, "u_values"), 0);
  glUniform1f(glGetUniformLocation(prog, "u_levels"), static_cast<float>(levels));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, input_tex_);
  draw_fullscreen(t, prog);
  return reinterpret_cast<void*>(static_cast<intptr_t>(t.tex));
}

}  // namespace gl
