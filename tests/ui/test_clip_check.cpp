// The clipped-text check (web/app/widgets/clip_check.h), headless: a slider whose label runs past a narrow
// window, a table column narrower than its header and its cells, and a long line of text are each named;
// the same widgets with room are not; a window that scrolls sideways on purpose is not cutting.
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "web/app/widgets/a11y_items.h"
#include "web/app/widgets/clip_check.h"

using namespace gl;

namespace {
struct Ctx {
  Ctx() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->AddFontDefault();
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~Ctx() { ImGui::DestroyContext(); }
};

// Two frames (window sizes settle) of one window `width` wide; returns what the check lists.
std::vector<std::string> cuts(float width, ImGuiWindowFlags flags = 0) {
  float v = 0.5f;
  for (int f = 0; f < 2; ++f) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    a11y::begin_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, 400));
    ImGui::Begin("##w", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | flags);
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("Learning rate", &v, 0, 1);
    ImGui::TextUnformatted("Total: 42,186 learnable parameters");
    if (ImGui::BeginTable("##t", 2, ImGuiTableFlags_SizingStretchSame)) {
      ImGui::TableSetupColumn("Multiplications");
      ImGui::TableSetupColumn("Layer");
      ImGui::TableHeadersRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("1,228,800,000");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("FC-10");
      ImGui::EndTable();
    }
    ImGui::End();
    clip::end_frame();
    a11y::end_frame();
    ImGui::Render();
  }
  return clip::last();
}

bool lists(const std::vector<std::string>& cut, const std::string& start) {
  for (const std::string& c : cut)
    if (c.rfind(start, 0) == 0) return true;
  return false;
}
}  // namespace

TEST_CASE("clip check: labels, text and columns that do not fit are named; with room, nothing") {
  Ctx ctx;
  const std::vector<std::string> narrow = cuts(150);
  CAPTURE(narrow.size());
  CHECK(lists(narrow, "'Learning rate' in ##w"));
  CHECK(lists(narrow, "content in ##w"));
  CHECK(lists(narrow, "header of column 'Multiplications'"));
  CHECK(lists(narrow, "cells of column 'Multiplications'"));
  CHECK(cuts(600).empty());
  // Scrolling sideways on purpose (a horizontal scrollbar) is not cutting, for the window's own items.
  const std::vector<std::string> scrolled = cuts(150, ImGuiWindowFlags_HorizontalScrollbar);
  CHECK_FALSE(lists(scrolled, "'Learning rate'"));
  CHECK_FALSE(lists(scrolled, "content in ##w"));
}
