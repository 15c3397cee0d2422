// The accessibility collector: Dear ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE) record every item of a
// frame (id, window, rect, label, status, kind, shown value) and the plain text between items, so the page
// can keep a semantic DOM mirror for screen readers. ImGui only: no GL, no emscripten; the platform layer
// (web/platform/a11y_mirror.cpp) turns a frame's items into a diff for JavaScript.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gl::a11y {

enum class ItemKind { Text, Button, Checkbox, Radio, Slider, TextBox, TextArea, Combo, Tab, Header, Count };
const char* item_kind_name(ItemKind k);  // "text", "button", ...

struct Item {
  ImGuiID id = 0;         // ImGui's id (text runs get a synthetic id from window and position)
  ImGuiID window = 0;     // the window the item was submitted in
  ItemKind kind = ItemKind::Text;
  std::string label;      // visible label ("##" part removed), or the text of a text run
  std::string value;      // shown value: slider text, text-field content, combo preview
  float x = 0, y = 0, w = 0, h = 0;  // rect in ImGui's coordinates (framebuffer pixels)
  bool checked = false;   // checkbox / radio / selected tab / expanded header
  bool disabled = false;
  bool has_range = false;  // a slider's number, minimum and maximum are known (see set_last_item_range)
  double num = 0, min = 0, max = 0;
};

// Starts collecting (call right after ImGui::NewFrame()); returns immediately when disabled.
void begin_frame();
// Stops collecting (call before ImGui::Render()) and returns the frame's items in submission order.
const std::vector<Item>& end_frame();
// Records the number, minimum and maximum of the item just drawn (ImGui's hooks report a slider's text, not
// its range: web/app/widgets/slider.h calls this after each slider). Ignored when that item was not collected.
void set_last_item_range(double num, double min, double max);
// The item keyboard navigation is on (0 when the navigation cursor is hidden).
ImGuiID nav_focus_id();
// Moves ImGui's keyboard focus to an item seen last frame (from the DOM mirror); false if unknown.
bool focus_item(ImGuiID id);
// Asks ImGui to activate the focused item next frame, as Space would (a screen reader's click).
void request_activate(ImGuiID id);
// Feeds a pending activation into io.NavInputs; call after the backend's NewFrame, before ImGui::NewFrame.
void apply_pending_input();

// A text field activated from the keyboard (Enter, or a screen reader's click through the mirror) ignores
// the characters of the frame that activates it (ImGui 1.86's InputText), so "Enter 2" typed quickly lost
// its "2". Call before ImGui::NewFrame and after ImGui::Render: the characters of a frame that activated a
// text field by keyboard are queued again for the next frame.
class TextActivationCarry {
 public:
  void before_new_frame();
  void after_render();

 private:
  ImVector<ImWchar> chars_;
  bool was_typing_ = false;
};

}  // namespace gl::a11y
