// Collects a frame's items through Dear ImGui 1.86's test-engine hooks. ImGui reports an item's id and rect
// (ItemAdd) and, for most widgets, its label and status (ItemInfo), but not its kind or value. Both come from
// ImGui's own text log, kept on for the frame: widgets log what they draw with a decoration that tells
// their kind ("[label]" buttons, "{value}" sliders, text fields and combo previews, "[x]" / "(x)" checks and
// radios), and the text logged between items is the frame's plain text. ImGui ends logging at every
// top-level End(); the log goes to the "clipboard", whose setter we hold during the frame to keep the text,
// and logging restarts at the next item (text a window draws before its first item is not seen).
#include "web/app/widgets/a11y_items.h"

#include <imgui_internal.h>

#include "web/app/widgets/clip_check.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace gl::a11y {

const char* item_kind_name(ItemKind k) {
  static const char* names[] = {"text", "button", "checkbox", "radio", "slider", "textbox", "textarea",
                                "combo", "tab", "header"};
  static_assert(IM_ARRAYSIZE(names) == static_cast<int>(ItemKind::Count));
  return names[static_cast<int>(k)];
}

namespace {

struct Pending {
  bool open = false;
  ImGuiID id = 0, window = 0;
  ImRect bb;
  int log_start = 0;
  int vtx_start = 0;  // the window's draw list size at ItemAdd (to find a slider's grab)
};

struct Collector {
  bool on = false;
  std::vector<Item> items, last;  // this frame's, and the last complete frame's
  Pending pending;
  std::string text;    // the frame's log so far, up to ImGui's current log buffer
  int log_pos = 0;     // how much of the log has been assigned to items or text runs
  int text_runs = 0;   // text runs this frame (their synthetic ids)
  ImGuiID activate_id = 0;
  int activate_frames = 0;
  void (*set_clipboard)(void*, const char*) = nullptr;  // the platform's, while ours is installed
};
Collector c;

// ImGui's LogFinish hands the log to the clipboard setter: keep it; real clipboard writes pass through.
void take_log(void* user, const char* text) {
  ImGuiContext& g = *GImGui;
  if (g.LogEnabled && g.LogType == ImGuiLogType_Clipboard) {
    c.text += text;
    return;
  }
  if (c.set_clipboard) c.set_clipboard(user, text);
}

int log_end() { return static_cast<int>(c.text.size()) + GImGui->LogBuffer.size(); }

// Logging stopped at a window's End(): start again (depth 0: logging must not auto-open tree nodes).
void resume_log() {
  ImGuiContext& g = *GImGui;
  if (!g.LogEnabled) ImGui::LogToClipboard(0);
}

std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

// Text logged since `from`.
std::string logged_since(int from) {
  ImGuiContext& g = *GImGui;
  const int kept = static_cast<int>(c.text.size());
  std::string s = from < kept ? c.text.substr(static_cast<size_t>(from)) : std::string();
  const int off = std::max(from - kept, 0);
  if (off < g.LogBuffer.size()) s.append(g.LogBuffer.c_str() + off, static_cast<size_t>(g.LogBuffer.size() - off));
  return s;
}

// "learning rate##lr" -> "learning rate"; "##spec" -> "spec"; "Tab###id" -> "Tab".
std::string visible_label(const char* label) {
  if (!label) return {};
  std::string s(label);
  const size_t hh = s.find("##");
  if (hh == std::string::npos) return s;
  if (hh > 0) return s.substr(0, hh);
  return s.substr(s.find_first_not_of('#') == std::string::npos ? s.size() : s.find_first_not_of('#'));
}

void push_text_run(const std::string& text) {
  std::string t = trim(text);
  // A tab logs its label after its ItemInfo: that is the item's name, not text of its own.
  if (!c.items.empty() && c.items.back().kind == ItemKind::Tab && t.rfind(c.items.back().label, 0) == 0)
    t = trim(t.substr(c.items.back().label.size()));
  if (t.empty()) return;
  ImGuiContext& g = *GImGui;
  Item it;
  it.kind = ItemKind::Text;
  it.window = g.CurrentWindow ? g.CurrentWindow->ID : 0;
  const int run = c.text_runs++;
  it.id = ImHashData(&run, sizeof run, 0x7e57u);
  it.label = t;
  c.items.push_back(std::move(it));
}

// Text between items becomes a text run.
void flush_text() {
  ImGuiContext& g = *GImGui;
  (void)g;
  push_text_run(logged_since(c.log_pos));
  c.log_pos = log_end();
}

Item base_item(const Pending& p) {
  Item it;
  it.id = p.id;
  it.window = p.window;
  it.x = p.bb.Min.x;
  it.y = p.bb.Min.y;
  it.w = p.bb.GetWidth();
  it.h = p.bb.GetHeight();
  return it;
}

// Value inside the first "{...}" of logged text, and the rest after it.
bool braced(const std::string& t, std::string& inside, std::string& after) {
  const size_t a = t.find('{'), b = t.rfind('}');
  if (a == std::string::npos || b == std::string::npos || b < a) return false;
  inside = t.substr(a + 1, b - a - 1);
  after = trim(t.substr(b + 1));
  return true;
}

// An item that had no ItemInfo (combo boxes, invisible and arrow buttons, child windows): only a combo
// logs a "{preview}"; anything else gives its text back as a text run.
void close_pending_without_info() {
  if (!c.pending.open) return;
  c.pending.open = false;
  ImGuiContext& g = *GImGui;
  const std::string t = logged_since(c.pending.log_start);
  std::string inside, after;
  if (braced(trim(t), inside, after) && trim(t)[0] == '{') {
    Item it = base_item(c.pending);
    it.kind = ItemKind::Combo;
    it.value = trim(inside);
    it.label = trim(after.substr(0, after.find('\n')));  // a tooltip may follow on the next lines
    c.items.push_back(std::move(it));
  } else {
    push_text_run(t);
  }
  (void)g;
  c.log_pos = log_end();
}

// Sliders and text fields log alike ("{value}"); a slider has drawn its grab since its ItemAdd.
bool drew_slider_grab(ImGuiContext& g, int vtx_start) {
  ImGuiWindow* w = g.CurrentWindow;
  if (!w || !w->DrawList) return false;
  const ImU32 grab = ImGui::GetColorU32(ImGuiCol_SliderGrab), active = ImGui::GetColorU32(ImGuiCol_SliderGrabActive);
  const ImVector<ImDrawVert>& v = w->DrawList->VtxBuffer;
  for (int i = std::max(vtx_start, 0); i < v.Size; ++i)
    if (v[i].col == grab || v[i].col == active) return true;
  return false;
}

ItemKind classify(ImGuiContext& g, ImGuiID id, ImGuiItemStatusFlags flags, const std::string& logged,
                  const Pending& p, std::string& value, bool& checked) {
  if (g.CurrentTabBar && ImGui::TabBarFindTabByID(g.CurrentTabBar, id)) {
    checked = g.CurrentTabBar->SelectedTabId == id;
    return ItemKind::Tab;
  }
  if (flags & ImGuiItemStatusFlags_Checkable) {
    checked = (flags & ImGuiItemStatusFlags_Checked) != 0;
    return ItemKind::Checkbox;
  }
  if (flags & ImGuiItemStatusFlags_Openable) {
    checked = (flags & ImGuiItemStatusFlags_Opened) != 0;
    return ItemKind::Header;
  }
  const std::string t = trim(logged);
  if (t.rfind("(x)", 0) == 0 || t.rfind("( )", 0) == 0) {
    checked = t[1] == 'x';
    return ItemKind::Radio;
  }
  std::string inside, after;
  if (!t.empty() && t[0] == '{' && braced(t, inside, after)) {
    value = trim(inside);
    if (drew_slider_grab(g, p.vtx_start)) return ItemKind::Slider;
    return p.bb.GetHeight() > 2.2f * ImGui::GetFrameHeight() ? ItemKind::TextArea : ItemKind::TextBox;
  }
  return ItemKind::Button;
}

// Names for items ImGui drew without a visible label: a field's name is the text that follows it (InputInt
// draws its label after its -/+ buttons), and those buttons say what they change.
void name_unlabelled(std::vector<Item>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    Item& it = items[i];
    if (it.kind != ItemKind::TextBox || !it.label.empty()) continue;
    for (size_t j = i + 1; j < items.size() && j < i + 4; ++j)
      if (items[j].kind == ItemKind::Text) {
        it.label = items[j].label.substr(0, items[j].label.find('\n'));
        break;
      }
    for (size_t j = i + 1; j < items.size() && j < i + 3; ++j) {
      if (items[j].kind != ItemKind::Button) continue;
      if (items[j].label == "-") items[j].label = "decrease " + it.label;
      else if (items[j].label == "+") items[j].label = "increase " + it.label;
    }
  }
}

}  // namespace

void begin_frame() {
  ImGuiContext& g = *GImGui;
  c.on = !g.LogEnabled;  // someone else is logging (e.g. a copy-to-clipboard): skip this frame
  if (!c.on) return;
  g.TestEngineHookItems = true;
  ImGuiIO& io = ImGui::GetIO();
  if (io.SetClipboardTextFn != take_log) c.set_clipboard = io.SetClipboardTextFn;
  io.SetClipboardTextFn = take_log;
  c.text.clear();
  resume_log();
  c.items.clear();
  c.pending = Pending{};
  c.log_pos = log_end();
  c.text_runs = 0;
}

const std::vector<Item>& end_frame() {
  ImGuiContext& g = *GImGui;
  if (!c.on) return c.last;
  close_pending_without_info();
  flush_text();
  ImGui::LogFinish();
  ImGui::GetIO().SetClipboardTextFn = c.set_clipboard;
  g.TestEngineHookItems = false;
  c.on = false;
  name_unlabelled(c.items);
  c.last = c.items;
  return c.last;
}

void set_last_item_range(double num, double min, double max) {
  const ImGuiID id = GImGui->LastItemData.ID;
  if (!c.on || id == 0) return;
  for (auto it = c.items.rbegin(); it != c.items.rend(); ++it)
    if (it->id == id) {
      it->has_range = true;
      it->num = num;
      it->min = min;
      it->max = max;
      return;
    }
}

ImGuiID nav_focus_id() {
  ImGuiContext& g = *GImGui;
  return g.NavDisableHighlight ? 0 : g.NavId;
}

bool focus_item(ImGuiID id) {
  for (const Item& it : c.last) {
    if (it.id != id || it.kind == ItemKind::Text) continue;
    ImGuiWindow* w = ImGui::FindWindowByID(it.window);
    if (!w) return false;
    ImGuiContext& g = *GImGui;
    if (g.ActiveId != 0 && g.ActiveId != id) ImGui::ClearActiveID();  // leave a text field being edited
    ImGui::FocusWindow(w);
    ImGui::SetFocusID(id, w);
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = g.NavMousePosDirty = true;
    ImGui::ScrollToBringRectIntoView(w, ImRect(it.x, it.y, it.x + it.w, it.y + it.h));
    return true;
  }
  return false;
}

void request_activate(ImGuiID id) {
  if (focus_item(id)) {
    c.activate_id = id;
    c.activate_frames = 2;  // one frame down, one frame up: a press
  }
}

namespace {
bool text_field_active() {  // the active item is a text field (io.WantTextInput lags a frame behind)
  const ImGuiContext& c = *ImGui::GetCurrentContext();
  return c.ActiveId != 0 && c.InputTextState.ID == c.ActiveId;
}
}  // namespace

void TextActivationCarry::before_new_frame() {
  chars_ = ImGui::GetIO().InputQueueCharacters;
  was_typing_ = text_field_active();
}

void TextActivationCarry::after_render() {
  const ImGuiContext& c = *ImGui::GetCurrentContext();
  const bool by_keyboard = c.ActiveId == c.NavActivateId || c.ActiveId == c.NavActivateInputId;
  if (!was_typing_ && text_field_active() && by_keyboard)
    for (ImWchar ch : chars_) ImGui::GetIO().AddInputCharacter(ch);
  chars_.clear();
}

void apply_pending_input() {
  if (c.activate_frames <= 0) return;
  ImGuiIO& io = ImGui::GetIO();
  io.NavInputs[ImGuiNavInput_Activate] = c.activate_frames == 2 ? 1.0f : 0.0f;
  --c.activate_frames;
}

}  // namespace gl::a11y

// ---- Dear ImGui's hooks (declared in imgui_internal.h under IMGUI_ENABLE_TEST_ENGINE) -------------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  using namespace gl::a11y;
  if (!c.on) return;
  if (c.pending.open && c.pending.id == id) {  // a multi-line field's child window reports its own id again
    c.pending.bb.Add(bb);
    return;
  }
  close_pending_without_info();
  flush_text();
  resume_log();
  c.pending.open = true;
  c.pending.id = id;
  c.pending.window = ctx->CurrentWindow ? ctx->CurrentWindow->ID : 0;
  c.pending.bb = bb;
  c.pending.log_start = log_end();
  c.pending.vtx_start = ctx->CurrentWindow && ctx->CurrentWindow->DrawList ? ctx->CurrentWindow->DrawList->VtxBuffer.Size : 0;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  using namespace gl::a11y;
  if (!c.on) return;
  Pending p = c.pending;
  if (!p.open || p.id != id) {  // info for an item whose ItemAdd we did not see (clipped): use its last rect
    close_pending_without_info();
    flush_text();
    p = Pending{true, id, ctx->CurrentWindow ? ctx->CurrentWindow->ID : 0, ctx->LastItemData.Rect, c.log_pos, 0};
  }
  c.pending.open = false;
  Item it = base_item(p);
  const std::string logged = logged_since(p.log_start);
  it.kind = classify(*ctx, id, flags, logged, p, it.value, it.checked);
  it.label = trim(visible_label(label));
  it.disabled = (ctx->LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0;
  gl::clip::note_item(*ctx, id, label, p.bb, (flags & ImGuiItemStatusFlags_Openable) != 0);
  c.items.push_back(std::move(it));
  c.log_pos = log_end();
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
  for (const gl::a11y::Item& it : gl::a11y::c.last)
    if (it.id == id) return it.label.c_str();
  return nullptr;
}
