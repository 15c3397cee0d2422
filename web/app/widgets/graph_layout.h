// Where the Graph tab puts each node box and each edge's two labels (value above, gradient below), as
// rectangles in canvas pixels from the top-left, for the current font. Layered: a node's column is its
// longest path from a leaf, a leaf sits just left of the first node it feeds, rows follow the leaves in
// reading order of the formula, and no box or label covers another. Not here: drawing (graph_panel.cpp).
#pragma once
#include <string>
#include <vector>

#include "engine/session/graph_lab.h"  // ExprGraph

namespace gl {

struct GraphRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const GraphRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct GraphLayout {
  std::vector<GraphRect> nodes;                  // by node id
  std::vector<GraphRect> edge_value, edge_grad;  // by edge id: the forward value's and the gradient's text
  std::vector<float> edge_y;                     // by edge id: where the edge enters its node (y)
  float width = 0, height = 0;                   // the canvas the layout needs
};

// Text sizes come from the current ImGui font (needs a frame or a built atlas).
GraphLayout layout_graph(const ExprGraph& g);

// The text drawn for a value or gradient ("%.3g").
std::string graph_number(double v);

}  // namespace gl
