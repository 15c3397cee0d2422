// Themes and view preferences: dark, light (prefers-color-scheme picks one) and high-contrast colours, class
// and series palettes that stay apart under protanopia, deuteranopia and tritanopia, the UI text scale
// (75%-200%, Ctrl+= / Ctrl+- / Ctrl+0). Their link keys (text=, theme=) are in link_state.cpp. ImGui only;
// the platform rebuilds fonts when the scale changes. tests/ui/test_theme.cpp measures contrast and colours.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace gl {

enum class ThemeKind { Dark, Light, HighContrast, Count };
const char* theme_name(ThemeKind t);  // "dark", "light", "contrast" (the URL values)

struct Palette {
  ThemeKind kind;
  ImVec4 classes[8];  // classes, and series (curves, optimizers), in this order
  ImVec4 dim, error, ok, accent, train, test;
  ImVec4 plot_bg, plot_grid;  // figures (curves, histograms): their background and grid lines
};
const Palette& palette(ThemeKind t);
// The style of a theme at scale 1 (colours, borders, the keyboard-focus ring); the platform scales sizes.
ImGuiStyle theme_style(ThemeKind t);
// The ImGui colours text is drawn on (every state of frames, buttons, headers, tabs, popups, tables).
std::vector<ImGuiCol> theme_text_backgrounds();

struct ViewPrefs {
  ThemeKind theme = ThemeKind::Dark;
  bool theme_chosen = false;   // by the student or the link (else the page's prefers-color-scheme decides)
  ThemeKind page_theme = ThemeKind::Dark;  // what prefers-color-scheme / prefers-contrast pick
  float text_scale = 1.0f;     // 0.75 .. 2.0
  bool pause_race = false;     // prefers-reduced-motion: the optimizer race starts paused (App clears it)
};
ViewPrefs& view_prefs();
void set_text_scale(float s);  // clamped to 0.75 .. 2.0, in steps of 5%
// Makes the theme's colours current (ImGui style colours are set by the platform with theme_style).
void use_palette(ThemeKind t);

// The "View" controls (text size, theme) and the Ctrl+= / Ctrl+- / Ctrl+0 keys.
void draw_view_controls();
void handle_view_keys();

}  // namespace gl
