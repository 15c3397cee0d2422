// Where the Graph tab puts each node box and each edge's two labels (value above, gradient below), as
// rectangles in canvas pixels from the top-left, for the current font. Layered: a node's column is its
// longest path from a leaf, a leaf sits just left of the first node it feeds, rows follow the leaves in
// reading order of the formula, and no box or label covers another. Not here: drawing (graph_panel.cpp).
#pragma once
#include <algorithm>
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

// The Graph tab's step-by-step reveal over its n nodes: steps 1..n show the values in node (topological)
// order, steps n+1..2n the gradients in reverse order. `setting` -1 shows everything. One rule for the
// canvas, its buttons and the description in words.
struct GraphReveal {
  int n = 0, steps = 0;
  GraphReveal(int nodes, int setting) : n(nodes), steps(setting < 0 ? 2 * nodes : std::min(setting, 2 * nodes)) {}
  bool all() const { return steps == 2 * n; }
  bool value_shown(int id) const { return id < steps; }
  bool grad_shown(int id) const { return steps > n && (n - 1 - id) < steps - n; }
};

// Text sizes come from the current ImGui font (needs a frame or a built atlas).
GraphLayout layout_graph(const ExprGraph& g);

// The text drawn for a value or gradient ("%.3g").
std::string graph_number(double v);

}  // namespace gl
