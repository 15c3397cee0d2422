// The page side of the accessibility mirror: after each frame, hands web/a11y.js what changed in the
// frame's items (web/app/widgets/a11y_items.h) as a compact JSON diff, and exports the calls a11y.js makes
// back (focus an item, activate it). Natively it only collects; there is no DOM to update.
#pragma once

namespace gl::a11y {

void platform_begin_frame();  // after ImGui::NewFrame()
void platform_end_frame();    // before ImGui::Render()
// Escape in an ImGui text field leaves it with the text kept (ImGui's own Escape reverts the edit); returns
// true when it did, so the key need not reach ImGui.
bool leave_text_field();

}  // namespace gl::a11y
