// std::string-backed ImGui text inputs (single and multi-line), via the resize callback.
#pragma once
#include <imgui.h>

#include <string>

namespace gl::ui {

bool input_text(const char* id, std::string& text, ImGuiInputTextFlags flags = 0);
bool input_text_multiline(const char* id, std::string& text, ImVec2 size, ImGuiInputTextFlags flags = 0);

}  // namespace gl::ui
