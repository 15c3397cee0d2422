// Text that does not fit: a frame's labels and columns that ImGui had to cut. Items are measured as ImGui
// submits them (the accessibility collector's item hook passes each labelled item on): the label's full
// width (CalcTextSize) against the room it got (the item's rect, its table column, the window's visible
// width). After the frame, windows whose content runs past their right edge without a horizontal
// scrollbar, and table columns whose content or header is wider than the column, are added. Horizontal
// scrolling on purpose (a scrollbar, a tab bar's arrows) is not cutting. ImGui only; no GL.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

struct ImGuiContext;
struct ImRect;

namespace gl::clip {

// An item with a visible label, as submitted (called from the item hook; `openable`: a header or tree node).
void note_item(ImGuiContext& g, ImGuiID id, const char* label, const ImRect& bb, bool openable);
// The tab bar being drawn scrolls its tabs (arrows) on purpose: ImGui counts all the tabs' width as the
// window's content; this takes it back, so that what the tab shows is measured alone. Call after the tab
// bar's first BeginTabItem (its layout).
void tab_bar_scrolls();
// Adds the windows and table columns that overflowed, and ends the frame's list (call after the last End()).
void end_frame();
// The last complete frame's cuts, e.g. "'Learning rate' in ##left: needs 22 px more".
const std::vector<std::string>& last();

}  // namespace gl::clip
