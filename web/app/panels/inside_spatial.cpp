// The "Inside" tab's view for image and video data (see inside_panel.h): one training sample, the
// feature maps of a chosen layer (one slice per time step for 3D) and the first conv layer's filters, as
// probe_inside computed them. The plane view and |W| live elsewhere.
#include "web/app/panels/inside_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/app/widgets/slider.h"
#include "web/app/widgets/ui_common.h"

namespace gl::inside {

namespace {

// The input sample and the chosen layer's feature maps, side by side.
void draw_input_and_maps(InsidePanel& p, bool video) {
  const InsideSnapshot& s = p.snap;
  const float fs = ImGui::GetFontSize();
  // Input sample.
  const float in_side = std::clamp(ImGui::GetContentRegionAvail().x * 0.22f, fs * 5.0f, fs * 9.0f);
  const int t_in = std::min(p.t, s.input_t - 1);
  ImGui::BeginGroup();
  ImGui::TextColored(ui::kDimColor, video ? "input, frame %d" : "input", t_in);
  for (int c = 0; c < s.input_c; ++c) {
    ImGui::PushID(c);
    if (c) ImGui::SameLine();
    ui::HeatmapHover h = show_image(p, s.input_first + t_in * s.input_c + c, "##input", ImVec2(in_side, in_side));
    if (h.hovered) ImGui::SetTooltip("input channel %d, pixel (y %d, x %d): %.4g", c, h.row, h.col, h.value);
    ImGui::PopID();
  }
  ImGui::EndGroup();
  // Feature maps.
  if (s.map_first >= 0) {
    ImGui::SameLine();
    ImGui::BeginGroup();
    const int t_map = std::min(p.t, s.map_t - 1);
    ImGui::TextColored(ui::kDimColor, "%s: %d maps%s", s.map_title.c_str(), s.map_c_total,
                       s.map_c < s.map_c_total ? " (first ones shown)" : "");
    const float side = std::clamp(ImGui::GetContentRegionAvail().x / 8.0f - ImGui::GetStyle().ItemSpacing.x, fs * 3.0f, fs * 5.0f);
    const int pl = per_line(side);
    for (int c = 0; c < s.map_c; ++c) {
      flow(c, pl);
      ImGui::PushID(c);
      ui::HeatmapHover h = show_image(p, s.map_first + t_map * s.map_c + c, "##map", ImVec2(side, side));
      if (h.hovered) {
        if (s.map_t > 1)
          ImGui::SetTooltip("channel %d, t %d, (y %d, x %d): %.5g", c, t_map, h.row, h.col, h.value);
        else
          ImGui::SetTooltip("channel %d, (y %d, x %d): %.5g", c, h.row, h.col, h.value);
      }
      ImGui::PopID();
    }
    ImGui::EndGroup();
  }
}

// The first conv layer's filters, each one slice per input channel (and time step).
void draw_filters(InsidePanel& p) {
  const InsideSnapshot& s = p.snap;
  const float fs = ImGui::GetFontSize();
  if (s.filter_first >= 0 && ImGui::CollapsingHeader("Filters of the first conv layer", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::TextColored(ui::kDimColor, "%s: %d filters, each %d input channel(s)%s", s.filter_title.c_str(), s.c_out_total,
                       s.c_in_total, s.kt > 1 ? " x time slices" : "");
    ui::help_marker("Each filter is slid over the input; its output is large where the input looks like the "
                    "filter (red weights where the input is bright, blue where it is dark). For 3D convolution "
                    "every filter has one 2D slice per time step, shown side by side.");
    ui::same_line_if_fits(fs * 8);
    ui::color_bar("##filter_bar", ui::ColorMap::Diverging, -s.filter_absmax, s.filter_absmax, fs * 8);
    const ImVec2 fsz(fs * 2.4f, fs * 2.4f);
    const float block_w = static_cast<float>(s.c_in * s.kt) * (fsz.x + ImGui::GetStyle().ItemSpacing.x) + fs;
    const int pl = per_line(block_w);
    for (int o = 0; o < s.c_out; ++o) {
      flow(o, pl);
      ImGui::PushID(o);
      ImGui::BeginGroup();
      for (int i = 0; i < s.c_in; ++i)
        for (int t = 0; t < s.kt; ++t) {
          const int k = i * s.kt + t;
          if (k) ImGui::SameLine(0, t ? 1.0f : -1.0f);
          ImGui::PushID(k);
          ui::HeatmapHover h = show_image(p, s.filter_first + o * s.c_in * s.kt + k, "##filter", fsz);
          if (h.hovered) {
            if (s.kt > 1)
              ImGui::SetTooltip("filter %d, input channel %d, t %d, (y %d, x %d): weight %.5g", o, i, t, h.row, h.col, h.value);
            else
              ImGui::SetTooltip("filter %d, input channel %d, (y %d, x %d): weight %.5g", o, i, h.row, h.col, h.value);
          }
          ImGui::PopID();
        }
      ImGui::EndGroup();
      ImGui::PopID();
    }
    if (s.c_out < s.c_out_total || s.c_in < s.c_in_total)
      ImGui::TextColored(ui::kDimColor, "showing %d of %d filters, %d of %d input channels", s.c_out, s.c_out_total, s.c_in,
                         s.c_in_total);
  }
}

}  // namespace

void draw_spatial(InsidePanel& p) {
  const InsideSnapshot& s = p.snap;
  const float fs = ImGui::GetFontSize();
  // Sample and layer choice.
  ImGui::SetNextItemWidth(fs * 10);
  ui::slider_int("##sample", &p.sample, 0, std::max(0, s.num_samples - 1), "sample %d");
  ui::tooltip("Which training example to push through the network; its feature maps are shown below.");
  if (s.label >= 0) {
    char lab[96];
    std::snprintf(lab, sizeof lab, "label %d: %s", s.label, s.label_name.c_str());
    ui::same_line_if_fits(ImGui::CalcTextSize(lab).x);
    ImGui::TextColored(ui::class_color(s.label), "%s", lab);
  }
  if (!s.map_layers.empty()) {
    ui::same_line_if_fits(fs * 14);
    ImGui::SetNextItemWidth(fs * 14);
    if (ImGui::BeginCombo("##map_layer", s.map_title.c_str())) {
      for (const auto& [i, title] : s.map_layers) {
        ImGui::PushID(i);
        if (ImGui::Selectable(title.c_str(), i == s.map_layer)) p.map_layer = i;
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
    ui::tooltip("Which layer's output (feature maps) to show: one map per channel.");
  }
  ui::same_line_if_fits(ImGui::CalcTextSize("Same scale").x + ImGui::GetFrameHeight() * 1.5f);
  ImGui::Checkbox("Same scale", &p.shared_scale);
  ui::tooltip("On: every feature map uses one colour scale, so weak or dead channels look dark. Off: each map is "
              "scaled to its own range, to see the pattern it responds to.");
  const bool video = s.map_t > 1 || s.input_t > 1;
  if (video) {
    const int t_max = std::max(s.map_t, s.input_t) - 1;
    p.t = std::clamp(p.t, 0, t_max);
    ImGui::SetNextItemWidth(fs * 10);
    ui::slider_int("##t", &p.t, 0, t_max, "time step %d");
    ui::tooltip("Which time slice (frame) of the clip and of the 3D feature maps to show.");
  }
  draw_input_and_maps(p, video);
  draw_filters(p);
}

}  // namespace gl::inside
