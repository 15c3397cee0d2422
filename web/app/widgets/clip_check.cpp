// The clipped-text check (clip_check.h). Room an item gets: its table column's right edge inside a table,
// else the window's visible content edge (InnerClipRect), unless the window scrolls sideways on purpose.
// Tabs scroll with their bar's arrows, so only a tab whose own label is shortened counts.
#include "web/app/widgets/clip_check.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gl::clip {

namespace {

constexpr float kSlack = 1.0f;  // rounding of ImGui's rects

struct State {
  std::vector<std::string> frame, last;
};
State s;

void add(const std::string& what, const char* where, float short_by) {
  char b[48];
  std::snprintf(b, sizeof b, ": needs %.0f px more", std::ceil(short_by));
  std::string line = what + " in " + where + b;
  for (const std::string& l : s.frame)
    if (l == line) return;
  s.frame.push_back(std::move(line));
}

// The right edge of the room an item in the current window and table cell gets; false: it may scroll.
bool room_right(ImGuiContext& g, float& right) {
  ImGuiWindow* w = g.CurrentWindow;
  ImGuiTable* t = g.CurrentTable;
  if (t && t->InnerWindow == w && t->CurrentColumn >= 0) {
    right = t->Columns[t->CurrentColumn].MaxX;
    return true;
  }
  if (w->ScrollbarX) return false;
  right = w->InnerClipRect.Max.x;
  return true;
}

void check_windows(ImGuiContext& g) {
  for (ImGuiWindow* w : g.Windows) {
    if (!w->Active || w->Hidden || w->HiddenFramesCanSkipItems > 0 || w->HiddenFramesCannotSkipItems > 0) continue;
    if (w->Flags & ImGuiWindowFlags_Tooltip || w->IsFallbackWindow || w->ScrollbarX || w->SkipItems) continue;
    // A multi-line text field's own child (ImGui gives it no padding): it follows the text cursor sideways.
    if ((w->Flags & ImGuiWindowFlags_ChildWindow) && w->WindowPadding.x == 0 && w->WindowPadding.y == 0) continue;
    const float over = w->DC.CursorMaxPos.x - w->InnerClipRect.Max.x;
    if (over > kSlack) add("content", w->Name, over);
  }
}

void check_tables(ImGuiContext& g) {
  for (int i = 0; i < g.Tables.GetMapSize(); ++i) {
    const ImGuiTable* t = g.Tables.TryGetMapData(i);
    if (!t || t->LastFrameActive != g.FrameCount || !t->OuterWindow) continue;
    for (int n = 0; n < t->ColumnsCount; ++n) {
      const ImGuiTableColumn& c = t->Columns[n];
      if (!c.IsEnabled) continue;
      const char* name = ImGui::TableGetColumnName(t, n);
      const std::string col = std::string("column '") + (name ? name : "?") + "'";
      if (c.ContentMaxXHeadersIdeal - c.MaxX > kSlack) add("header of " + col, t->OuterWindow->Name, c.ContentMaxXHeadersIdeal - c.MaxX);
      const float body = std::max(c.ContentMaxXFrozen, c.ContentMaxXUnfrozen);
      if (body - c.MaxX > kSlack) add("cells of " + col, t->OuterWindow->Name, body - c.MaxX);
    }
  }
}

}  // namespace

void note_item(ImGuiContext& g, ImGuiID id, const char* label, const ImRect& bb, bool openable) {
  if (!label || !g.CurrentWindow) return;
  const char* end = ImGui::FindRenderedTextEnd(label);
  if (end == label) return;
  const float text_w = ImGui::CalcTextSize(label, end).x;
  const std::string name = "'" + std::string(label, end) + "'";
  ImGuiWindow* w = g.CurrentWindow;
  // A tab (its info comes before its rect) scrolls with its bar; only a label shortened to fit the tab counts.
  if (g.CurrentTabBar)
    if (const ImGuiTabItem* tab = ImGui::TabBarFindTabByID(g.CurrentTabBar, id)) {
      const float room = tab->Width - 2.0f * g.Style.FramePadding.x;
      if (text_w - room > kSlack) add(name, w->Name, text_w - room);
      return;
    }
  float right = 0;
  if (!room_right(g, right)) return;
  // The hook's rect is the frame a slider or field navigates by; the whole item (with its label) is ImGui's
  // last item rect.
  const ImRect full = g.LastItemData.ID == id ? g.LastItemData.Rect : bb;
  // A header or tree node spans the row; its label starts after the arrow.
  const float need = openable ? full.Min.x + g.FontSize + 3.0f * g.Style.FramePadding.x + text_w : full.Max.x;
  if (need - right > kSlack) add(name, w->Name, need - right);
}

void tab_bar_scrolls() {
  ImGuiContext& g = *GImGui;
  if (!g.CurrentTabBar || !g.CurrentWindow) return;
  float& max_x = g.CurrentWindow->DC.CursorMaxPos.x;
  max_x = std::min(max_x, g.CurrentTabBar->BarRect.Max.x);
}

void end_frame() {
  ImGuiContext& g = *GImGui;
  check_windows(g);
  check_tables(g);
  s.last.swap(s.frame);
  s.frame.clear();
}

const std::vector<std::string>& last() { return s.last; }

}  // namespace gl::clip
