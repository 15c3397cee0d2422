// Float grids shown as images: a colour map (diverging around 0, magnitude, or grey pixels) turns values into
// RGBA8, Gfx::texture_rgba uploads them, ImGui::Image shows them; hovering reports the cell and its exact
// value. Also a colour bar for legends. No state of its own: the caller owns the values and the texture slot.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

#include "engine/session/value_range.h"
#include "web/app/gfx.h"

namespace gl::ui {

enum class ColorMap {
  Diverging,  // blue (negative) - white (0) - red (positive); range symmetric around 0
  Magnitude,  // dark - purple - orange - pale yellow, for values >= 0 (|W|)
  Gray,       // black - white (pixel intensities)
};

struct HeatmapDesc {
  const char* id = "##heatmap";
  int slot = 0;                  // Gfx texture slot (slot_of(TexSlot::...); the caller keeps slots unique on screen)
  uint64_t key = 0;              // revision of the values (gfx_key); 0: a hash of the values and the range
  ImVec2 size{0, 0};             // on-screen size; a zero component: cols (rows) x cell_px
  float cell_px = 4.0f;
  ColorMap map = ColorMap::Diverging;
  float lo = 0, hi = 0;          // colour range; hi <= lo: from the data (Diverging: -max|v| .. +max|v|)
  bool tooltip = true;           // show "row r, col c: value" on hover (else the caller writes its own)
  const char* row_label = "row";
  const char* col_label = "col";
  bool border = true;
};

struct HeatmapHover {
  bool hovered = false;
  int row = -1, col = -1;
  float value = 0;
  float lo = 0, hi = 0;  // the colour range used
};

// Colour range for values under a map (see HeatmapDesc::lo/hi); never empty.
void color_range(const float* values, int64_t n, ColorMap map, float& lo, float& hi);
// What a colour map shows, in the engine's terms (engine/session/value_range.h), and the map for a scale.
ValueScale value_scale_of(ColorMap map);
ColorMap color_map_of(ValueScale scale);
// One colour for v in [lo, hi] (clamped); NaN/Inf is magenta.
void color_of(float v, ColorMap map, float lo, float hi, uint8_t rgba[4]);
// rows x cols values (row 0 on top) into rows x cols RGBA8 pixels.
void colorize(const float* values, int rows, int cols, ColorMap map, float lo, float hi, std::vector<uint8_t>& rgba);

// Uploads (when desc.key, or the values, changed) and shows the grid; returns what is under the mouse.
HeatmapHover heatmap(Gfx& gfx, const HeatmapDesc& desc, const float* values, int rows, int cols);
// Colours a grid and uploads it into the slot's texture unless the slot holds key; returns the texture for
// show_grid / ImGui::Image.
void* upload_grid(Gfx& gfx, int slot, uint64_t key, const float* values, int rows, int cols, ColorMap map, float lo,
                  float hi);
// Shows an uploaded grid (desc.slot, map, lo, hi unused); values are read for the hover readout only.
HeatmapHover show_grid(void* texture, const HeatmapDesc& desc, const float* values, int rows, int cols);

// A horizontal colour bar with its end values, `width` pixels wide (0: a default).
void color_bar(const char* id, ColorMap map, float lo, float hi, float width = 0.0f);

}  // namespace gl::ui
