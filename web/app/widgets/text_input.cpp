// The resize callback keeps the std::string's buffer and length in step with ImGui's edits.
#include "web/app/widgets/text_input.h"

namespace gl::ui {

namespace {
int resize_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}
}  // namespace

bool input_text(const char* id, std::string& text, ImGuiInputTextFlags flags) {
  return ImGui::InputText(id, text.data(), text.capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize,
                          resize_callback, &text);
}

bool input_text_multiline(const char* id, std::string& text, ImVec2 size, ImGuiInputTextFlags flags) {
  return ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, size,
                                   flags | ImGuiInputTextFlags_CallbackResize, resize_callback, &text);
}

}  // namespace gl::ui
