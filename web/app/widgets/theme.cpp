// Theme colours and view preferences. Class palettes start from Okabe-Ito; the colours that failed 4.5:1 as
// text on a theme's background, or came within 10 CIEDE2000 of another class under a simulated colour-vision
// deficiency (Machado et al. 2009), were replaced by colours chosen to keep both (tests/ui/test_theme.cpp).
#include "web/app/widgets/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {

ImVec4 hex(unsigned rgb) {
  return ImVec4(static_cast<float>((rgb >> 16) & 255) / 255.0f, static_cast<float>((rgb >> 8) & 255) / 255.0f,
                static_cast<float>(rgb & 255) / 255.0f, 1.0f);
}

const Palette kPalettes[] = {
    {ThemeKind::Dark,
     {hex(0xE69F00), hex(0x56B4E9), hex(0x009E73), hex(0xCC79A7), hex(0xF2506C), hex(0x5384FA), hex(0xDCE078), hex(0xF8C6CA)},
     hex(0xA3A7B0), hex(0xFF6B61), hex(0x73D973), hex(0x8CC7FF), hex(0x56B4E9), hex(0xE69F00),
     hex(0x181A1E), ImVec4(1, 1, 1, 0.086f)},
    {ThemeKind::Light,
     {hex(0x0072B2), hex(0xC05500), hex(0x020A02), hex(0x594856), hex(0x060CA8), hex(0x7F2203), hex(0x697A5C), hex(0x300E46)},
     hex(0x595966), hex(0xB3261E), hex(0x1E7B34), hex(0x0B57A4), hex(0x0072B2), hex(0xC05500),
     hex(0xFFFFFF), ImVec4(0, 0, 0, 0.12f)},
    {ThemeKind::HighContrast,
     {hex(0xE69F00), hex(0x56B4E9), hex(0x009E73), hex(0xCC79A7), hex(0xF2506C), hex(0x6570CF), hex(0xDCE078), hex(0xF8C6CA)},
     hex(0xD9D9D9), hex(0xFF8A8A), hex(0x80FF80), hex(0xFFFF00), hex(0x56B4E9), hex(0xE69F00),
     hex(0x000000), ImVec4(1, 1, 1, 0.3f)},
};
static_assert(IM_ARRAYSIZE(kPalettes) == static_cast<int>(ThemeKind::Count));

void set_colors(ImVec4* c, std::initializer_list<std::pair<ImGuiCol, unsigned>> list) {
  for (auto [col, rgb] : list) c[col] = hex(rgb);
}

void dark_colors(ImGuiStyle& s) {
  ImGui::StyleColorsDark(&s);
  set_colors(s.Colors, {{ImGuiCol_WindowBg, 0x1F2126}, {ImGuiCol_PopupBg, 0x17181C}, {ImGuiCol_FrameBg, 0x30353F},
                        {ImGuiCol_FrameBgHovered, 0x3C4350}, {ImGuiCol_FrameBgActive, 0x4A5262},
                        {ImGuiCol_Button, 0x335C94}, {ImGuiCol_ButtonHovered, 0x3D70B8}, {ImGuiCol_ButtonActive, 0x295285},
                        {ImGuiCol_Header, 0x335C94}, {ImGuiCol_HeaderHovered, 0x3D70B8}, {ImGuiCol_HeaderActive, 0x295285},
                        {ImGuiCol_Tab, 0x2B4770}, {ImGuiCol_TabHovered, 0x3D70B8}, {ImGuiCol_TabActive, 0x3366A8},
                        {ImGuiCol_TabUnfocused, 0x2B4770}, {ImGuiCol_TabUnfocusedActive, 0x3366A8},
                        {ImGuiCol_TableHeaderBg, 0x30333A}, {ImGuiCol_NavHighlight, 0xFFD633}});
  s.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.035f);
}

void light_colors(ImGuiStyle& s) {
  ImGui::StyleColorsLight(&s);
  set_colors(s.Colors, {{ImGuiCol_WindowBg, 0xFFFFFF}, {ImGuiCol_PopupBg, 0xFFFFFF}, {ImGuiCol_FrameBg, 0xEBEDF2},
                        {ImGuiCol_FrameBgHovered, 0xDCE6F5}, {ImGuiCol_FrameBgActive, 0xC9DAF2},
                        {ImGuiCol_Border, 0x8C8C99}, {ImGuiCol_TableHeaderBg, 0xE1E4EA}, {ImGuiCol_NavHighlight, 0x0050C8}});
  s.FrameBorderSize = 1.0f;
}

void high_contrast_colors(ImGuiStyle& s) {
  ImGui::StyleColorsDark(&s);
  set_colors(s.Colors, {{ImGuiCol_Text, 0xFFFFFF}, {ImGuiCol_TextDisabled, 0x9A9A9A}, {ImGuiCol_WindowBg, 0x000000},
                        {ImGuiCol_ChildBg, 0x000000}, {ImGuiCol_PopupBg, 0x000000}, {ImGuiCol_Border, 0xFFFFFF},
                        {ImGuiCol_FrameBg, 0x000000}, {ImGuiCol_FrameBgHovered, 0x262640}, {ImGuiCol_FrameBgActive, 0x33335C},
                        {ImGuiCol_Button, 0x000000}, {ImGuiCol_ButtonHovered, 0x262640}, {ImGuiCol_ButtonActive, 0x33335C},
                        {ImGuiCol_Header, 0x1A1A1A}, {ImGuiCol_HeaderHovered, 0x262640}, {ImGuiCol_HeaderActive, 0x33335C},
                        {ImGuiCol_Tab, 0x000000}, {ImGuiCol_TabHovered, 0x262640}, {ImGuiCol_TabActive, 0x00008C},
                        {ImGuiCol_TabUnfocused, 0x000000}, {ImGuiCol_TabUnfocusedActive, 0x00008C},
                        {ImGuiCol_SliderGrab, 0xFFFF00}, {ImGuiCol_SliderGrabActive, 0xFFFFFF}, {ImGuiCol_CheckMark, 0xFFFF00},
                        {ImGuiCol_Separator, 0xFFFFFF}, {ImGuiCol_TableHeaderBg, 0x1A1A1A},
                        {ImGuiCol_TableBorderStrong, 0xFFFFFF}, {ImGuiCol_TableBorderLight, 0xBFBFBF},
                        {ImGuiCol_NavHighlight, 0xFFFF00}, {ImGuiCol_PlotLines, 0xFFFFFF}});
  s.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.06f);
  s.FrameBorderSize = 1.0f;
  s.TabBorderSize = 1.0f;
  s.WindowBorderSize = 1.0f;
}

}  // namespace

const char* theme_name(ThemeKind t) {
  static const char* names[] = {"dark", "light", "contrast"};
  static_assert(IM_ARRAYSIZE(names) == static_cast<int>(ThemeKind::Count));
  return names[static_cast<int>(t)];
}

const Palette& palette(ThemeKind t) { return kPalettes[static_cast<int>(t)]; }

ImGuiStyle theme_style(ThemeKind t) {
  ImGuiStyle s;
  if (t == ThemeKind::Light) light_colors(s);
  else if (t == ThemeKind::HighContrast) high_contrast_colors(s);
  else dark_colors(s);
  return s;
}

std::vector<ImGuiCol> theme_text_backgrounds() {
  return {ImGuiCol_WindowBg, ImGuiCol_PopupBg, ImGuiCol_FrameBg, ImGuiCol_FrameBgHovered, ImGuiCol_FrameBgActive,
          ImGuiCol_Button, ImGuiCol_ButtonHovered, ImGuiCol_ButtonActive, ImGuiCol_Header, ImGuiCol_HeaderHovered,
          ImGuiCol_HeaderActive, ImGuiCol_Tab, ImGuiCol_TabHovered, ImGuiCol_TabActive, ImGuiCol_TableHeaderBg,
          ImGuiCol_TableRowBgAlt};
}

ViewPrefs& view_prefs() {
  static ViewPrefs prefs;
  return prefs;
}

void set_text_scale(float s) {
  view_prefs().text_scale = std::clamp(std::round(s * 20.0f) / 20.0f, 0.75f, 2.0f);
}

void use_palette(ThemeKind t) {
  const Palette& p = palette(t);
  ui::kDimColor = p.dim;
  ui::kErrorColor = p.error;
  ui::kOkColor = p.ok;
  ui::kTrainColor = p.train;
  ui::kTestColor = p.test;
  ui::kAccentColor = p.accent;
  ui::kPlotBg = p.plot_bg;
  ui::kPlotGrid = p.plot_grid;
}

void draw_view_controls() {
  ViewPrefs& v = view_prefs();
  int pct = static_cast<int>(std::lround(v.text_scale * 100.0f));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  if (ui::slider_int("text size", &pct, 75, 200, "%d%%")) set_text_scale(static_cast<float>(pct) / 100.0f);
  ui::tooltip("Scales all text and controls (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 back to 100%).");
  int theme = static_cast<int>(v.theme);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  if (ImGui::Combo("theme", &theme, "dark\0light\0high contrast\0")) {
    v.theme = static_cast<ThemeKind>(theme);
    v.theme_chosen = true;
  }
  ui::tooltip("Colours of the whole interface. Class and optimizer colours stay distinguishable with "
              "red-green or blue-yellow colour blindness in every theme; classes also differ in marker shape.");
}

void handle_view_keys() {
  ImGuiIO& io = ImGui::GetIO();
  if (!io.KeyCtrl) return;
  // ImGui 1.86 indexes keys by the backend's codes: GLFW's '=' 61, '-' 45, '0' 48, keypad + 334, - 333.
  if (ImGui::IsKeyPressed(61) || ImGui::IsKeyPressed(334)) set_text_scale(view_prefs().text_scale + 0.25f);
  if (ImGui::IsKeyPressed(45) || ImGui::IsKeyPressed(333)) set_text_scale(view_prefs().text_scale - 0.25f);
  if (ImGui::IsKeyPressed(48, false)) set_text_scale(1.0f);
}

}  // namespace gl
