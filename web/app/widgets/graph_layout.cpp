// layout_graph(): layered layout of an expression graph. Columns: an operation sits one column right of its
// deepest input (longest path from a leaf); a leaf sits one column left of the first node it feeds, so the
// inputs of a deep node are not all stacked in column 0. Rows: leaves take one row each in the formula's
// reading order (depth-first from the output), an operation sits at the mean row of its inputs, a leaf beyond
// the first column moves beside the node it feeds, and nodes that meet in a column are pushed apart. Each edge's labels sit in the gap just left of its node, where no box
// is, and labels that meet in a gap are pushed apart. The canvas grows to fit (the panel scrolls).
#include "web/app/widgets/graph_layout.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace gl {

std::string graph_number(double v) {
  char b[32];
  if (v == 0) v = 0;  // -0 (a zero gradient times a negative input) prints as "0"
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

namespace {

// Column of every node (see the file's comment).
std::vector<int> graph_columns(const ExprGraph& g) {
  const size_t n = g.nodes.size();
  std::vector<int> col(n, 0);
  for (const ExprNode& nd : g.nodes)
    for (int a : nd.args)
      if (a >= 0) col[size_t(nd.id)] = std::max(col[size_t(nd.id)], col[size_t(a)] + 1);
  for (const ExprNode& nd : g.nodes) {
    if (nd.args[0] >= 0 || nd.uses.empty()) continue;
    int first = 1 << 30;
    for (int e : nd.uses) first = std::min(first, col[size_t(g.edges[size_t(e)].to)]);
    col[size_t(nd.id)] = first - 1;
  }
  return col;
}

// Row of every node, before columns are de-overlapped.
void leaf_rows(const ExprGraph& g, int id, std::vector<float>& row, std::vector<bool>& seen, float& next) {
  if (seen[size_t(id)]) return;
  seen[size_t(id)] = true;
  const ExprNode& nd = g.nodes[size_t(id)];
  if (nd.args[0] < 0) {
    row[size_t(id)] = next++;
    return;
  }
  float sum = 0;
  int k = 0;
  for (int a : nd.args)
    if (a >= 0) leaf_rows(g, a, row, seen, next), sum += row[size_t(a)], ++k;
  row[size_t(id)] = sum / float(k);
}

// Pushes items sorted by top apart so that each starts at least `gap` below the previous one's bottom.
void separate(std::vector<GraphRect*>& items, float gap) {
  std::sort(items.begin(), items.end(), [](const GraphRect* a, const GraphRect* b) { return a->y0 < b->y0; });
  for (size_t i = 1; i < items.size(); ++i) {
    const float shift = items[i - 1]->y1 + gap - items[i]->y0;
    if (shift > 0) items[i]->y0 += shift, items[i]->y1 += shift;
  }
}

// y of the edge's curve (a cubic from a, leaving horizontally, to b, arriving horizontally) where it meets x.
float curve_y_at(float ax, float ay, float bx, float by, float x) {
  const float mx = ax + (bx - ax) * 0.5f;
  float lo = 0, hi = 1, t = 0.5f;
  for (int i = 0; i < 30; ++i) {
    t = (lo + hi) * 0.5f;
    const float u = 1 - t;
    const float cx = u * u * u * ax + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * bx;
    (cx < x ? lo : hi) = t;
  }
  const float u = 1 - t;
  return u * u * u * ay + 3 * u * u * t * ay + 3 * u * t * t * by + t * t * t * by;
}

// Each node's row (in rows, from 0): leaves in reading order, inner nodes between their inputs (leaf_rows),
// then a leaf outside the first column next to the node it feeds.
std::vector<float> node_rows(const ExprGraph& g, const std::vector<int>& col) {
  const size_t n = g.nodes.size();
  std::vector<float> row(n, 0.0f);
  std::vector<bool> seen(n, false);
  float next = 0;
  leaf_rows(g, g.root, row, seen, next);
  for (size_t i = 0; i < n; ++i)  // nodes the output does not reach (none in a parsed formula)
    if (!seen[i]) leaf_rows(g, int(i), row, seen, next);
  // A leaf outside the first column moves next to the node it feeds (half a row above for the first input,
  // below for the second): those columns are nearly empty, and the graph gets less tall.
  for (const ExprNode& nd : g.nodes) {
    if (nd.args[0] >= 0 || nd.uses.empty()) continue;
    const ExprEdge* first = nullptr;  // the use in the next column
    for (int u : nd.uses)
      if (col[size_t(g.edges[size_t(u)].to)] == col[size_t(nd.id)] + 1) first = &g.edges[size_t(u)];
    const ExprEdge& e = *first;
    if (col[size_t(nd.id)] > 0) row[size_t(nd.id)] = row[size_t(e.to)] + (e.slot == 0 ? -0.5f : 0.5f);
  }
  const float row_min = *std::min_element(row.begin(), row.end());
  for (float& r : row) r -= row_min;
  return row;
}

}  // namespace

GraphLayout layout_graph(const ExprGraph& g) {
  GraphLayout L;
  const size_t n = g.nodes.size();
  if (n == 0) return L;
  const float fs = ImGui::GetFontSize();
  auto text_w = [](const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; };
  // Box: label, value, gradient on three lines; as wide as its widest text. Gap: as wide as the widest label.
  float box_w = fs * 3.2f, label_w = fs * 2.0f;
  for (const ExprNode& nd : g.nodes)
    box_w = std::max({box_w, text_w(nd.label), text_w(graph_number(nd.value)), text_w(graph_number(nd.grad))});
  for (const ExprEdge& e : g.edges) label_w = std::max({label_w, text_w(graph_number(e.value)), text_w(graph_number(e.grad))});
  box_w += fs * 0.6f;
  const float box_h = fs * 3.1f, gap_w = label_w + fs * 0.9f, margin = fs * 0.6f, line = fs * 1.05f;

  const std::vector<int> col = graph_columns(g);
  const std::vector<float> row = node_rows(g, col);
  const int ncols = *std::max_element(col.begin(), col.end()) + 1;
  const float row_h = box_h + fs * 1.0f;
  L.nodes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const float x = margin + float(col[i]) * (box_w + gap_w), y = margin + row[i] * row_h;
    L.nodes[i] = {x, y, x + box_w, y + box_h};
  }
  for (int c = 0; c < ncols; ++c) {
    std::vector<GraphRect*> in_col;
    for (size_t i = 0; i < n; ++i)
      if (col[i] == c) in_col.push_back(&L.nodes[i]);
    separate(in_col, row_h - box_h);
  }

  // Edge labels: in the gap left of the target node, centred on the curve there.
  const size_t m = g.edges.size();
  L.edge_value.resize(m);
  L.edge_grad.resize(m);
  L.edge_y.resize(m);
  std::vector<GraphRect> block(m);  // value above the curve, gradient below
  for (size_t k = 0; k < m; ++k) {
    const ExprEdge& e = g.edges[k];
    const GraphRect &a = L.nodes[size_t(e.from)], &b = L.nodes[size_t(e.to)];
    const bool binary = g.nodes[size_t(e.to)].args[1] >= 0;
    const float by = (b.y0 + b.y1) * 0.5f + (binary ? (e.slot == 0 ? -0.2f : 0.2f) * box_h : 0.0f);
    L.edge_y[k] = by;
    const float cx = b.x0 - gap_w * 0.5f;
    const float cy = curve_y_at(a.x1, (a.y0 + a.y1) * 0.5f, b.x0, by, cx);
    block[k] = {cx - label_w * 0.5f, cy - line, cx + label_w * 0.5f, cy + line};
  }
  for (int c = 0; c < ncols; ++c) {
    std::vector<GraphRect*> in_gap;
    for (size_t k = 0; k < m; ++k)
      if (col[size_t(g.edges[k].to)] == c) in_gap.push_back(&block[k]);
    separate(in_gap, fs * 0.1f);
  }
  float top = 0;
  for (const GraphRect& r : block) top = std::min(top, r.y0 - margin);
  auto down = [&](GraphRect r) { return GraphRect{r.x0, r.y0 - top, r.x1, r.y1 - top}; };
  for (GraphRect& r : L.nodes) r = down(r);
  for (size_t k = 0; k < m; ++k) {
    const GraphRect r = down(block[k]);
    const float cx = (r.x0 + r.x1) * 0.5f;
    const float wv = text_w(graph_number(g.edges[k].value)), wg = text_w(graph_number(g.edges[k].grad));
    L.edge_value[k] = {cx - wv * 0.5f, r.y0, cx + wv * 0.5f, r.y0 + fs};
    L.edge_grad[k] = {cx - wg * 0.5f, r.y1 - fs, cx + wg * 0.5f, r.y1};
    L.edge_y[k] -= top;
  }
  for (const GraphRect& r : L.nodes) L.width = std::max(L.width, r.x1 + margin), L.height = std::max(L.height, r.y1 + margin);
  for (const GraphRect& r : block) L.height = std::max(L.height, r.y1 - top + margin);
  return L;
}

}  // namespace gl
