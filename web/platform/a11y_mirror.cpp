// Turns each frame's items into a diff for web/a11y.js: items added or changed ("set": id, kind, label, value,
// checked, disabled, and a slider's number, minimum and maximum), items gone ("del"), the new order when it
// changed ("order"), and ImGui's keyboard focus when it moved ("nav"). Nothing is sent when nothing changed.
// Also the exported calls a11y.js uses to move ImGui's focus from the DOM.
#include "web/platform/a11y_mirror.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/json.h"
#include "web/app/widgets/a11y_items.h"
#include "web/app/widgets/theme.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace gl::a11y {

namespace {

struct MirrorState {
  std::unordered_map<ImGuiID, std::string> sent;  // id -> the item's serialised form last sent
  std::vector<ImGuiID> order;
  ImGuiID nav = 0;
  std::string diff;  // the last diff, kept alive for JS
};
MirrorState m;

Json item_json(const Item& it) {
  Json j = Json::array();
  j.push(static_cast<double>(it.id));
  j.push(item_kind_name(it.kind));
  j.push(it.label);
  j.push(it.value);
  j.push(it.checked);
  j.push(it.disabled);
  if (it.has_range) {  // a slider's number and range (aria-valuenow, -valuemin, -valuemax)
    j.push(it.num);
    j.push(it.min);
    j.push(it.max);
  }
  return j;
}

// The diff between the last frame sent and this one; "" when nothing changed.
std::string make_diff(const std::vector<Item>& items) {
  Json set = Json::array(), del = Json::array();
  std::unordered_map<ImGuiID, std::string> now;
  std::vector<ImGuiID> order;
  for (const Item& it : items) {
    if (now.count(it.id)) continue;  // an id seen twice in a frame (rare): keep the first
    Json j = item_json(it);
    std::string s = j.dump();
    auto old = m.sent.find(it.id);
    if (old == m.sent.end() || old->second != s) set.push(j);
    now.emplace(it.id, std::move(s));
    order.push_back(it.id);
  }
  for (const auto& [id, s] : m.sent)
    if (!now.count(id)) del.push(static_cast<double>(id));
  const ImGuiID nav = nav_focus_id();
  const bool order_changed = order != m.order;
  if (set.size() == 0 && del.size() == 0 && !order_changed && nav == m.nav) return {};
  Json d = Json::object();
  if (set.size()) d.set("set", set);
  if (del.size()) d.set("del", del);
  if (order_changed) {
    Json o = Json::array();
    for (ImGuiID id : order) o.push(static_cast<double>(id));
    d.set("order", o);
  }
  if (nav != m.nav) d.set("nav", static_cast<double>(nav));
  m.sent = std::move(now);
  m.order = std::move(order);
  m.nav = nav;
  return d.dump();
}

}  // namespace

void platform_begin_frame() { begin_frame(); }

void platform_end_frame() {
  const std::vector<Item>& items = end_frame();
#ifdef __EMSCRIPTEN__
  m.diff = make_diff(items);
  if (!m.diff.empty()) EM_ASM({ if (window.gradlabA11y) window.gradlabA11y.update(UTF8ToString($0)); }, m.diff.c_str());
#else
  (void)items;
#endif
}

bool leave_text_field() {
  ImGuiContext& g = *GImGui;
  const ImGuiID id = g.ActiveId;
  if (id == 0 || g.InputTextState.ID != id || !g.ActiveIdWindow) return false;
  ImGuiWindow* w = g.ActiveIdWindow;
  ImGui::ClearActiveID();
  ImGui::SetFocusID(id, w);  // stay on the field, as keyboard focus, without editing it
  g.NavDisableHighlight = false;
  return true;
}

}  // namespace gl::a11y

extern "C" {
#ifdef __EMSCRIPTEN__
#define GRADLAB_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define GRADLAB_EXPORT
#endif
// The DOM mirror's element for item `id` got focus: move ImGui's keyboard focus there.
GRADLAB_EXPORT int gradlab_a11y_focus(double id) {
  const ImGuiID iid = static_cast<ImGuiID>(id);
  gl::a11y::m.nav = iid;  // the page already follows: do not echo it back
  return gl::a11y::focus_item(iid) ? 1 : 0;
}
// A screen reader clicked the mirror's element for item `id`: activate it as Space would.
GRADLAB_EXPORT void gradlab_a11y_activate(double id) { gl::a11y::request_activate(static_cast<ImGuiID>(id)); }
// The page's media queries: prefers-color-scheme (dark), prefers-contrast: more, prefers-reduced-motion.
// A theme chosen in the link or by the student wins over the colour scheme.
GRADLAB_EXPORT void gradlab_a11y_page_prefs(int dark, int more_contrast, int reduced_motion) {
  gl::ViewPrefs& v = gl::view_prefs();
  v.page_theme = more_contrast ? gl::ThemeKind::HighContrast : dark ? gl::ThemeKind::Dark : gl::ThemeKind::Light;
  if (!v.theme_chosen) v.theme = v.page_theme;
  if (reduced_motion) v.pause_race = true;
}
}
