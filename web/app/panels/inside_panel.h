// "Inside the network" panel: for 2D data every hidden unit's output painted over the plane; for image and
// video data the first conv layer's filters and the feature maps of a chosen sample (one slice per time
// step for 3D); for every fully connected layer a heatmap of |W|. The numbers come from probe_inside
// (engine/session/inside_view.h, which leaves training untouched), called by update_inside_panel and kept here
// as a snapshot; draw_inside_panel only reads it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/session/inside_view.h"
#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/panel_settings.h"
#include "web/app/view_refresh.h"
#include "web/app/widgets/heatmap.h"

namespace gl {

// Texture slots this panel uses: slot_of(TexSlot::Inside, 0 .. kInsideMaxImages - 1), one per snapshot grid.
static_assert(kInsideMaxImages <= kInsideSlots, "one texture slot per grid of an Inside snapshot");

struct InsidePanel : InsideSettings {  // the settings a link carries, and:
  bool visible = false;        // set by App: whether the tab was shown last frame
  // Computed by update_inside_panel.
  InsideSnapshot snap;
  // Bookkeeping for recomputing and uploading.
  ViewRefresh refresh;         // when snap is rebuilt
  std::vector<void*> textures;  // one per snap.images entry (Gfx caches them by snap.version)
};

// While visible: recomputes the snapshot (the panel's view) when the model, its step or the choices changed
// (at most every ~150 ms while training runs; dt_ms is the frame time). Changes nothing in the session.
void update_inside_panel(InsidePanel& panel, const Session& session, double dt_ms);
void draw_inside_panel(InsidePanel& panel, Gfx& gfx);

}  // namespace gl

// The panel's drawing, split by view: inside_panel.cpp (snapshot refresh, drawing entry point, |W| of the FC
// layers, the helpers below), inside_plane.cpp (hidden units over the 2D plane) and inside_spatial.cpp (conv
// filters and feature maps of one sample). Not for other panels.
namespace gl::inside {

const InsideImage* image_at(const InsideSnapshot& s, int i);  // nullptr when i is out of range
// Image i with the texture draw_inside_panel uploaded for it; the caller writes the hover tooltip.
ui::HeatmapHover show_image(const InsidePanel& p, int i, const char* id, ImVec2 size);

// The colour range image i is shown with: its own, or [0, weight_scale] for the |W| maps when that is fixed.
void image_range(const InsidePanel& p, int i, float& lo, float& hi);

// Items of the same width laid out left to right, wrapping after per_line(item_w) of them: call before item k.
void flow(int k, int per_line);
int per_line(float item_w);

// inside_plane.cpp: Kind::Plane, every hidden unit's output over an n x n grid of the plane.
void draw_plane(InsidePanel& p);

// inside_spatial.cpp: Kind::Spatial, the input sample, the chosen layer's feature maps and the first conv's
// filters.
void draw_spatial(InsidePanel& p);

}  // namespace gl::inside
