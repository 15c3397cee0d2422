// The only place with GLFW, GL and emscripten.h: window, HiDPI sizing, the main loop (a browser callback on
// the web, a plain loop natively), the JS-visible hooks, and native-only flags for the smoke test
// (--frames N --screenshot PATH). Everything the student sees is drawn by web/app (App::frame).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "web/app/app.h"
#include "web/platform/gl_api.h"
#include "web/platform/png_write.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/html5.h>
#endif

namespace {

struct Platform {
  GLFWwindow* window = nullptr;
  gl::App* app = nullptr;
  float dpr = 1.0f;  // device pixels per CSS pixel (web) / content scale (native)
  float fonts_dpr = 0.0f;  // dpr the fonts were last built for
  int fb_w = 1280, fb_h = 800;  // web: the canvas drawing buffer
  double last_time = 0.0;
  int frames_left = -1;  // native --frames
  std::string screenshot_path;
  std::string state;  // last JSON handed to JS
  std::string page_url;
  // ImGui 1.86 reads keys as held-down state once per frame, so a tap whose press and release both arrive
  // between two frames (a quick key stroke while frames are slow) would be lost. A release of a key pressed
  // since the last frame is held back until that frame has seen the key down.
  std::vector<int> pressed_since_frame;
  std::vector<std::pair<int, int>> held_releases;  // key, scancode
};
Platform g;

void key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  auto& pressed = g.pressed_since_frame;
  const bool fresh = std::find(pressed.begin(), pressed.end(), key) != pressed.end();
  if (action == GLFW_PRESS) pressed.push_back(key);
  if (action == GLFW_RELEASE && fresh) {
    g.held_releases.emplace_back(key, scancode);
    return;
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

// Called once ImGui has taken this frame's input: deliver the releases held back for it.
void release_held_keys() {
  g.pressed_since_frame.clear();
  for (auto [key, scancode] : std::exchange(g.held_releases, {}))
    ImGui_ImplGlfw_KeyCallback(g.window, key, scancode, GLFW_RELEASE, 0);
}

#ifdef __EMSCRIPTEN__
// Emscripten 3.1.6's GLFW hands the scroll callback the DOM wheel event's raw deltaY (pixels, positive =
// down: 100 per notch in Chromium; lines in Firefox) where GLFW means notches, positive = up. Without this a
// wheel notch scrolls ImGui windows by a hundred steps the wrong way.
void scroll_callback(GLFWwindow* window, double dx, double dy) {
  auto notches = [](double d) { return -d / (std::abs(d) >= 50.0 ? 100.0 : 3.0); };
  ImGui_ImplGlfw_ScrollCallback(window, notches(dx), notches(dy));
}

// Keeps the canvas drawing buffer at CSS size x devicePixelRatio (Emscripten's GLFW has no HiDPI support).
void sync_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  int want_w = static_cast<int>(css_w * dpr + 0.5), want_h = static_cast<int>(css_h * dpr + 0.5);
  if (want_w <= 0 || want_h <= 0) return;
  int w = 0, h = 0;
  emscripten_get_canvas_element_size("#canvas", &w, &h);
  if (w != want_w || h != want_h) {
    emscripten_set_canvas_element_size("#canvas", want_w, want_h);
    glfwSetWindowSize(g.window, want_w, want_h);  // keep Emscripten's GLFW in step
  }
  // The drawing buffer is the truth: ImGui and the GL viewport use it directly (GLFW's cached sizes can lag
  // a resize by a frame).
  g.fb_w = want_w;
  g.fb_h = want_h;
  g.dpr = dpr;
}
#endif

#ifdef __EMSCRIPTEN__
const char* kFontDir = "/fonts";  // embedded with --embed-file
#else
const char* kFontDir = GRADLAB_FONT_DIR;
#endif
#ifdef __EMSCRIPTEN__
const char* kLabsPath = "/labs/labs.json";  // embedded with --embed-file
#else
const char* kLabsPath = GRADLAB_LABS_PATH;
#endif

// Loads the UI fonts at the pixel density of the screen and scales the style to match, so text is crisp
// on HiDPI screens (fonts are rasterised at 16 px x dpr, not scaled up).
void setup_fonts_and_style(float dpr) {
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  std::string sans = std::string(kFontDir) + "/DejaVuSans.ttf", mono = std::string(kFontDir) + "/DejaVuSansMono.ttf";
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  if (!io.Fonts->AddFontFromFileTTF(sans.c_str(), 16.0f * dpr, &cfg)) {
    std::fprintf(stderr, "font %s missing; using ImGui's built-in font\n", sans.c_str());
    io.Fonts->AddFontDefault();
  }
  if (!io.Fonts->AddFontFromFileTTF(mono.c_str(), 15.0f * dpr, &cfg)) io.Fonts->AddFontDefault();
  ImGui_ImplOpenGL3_CreateFontsTexture();

  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 0.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.TabRounding = 3.0f;
  style.WindowBorderSize = 0.0f;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.WindowPadding = ImVec2(10, 8);
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.12f, 0.13f, 0.15f, 1.0f);
  style.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.035f);
  style.ScaleAllSizes(dpr);
  ImGui::GetStyle() = style;
}

void frame() {
#ifdef __EMSCRIPTEN__
  sync_canvas_size();
#endif
  if (g.dpr != g.fonts_dpr) {
    setup_fonts_and_style(g.dpr);
    g.fonts_dpr = g.dpr;
  }
  glfwPollEvents();
  double now = glfwGetTime();
  double dt = g.last_time > 0 ? now - g.last_time : 1.0 / 60.0;
  g.last_time = now;

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
#ifdef __EMSCRIPTEN__
  ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(g.fb_w), static_cast<float>(g.fb_h));
  ImGui::GetIO().DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
#endif
  g.app->begin_frame(g.dpr, static_cast<float>(dt));
  ImGui::NewFrame();
  release_held_keys();
  g.app->frame();
  ImGui::Render();
  const double work_end = glfwGetTime();  // engine + UI done; the rest is GL submission

  int fb_w = 0, fb_h = 0;
#ifdef __EMSCRIPTEN__
  fb_w = g.fb_w;
  fb_h = g.fb_h;
#else
  glfwGetFramebufferSize(g.window, &fb_w, &fb_h);
#endif
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(0.11f, 0.12f, 0.14f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  if (g.frames_left == 1 && !g.screenshot_path.empty()) {
    std::vector<uint8_t> px(static_cast<size_t>(fb_w) * fb_h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, fb_w, fb_h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    if (!gl::write_png_rgba(g.screenshot_path, fb_w, fb_h, px.data(), true))
      std::fprintf(stderr, "could not write %s\n", g.screenshot_path.c_str());
    else
      std::printf("screenshot %dx%d written to %s\n", fb_w, fb_h, g.screenshot_path.c_str());
  }
  glfwSwapBuffers(g.window);
  g.app->end_frame(static_cast<float>((work_end - now) * 1000.0), static_cast<float>((glfwGetTime() - work_end) * 1000.0));
  if (g.frames_left > 0) --g.frames_left;
}

}  // namespace

extern "C" {
// JSON snapshot of what the app shows, for browser tests (see App::state_json).
const char* gradlab_state_json() {
  g.state = g.app ? g.app->state_json() : std::string("{\"ready\":false}");
  return g.state.c_str();
}
// Applies a URL hash (the page calls this on load and on hashchange).
void gradlab_set_hash(const char* hash) {
  if (g.app) g.app->set_url_hash(hash ? hash : "");
}
// The page's address without the hash, for "Copy link".
void gradlab_set_page_url(const char* url) { g.page_url = url ? url : ""; }
// A model file the student chose (Load) or dropped on the page.
void gradlab_load_json(const char* text) {
  if (g.app && text) g.app->load_json(text);
}
// The page fetched the image pack into the in-memory file system at path.
void gradlab_image_pack_ready(const char* path) {
  if (g.app && path) g.app->load_image_pack(path);
}
}

namespace {
gl::PlatformHooks make_hooks() {
  gl::PlatformHooks h;
#ifdef __EMSCRIPTEN__
  h.copy_text = [](const std::string& text) {
    EM_ASM({ if (navigator.clipboard) navigator.clipboard.writeText(UTF8ToString($0)).catch(() => {}); }, text.c_str());
  };
  h.set_url_hash = [](const std::string& hash) {
    EM_ASM({ history.replaceState(null, '', UTF8ToString($0)); }, hash.c_str());
  };
  h.save_file = [](const std::string& name, const std::string& text) {
    EM_ASM({
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([UTF8ToString($1)], {type: 'application/json'}));
      a.download = UTF8ToString($0);
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    }, name.c_str(), text.c_str());
  };
  h.open_file = []() { EM_ASM({ if (Module.gradlabOpenFile) Module.gradlabOpenFile(); }); };
  // To the course page that frames GradLab, if any (see docs/embedding.md).
  h.post_message = [](const std::string& json) {
    EM_ASM({ if (window.parent !== window) window.parent.postMessage(JSON.parse(UTF8ToString($0)), '*'); }, json.c_str());
  };
#else
  h.copy_text = [](const std::string& text) { glfwSetClipboardString(g.window, text.c_str()); };
  h.save_file = [](const std::string& name, const std::string& text) {
    if (FILE* f = std::fopen(name.c_str(), "w")) {
      std::fputs(text.c_str(), f);
      std::fclose(f);
      std::printf("saved %s\n", name.c_str());
    }
  };
  h.open_file = []() {
    if (FILE* f = std::fopen("gradlab-model.json", "r")) {
      std::string text;
      char buf[4096];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
      std::fclose(f);
      g.app->load_json(text);
    }
  };
#endif
  h.page_url = []() { return g.page_url; };
  return h;
}
}  // namespace

int main(int argc, char** argv) {
  std::string initial_hash;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--frames" && i + 1 < argc) g.frames_left = std::atoi(argv[++i]);
    else if (a == "--screenshot" && i + 1 < argc) g.screenshot_path = argv[++i];
    else if (a == "--hash" && i + 1 < argc) initial_hash = argv[++i];
    else {
      std::fprintf(stderr, "usage: gradlab [--frames N] [--screenshot out.png] [--hash URL_STATE]\n");
      return 2;
    }
  }
  if (!glfwInit()) {
    std::fprintf(stderr, "GLFW could not initialise (no display?)\n");
    return 1;
  }
#ifdef __EMSCRIPTEN__
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const char* glsl_version = "#version 300 es";
#else
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  const char* glsl_version = "#version 330 core";
#endif
  g.window = glfwCreateWindow(1280, 800, "GradLab", nullptr, nullptr);
  if (!g.window) {
    std::fprintf(stderr, "could not open a window with OpenGL 3.3 / WebGL2\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(g.window);
  glfwSwapInterval(1);
#ifndef __EMSCRIPTEN__
  float sx = 1, sy = 1;
  glfwGetWindowContentScale(g.window, &sx, &sy);
  g.dpr = sx;
#endif

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed; state lives in the URL hash
  ImGui_ImplGlfw_InitForOpenGL(g.window, true);
  glfwSetKeyCallback(g.window, key_callback);  // wraps the backend's (see Platform::held_releases)
#ifdef __EMSCRIPTEN__
  glfwSetScrollCallback(g.window, scroll_callback);  // wheel deltas in notches (see scroll_callback)
#endif
  ImGui_ImplOpenGL3_Init(glsl_version);

  static gl::GlGfx gfx(glsl_version);
  static gl::App app(gfx);
  g.app = &app;
  app.set_hooks(make_hooks());
  app.load_labs_file(kLabsPath);  // before the first link, which may name a lab
  if (!initial_hash.empty()) app.set_url_hash(initial_hash);
#ifndef __EMSCRIPTEN__
  app.load_image_pack(GRADLAB_PACK_PATH);  // built by ./build.sh (missing: image sets say so when picked)
#endif

#ifdef __EMSCRIPTEN__
  EM_ASM({ if (Module.onGradLabReady) Module.onGradLabReady(); });
  emscripten_set_main_loop(frame, 0, true);
#else
  while (!glfwWindowShouldClose(g.window) && g.frames_left != 0) frame();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(g.window);
  glfwTerminate();
#endif
  return 0;
}
