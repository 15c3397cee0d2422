// Internal to the "Inside" tab, whose code is split by view: inside_panel.cpp (snapshot refresh, drawing
// entry point, |W| of the FC layers, the helpers below), inside_plane.cpp (hidden units over the 2D plane)
// and inside_spatial.cpp (conv filters and feature maps of one sample). Not for other panels.
#pragma once
#include <imgui.h>

#include <vector>

#include "engine/session/probe.h"
#include "web/app/panels/inside_panel.h"

namespace gl::inside {

// Appends a grid to the snapshot; returns its index, or -1 (nothing added) once kInsideMaxImages are held.
int add_image(InsideSnapshot& s, int rows, int cols, ui::ColorMap map, float lo, float hi, std::vector<float> v);
const InsideImage* image_at(const InsideSnapshot& s, int i);  // nullptr when i is out of range
// Image i with the texture draw_inside_panel uploaded for it; the caller writes the hover tooltip.
ui::HeatmapHover show_image(const InsidePanel& p, int i, const char* id, ImVec2 size);

// Items of the same width laid out left to right, wrapping after per_line(item_w) of them: call before item k.
void flow(int k, int per_line);
int per_line(float item_w);

// inside_plane.cpp: Kind::Plane, every hidden unit's output over an n x n grid of the plane.
void build_plane(InsideSnapshot& s, TrainLab& lab, Model& m, int n, std::vector<Tensor>& acts);
void draw_plane(InsidePanel& p);

// inside_spatial.cpp: Kind::Spatial, the input sample, the chosen layer's feature maps and the first conv's
// filters.
void build_spatial(InsideSnapshot& s, InsidePanel& p, const TrainLab& lab, Model& m, std::vector<Tensor>& acts);
void draw_spatial(InsidePanel& p);

}  // namespace gl::inside
