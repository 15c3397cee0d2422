// The headless ImGui context the UI tests draw the App in (the idea of ImGui's example_null): no window, no
// GPU, a built font atlas; frames() runs the App's frame loop as the platform layer does.
#pragma once
#include <imgui.h>

#include "web/app/app.h"

namespace gl::test {

struct Headless {
  Headless() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->AddFontDefault();
    io.Fonts->AddFontDefault();
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~Headless() { ImGui::DestroyContext(); }
  void frames(App& app, int n, ImVec2 size = ImVec2(1280, 800)) {
    ImGui::GetIO().DisplaySize = size;
    for (int i = 0; i < n; ++i) {
      ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
      app.begin_frame(1.0f, 1.0f / 60.0f);
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      app.end_frame(1.0f, 0.5f);
    }
  }
};

}  // namespace gl::test
