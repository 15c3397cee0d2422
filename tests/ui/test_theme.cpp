// Colour tests of every theme, measured from the theme's own colours: text contrast (WCAG 2.1 relative
// luminance, >= 4.5:1) and class / series colours that stay apart for normal vision and under simulated
// protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1), by CIEDE2000.
//
// Threshold: every pair of the 8 class colours is >= 10 CIEDE2000 apart in all four simulations. A
// difference of about 1 is just noticeable for large side-by-side patches; the points, lines and legend
// swatches here are small (a few pixels), and Szafir (2017, "Modeling Color Difference for Visualization
// Design") found that small marks need differences several times larger, roughly 5 to 10 CIELAB units, to
// be told apart reliably. 10 is the top of that range; the classes also differ by marker shape.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "web/app/widgets/theme.h"

using namespace gl;

namespace {

using Rgb = std::array<double, 3>;  // sRGB, 0..1

double to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double to_srgb(double c) {
  c = std::clamp(c, 0.0, 1.0);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}
double luminance(const Rgb& c) {
  return 0.2126 * to_linear(c[0]) + 0.7152 * to_linear(c[1]) + 0.0722 * to_linear(c[2]);
}
double contrast(const Rgb& a, const Rgb& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
Rgb rgb(const ImVec4& c) { return {c.x, c.y, c.z}; }
// A translucent colour as drawn over an opaque background.
Rgb over(const ImVec4& c, const Rgb& bg) {
  return {c.x * c.w + bg[0] * (1 - c.w), c.y * c.w + bg[1] * (1 - c.w), c.z * c.w + bg[2] * (1 - c.w)};
}

enum class Vision { Normal, Protan, Deutan, Tritan };
// Machado et al. 2009, severity 1.0, applied in linear RGB.
Rgb simulate(const Rgb& c, Vision v) {
  static const double m[3][3][3] = {
      {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
      {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
      {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};
  if (v == Vision::Normal) return c;
  const auto& k = m[static_cast<int>(v) - 1];
  const double l[3] = {to_linear(c[0]), to_linear(c[1]), to_linear(c[2])};
  Rgb out;
  for (int i = 0; i < 3; ++i) out[static_cast<size_t>(i)] = to_srgb(k[i][0] * l[0] + k[i][1] * l[1] + k[i][2] * l[2]);
  return out;
}

Rgb to_lab(const Rgb& c) {
  const double r = to_linear(c[0]), g = to_linear(c[1]), b = to_linear(c[2]);
  const double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
  auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

// CIEDE2000 (Sharma, Wu & Dalal 2005).
double ciede2000(const Rgb& p, const Rgb& q) {
  const double kPi = 3.14159265358979323846;
  auto rad = [&](double d) { return d * kPi / 180.0; };
  auto deg = [&](double r) { return r * 180.0 / kPi; };
  const double c1 = std::hypot(p[1], p[2]), c2 = std::hypot(q[1], q[2]), cb = (c1 + c2) / 2;
  const double g = 0.5 * (1 - std::sqrt(std::pow(cb, 7) / (std::pow(cb, 7) + std::pow(25.0, 7))));
  const double a1 = (1 + g) * p[1], a2 = (1 + g) * q[1];
  const double c1p = std::hypot(a1, p[2]), c2p = std::hypot(a2, q[2]);
  auto hue = [&](double b, double a) { double h = deg(std::atan2(b, a)); return h < 0 ? h + 360 : h; };
  const double h1 = hue(p[2], a1), h2 = hue(q[2], a2);
  double dh = 0;
  if (c1p * c2p != 0) dh = h2 - h1 > 180 ? h2 - h1 - 360 : h2 - h1 < -180 ? h2 - h1 + 360 : h2 - h1;
  const double dl = q[0] - p[0], dc = c2p - c1p, dhh = 2 * std::sqrt(c1p * c2p) * std::sin(rad(dh / 2));
  const double lb = (p[0] + q[0]) / 2, cbp = (c1p + c2p) / 2;
  double hb = h1 + h2;
  if (c1p * c2p != 0) hb = std::abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : (h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2);
  const double t = 1 - 0.17 * std::cos(rad(hb - 30)) + 0.24 * std::cos(rad(2 * hb)) + 0.32 * std::cos(rad(3 * hb + 6)) -
                   0.20 * std::cos(rad(4 * hb - 63));
  const double dtheta = 30 * std::exp(-std::pow((hb - 275) / 25, 2));
  const double rc = 2 * std::sqrt(std::pow(cbp, 7) / (std::pow(cbp, 7) + std::pow(25.0, 7)));
  const double sl = 1 + 0.015 * std::pow(lb - 50, 2) / std::sqrt(20 + std::pow(lb - 50, 2));
  const double sc = 1 + 0.045 * cbp, sh = 1 + 0.015 * cbp * t, rt = -std::sin(rad(2 * dtheta)) * rc;
  return std::sqrt(std::pow(dl / sl, 2) + std::pow(dc / sc, 2) + std::pow(dhh / sh, 2) + rt * (dc / sc) * (dhh / sh));
}

const char* vision_name(Vision v) {
  static const char* n[] = {"normal", "protanopia", "deuteranopia", "tritanopia"};
  return n[static_cast<int>(v)];
}

}  // namespace

TEST_CASE("colour maths: known values") {
  CHECK(contrast({0, 0, 0}, {1, 1, 1}) == doctest::Approx(21.0));
  CHECK(contrast({0x76 / 255.0, 0x76 / 255.0, 0x76 / 255.0}, {1, 1, 1}) == doctest::Approx(4.54).epsilon(0.01));
  // Sharma et al.'s test pair 1: (50, 2.6772, -79.7751) vs (50, 0, -82.7485) -> 2.0425.
  CHECK(ciede2000({50, 2.6772, -79.7751}, {50, 0, -82.7485}) == doctest::Approx(2.0425).epsilon(0.001));
  // A deuteranope cannot tell this red and green apart: the simulation brings them within a few units.
  const Rgb red{0.8, 0.3, 0.1}, green{0.45, 0.5, 0.1};
  CHECK(ciede2000(to_lab(red), to_lab(green)) > 20);
  CHECK(ciede2000(to_lab(simulate(red, Vision::Deutan)), to_lab(simulate(green, Vision::Deutan))) < 8);
}

TEST_CASE("every theme: text contrast >= 4.5:1 on every background text is drawn on") {
  for (int t = 0; t < static_cast<int>(ThemeKind::Count); ++t) {
    const ThemeKind kind = static_cast<ThemeKind>(t);
    const ImGuiStyle s = theme_style(kind);
    const Palette& p = palette(kind);
    const Rgb window = rgb(s.Colors[ImGuiCol_WindowBg]);
    double worst = 99;
    std::string where;
    auto check = [&](const Rgb& fg, const Rgb& bg, const std::string& what) {
      const double c = contrast(fg, bg);
      if (c < worst) worst = c, where = what;
    };
    for (ImGuiCol bgc : theme_text_backgrounds())
      check(rgb(s.Colors[ImGuiCol_Text]), over(s.Colors[bgc], window), std::string("text on ") + ImGui::GetStyleColorName(bgc));
    // Coloured text (notes, errors, legends, class names) is drawn on the window and popup backgrounds.
    const Rgb popup = over(s.Colors[ImGuiCol_PopupBg], window);
    const ImVec4 coloured[] = {p.dim, p.error, p.ok, p.accent, p.train, p.test};
    for (const ImVec4& c : coloured) check(rgb(c), window, "coloured text"), check(rgb(c), popup, "coloured text on popup");
    for (int k = 0; k < 8; ++k) check(rgb(p.classes[k]), window, "class colour " + std::to_string(k));
    // Figures: legend labels in series colours and tick labels on the figure background.
    const Rgb plot = over(p.plot_bg, window);
    for (int k = 0; k < 8; ++k) check(rgb(p.classes[k]), plot, "series colour " + std::to_string(k) + " on a figure");
    check(rgb(p.dim), plot, "tick labels on a figure");
    INFO(std::string(theme_name(kind)), ": worst ", worst, " (", where, ")");
    CHECK(worst >= 4.5);
    MESSAGE(std::string(theme_name(kind)), ": lowest text contrast ", worst, ":1 (", where, ")");
  }
}

TEST_CASE("every theme: class colours stay >= 10 CIEDE2000 apart under protanopia, deuteranopia, tritanopia") {
  for (int t = 0; t < static_cast<int>(ThemeKind::Count); ++t) {
    const ThemeKind kind = static_cast<ThemeKind>(t);
    const Palette& p = palette(kind);
    for (int v = 0; v < 4; ++v) {
      double worst = 1e9;
      int wi = 0, wj = 0;
      for (int i = 0; i < 8; ++i)
        for (int j = i + 1; j < 8; ++j) {
          const double d = ciede2000(to_lab(simulate(rgb(p.classes[i]), static_cast<Vision>(v))),
                                     to_lab(simulate(rgb(p.classes[j]), static_cast<Vision>(v))));
          if (d < worst) worst = d, wi = i, wj = j;
        }
      INFO(std::string(theme_name(kind)), " / ", std::string(vision_name(static_cast<Vision>(v))), ": classes ", wi, " and ", wj);
      CHECK(worst >= 10.0);
      MESSAGE(std::string(theme_name(kind)), " ", std::string(vision_name(static_cast<Vision>(v))), ": closest classes ", wi, ",", wj, " dE00 ", worst);
    }
  }
}

TEST_CASE("view preferences: text scale clamps to 75%..200% in steps of 5%") {
  ViewPrefs saved = view_prefs();
  set_text_scale(3.0f);
  CHECK(view_prefs().text_scale == 2.0f);
  set_text_scale(0.1f);
  CHECK(view_prefs().text_scale == 0.75f);
  set_text_scale(1.26f);
  CHECK(view_prefs().text_scale == 1.25f);
  view_prefs() = saved;  // the link keys text= and theme= are tested in test_links.cpp
}
