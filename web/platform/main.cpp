// The only place with GLFW, GL and emscripten.h: window, HiDPI sizing, the main loop (a browser callback on
// the web, a plain loop natively), the JS-visible hooks, and native-only flags for the smoke test
// (--frames N --screenshot PATH). Everything the student sees is drawn by web/app (App::frame).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/limits.h"
#include "web/app/app.h"
#include "web/app/widgets/a11y_items.h"
#include "web/app/widgets/theme.h"
#include "web/platform/a11y_mirror.h"
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
  float fonts_dpr = 0.0f;  // dpr x text scale the fonts were last built for
  gl::ThemeKind fonts_theme = gl::ThemeKind::Dark;  // theme the style was last built for
  int fb_w = 1280, fb_h = 800;  // web: the canvas drawing buffer
  double last_time = 0.0;
  int frames_left = -1;  // native --frames
  std::string screenshot_path;
  std::string state;  // last JSON handed to JS
  std::string reply;  // last message an entry point handed to JS ("" = fine)
  std::string frame_error;  // last error the main loop recovered from (reported once per change)
  std::string page_url;
  // ImGui 1.86 reads keys as held-down state once per frame, so a tap whose press and release both arrive
  // between two frames (a quick key stroke while frames are slow) would be lost. A release of a key pressed
  // since the last frame is held back until that frame has seen the key down.
  std::vector<int> pressed_since_frame;
  std::vector<std::pair<int, int>> held_releases;  // key, scancode
  gl::a11y::TextActivationCarry text_carry;  // characters typed as a text field is activated by keyboard
};
Platform g;

void key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (key == GLFW_KEY_ESCAPE && action == GLFW_PRESS && gl::a11y::leave_text_field()) return;
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
  if (w != want_w || h != want_h) emscripten_set_canvas_element_size("#canvas", want_w, want_h);
  // The drawing buffer is the truth: ImGui and the GL viewport use it directly, and GLFW's own window size
  // is never set. (Emscripten's glfwSetWindowSize calls requestFullscreen() when the size equals the
  // screen's, which an 800x600 iframe or a full-screen browser hits: without a click the browser refuses
  // with "TypeError: Permissions check failed" and a warning.) The cursor needs no GLFW size: Emscripten
  // scales it from CSS to drawing-buffer pixels itself.
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

// Loads the UI fonts at the pixel density of the screen times the text scale and scales the style to match,
// so text is crisp on HiDPI screens and at any text size (fonts are rasterised at 16 px x dpr x scale).
void setup_fonts_and_style(float dpr, gl::ThemeKind theme) {
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

  ImGuiStyle style = gl::theme_style(theme);
  gl::use_palette(theme);
  style.WindowRounding = 0.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.TabRounding = 3.0f;
  style.WindowBorderSize = theme == gl::ThemeKind::HighContrast ? 1.0f : 0.0f;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.WindowPadding = ImVec2(10, 8);
  style.ScaleAllSizes(dpr);
  ImGui::GetStyle() = style;
}

// Tells the page (its notice bar) or stderr about an error the main loop recovered from, once per message.
void report_frame_error(const std::string& message) {
  if (message == g.frame_error) return;
  g.frame_error = message;
  const std::string text = "GradLab recovered from an internal error in a frame (" + message + ")";
#ifdef __EMSCRIPTEN__
  EM_ASM({ if (Module.gradlabReport) Module.gradlabReport(UTF8ToString($0)); }, text.c_str());
#else
  std::fprintf(stderr, "%s\n", text.c_str());
#endif
}

// One App::frame under a guard: an exception that escapes it ends the frame's half-drawn windows, is
// reported, and the next frame runs as usual (an uncaught one would stop the main loop for good).
void run_app_frame() {
  try {
    g.app->frame();
    return;
  } catch (const std::exception& e) {
    report_frame_error(e.what());
  } catch (...) {
    report_frame_error("unknown error");
  }
  ImGui::ErrorCheckEndFrameRecover(nullptr);
}

void frame() {
#ifdef __EMSCRIPTEN__
  sync_canvas_size();
#endif
  const gl::ViewPrefs& view = gl::view_prefs();
  const float ui_scale = g.dpr * view.text_scale;
  if (ui_scale != g.fonts_dpr || view.theme != g.fonts_theme) {
    setup_fonts_and_style(ui_scale, view.theme);
    g.fonts_dpr = ui_scale;
    g.fonts_theme = view.theme;
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
  gl::a11y::apply_pending_input();
  g.app->begin_frame(ui_scale, static_cast<float>(dt));
  g.text_carry.before_new_frame();
  ImGui::NewFrame();
  gl::a11y::platform_begin_frame();
  release_held_keys();
  run_app_frame();
  gl::a11y::platform_end_frame();
  ImGui::Render();
  g.text_carry.after_render();
  const double work_end = glfwGetTime();  // engine + UI done; the rest is GL submission

  int fb_w = 0, fb_h = 0;
#ifdef __EMSCRIPTEN__
  fb_w = g.fb_w;
  fb_h = g.fb_h;
#else
  glfwGetFramebufferSize(g.window, &fb_w, &fb_h);
#endif
  glViewport(0, 0, fb_w, fb_h);
  // The window colour fills the canvas: the page's own windows paint no background (App's kPageWindow).
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
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

namespace {
// Runs one entry point from JavaScript. Whatever escapes it (an engine error the app did not turn into a
// note, std::bad_alloc, a length error) becomes the message returned to the page, which shows it, and the
// app keeps running. An empty message means all went well.
template <class F>
const char* guarded(const char* what, F&& body) {
  g.reply.clear();
  try {
    if (!g.app) g.reply = std::string(what) + ": the app is not running yet";
    else body();
  } catch (const std::exception& e) {
    g.reply = std::string(what) + " failed: " + e.what();
  } catch (...) {
    g.reply = std::string(what) + " failed with an unknown error";
  }
  return g.reply.c_str();
}
}  // namespace

// The page's entry points (web/page.js copies every string into the heap and checks its size first; the
// limits are in docs/security.md). Each returns "" or a message for the page to show; none throws.
extern "C" {
// JSON snapshot of what the app shows, for browser tests (see App::state_json).
const char* gradlab_state_json() {
  try {
    g.state = g.app ? g.app->state_json() : std::string("{\"ready\":false}");
  } catch (...) {
    g.state = "{\"ready\":false,\"error\":\"the state could not be written\"}";
  }
  return g.state.c_str();
}
// Applies a URL hash (the page calls this on load, on hashchange and for a course page's message).
const char* gradlab_set_hash(const char* hash) {
  return guarded("applying the link", [&] { g.app->set_url_hash(hash ? hash : ""); });
}
// The page's address without the hash, for "Copy link".
const char* gradlab_set_page_url(const char* url) {
  return guarded("reading the page address", [&] { g.page_url = url ? url : ""; });
}
// A model file the student chose (Load) or dropped on the page.
const char* gradlab_load_json(const char* text) {
  return guarded("loading the model or run file", [&] { g.app->load_json(text ? text : ""); });
}
// New network text from the page's accessible editor (a textarea mirroring the spec editor).
const char* gradlab_set_spec_text(const char* text) {
  return guarded("setting the network text", [&] { g.app->set_spec_text(text ? text : ""); });
}
// The page could not fetch the image pack (why: the error it got).
const char* gradlab_image_pack_failed(const char* why) {
  return guarded("reporting the image data sets' download", [&] { g.app->image_pack_failed(why ? why : ""); });
}
// The engine's input limits as JSON (engine/core/limits.h), which page.js adopts at start-up.
const char* gradlab_input_limits() {
  static std::string limits;
  try {
    if (limits.empty()) limits = gl::input_limits_json();
  } catch (...) {
    return "{}";
  }
  return limits.c_str();
}
// The page fetched the image pack into the in-memory file system at path.
const char* gradlab_image_pack_ready(const char* path) {
  return guarded("loading the image data sets", [&] { g.app->load_image_pack(path ? path : ""); });
}
}

namespace {
gl::PlatformHooks make_hooks() {
  gl::PlatformHooks h;
#ifdef __EMSCRIPTEN__
  // None of these may throw into the wasm frame that called them: a JS exception there would end the frame.
  h.copy_text = [](const std::string& text) {
    EM_ASM({
      try { navigator.clipboard.writeText(UTF8ToString($0)).catch(() => {}); } catch (e) { /* no clipboard here */ }
    }, text.c_str());
  };
  h.need_images = [] { EM_ASM({ if (Module.gradlabNeedImages) Module.gradlabNeedImages(); }); };
  h.set_url_hash = [](const std::string& hash) {  // throttled by web/page.js (browsers limit history calls)
    EM_ASM({ if (Module.gradlabFollowHash) Module.gradlabFollowHash(UTF8ToString($0)); }, hash.c_str());
  };
  h.save_file = [](const std::string& name, const std::string& text) {
    EM_ASM({
      try {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([UTF8ToString($1)], {type: 'application/json'}));
        a.download = UTF8ToString($0);
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      } catch (e) {
        if (Module.gradlabReport) Module.gradlabReport('The file could not be saved: ' + e);
      }
    }, name.c_str(), text.c_str());
  };
  h.open_file = [](const std::string&) { EM_ASM({ if (Module.gradlabOpenFile) Module.gradlabOpenFile(); }); };
  // To the course page that frames GradLab, if any (web/page.js; docs/embedding.md).
  h.post_message = [](const std::string& json) {
    EM_ASM({ if (Module.gradlabPostMessage) Module.gradlabPostMessage(UTF8ToString($0)); }, json.c_str());
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
  h.open_file = [](const std::string& name) {
    if (FILE* f = std::fopen(name.c_str(), "r")) {
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
  // ImGui needs colour only. An opaque canvas without depth or stencil buffers is cheaper to clear and
  // to composite into the page, every frame (a software rasteriser pays per pixel for each of them).
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
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
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // every control reachable by keyboard
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
