// Labs window: a list of topics with their intros; "Start" opens a lab's first exercise, and each
// exercise's title opens that one.
#include "web/app/panels/labs_panel.h"

#include <imgui.h>

#include <algorithm>

#include "web/app/widgets/ui_common.h"

namespace gl {
namespace {

void draw_lab(LabsPanel& p, const Lab& lab, int li) {
  ImGui::PushID(li);
  const bool open = ImGui::TreeNodeEx("##lab", ImGuiTreeNodeFlags_SpanAvailWidth, "%s", lab.title.c_str());
  ImGui::SameLine();
  ImGui::TextColored(ui::kDimColor, "(%d)", static_cast<int>(lab.exercises.size()));
  ImGui::SameLine();
  if (ImGui::SmallButton("Start")) p.pick_lab = li, p.pick_exercise = 0;
  ui::tooltip("Open this lab's first exercise. Previous / Next on the exercise card walk through the rest.");
  if (open) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kDimColor, "%s", lab.intro.c_str());
    ImGui::PopTextWrapPos();
    for (size_t e = 0; e < lab.exercises.size(); ++e) {
      ImGui::PushID(static_cast<int>(e));
      const std::string& t = lab.exercises[e].exercise.title;
      if (ImGui::Selectable((std::to_string(e + 1) + ". " + (t.empty() ? "Exercise" : t)).c_str()))
        p.pick_lab = li, p.pick_exercise = static_cast<int>(e);
      ImGui::PopID();
    }
    ImGui::TreePop();
  }
  ImGui::PopID();
}

}  // namespace

void draw_labs_panel(LabsPanel& p, const std::vector<Lab>& labs, float dpr) {
  p.pick_lab = -1;
  if (!p.open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 size(std::min(vp->WorkSize.x * 0.9f, 560.0f * dpr), std::min(vp->WorkSize.y * 0.85f, 620.0f * dpr));
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  const char* title = p.welcome ? "Welcome to GradLab###labs" : "Labs###labs";
  if (!ImGui::Begin(title, &p.open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  if (ImGui::IsWindowAppearing()) ImGui::SetWindowFocus();
  if (p.welcome) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("Build small networks in the course's notation, see every layer's shapes and counts, and "
                           "train them live in your browser. Explore freely, or work through a lab: each one sets up "
                           "what makes its topic visible and asks a few questions.");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Explore")) p.open = false;
    ui::tooltip("Close this and play with the spirals network.");
    ImGui::Separator();
  }
  if (!p.error.empty()) ImGui::TextColored(ui::kErrorColor, "%s", p.error.c_str());
  for (size_t i = 0; i < labs.size(); ++i) draw_lab(p, labs[i], static_cast<int>(i));
  ImGui::End();
  if (p.pick_lab >= 0) p.open = false;
}

}  // namespace gl
