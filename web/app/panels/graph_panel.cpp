// Draws the expression graph with ImDrawList: node boxes (operation, value, gradient), edges labelled with
// the value flowing forward (green, above) and the gradient flowing back (red, below).
#include "web/app/panels/graph_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
const ImVec4 kFwd{0.45f, 0.85f, 0.45f, 1}, kBwd{1.0f, 0.45f, 0.40f, 1};

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

// Column (longest path from a leaf) and row of every node.
void layout(const ExprGraph& g, std::vector<int>& col, std::vector<float>& row, int& ncols) {
  const size_t n = g.nodes.size();
  col.assign(n, 0);
  row.assign(n, 0.0f);
  ncols = 1;
  float next_leaf = 0;
  for (const ExprNode& nd : g.nodes) {
    int c = 0;
    float r = 0;
    int k = 0;
    for (int a : nd.args)
      if (a >= 0) {
        c = std::max(c, col[static_cast<size_t>(a)] + 1);
        r += row[static_cast<size_t>(a)];
        ++k;
      }
    col[static_cast<size_t>(nd.id)] = c;
    row[static_cast<size_t>(nd.id)] = k ? r / static_cast<float>(k) : next_leaf++;
    ncols = std::max(ncols, c + 1);
  }
  // Separate nodes that landed on the same spot of a column.
  for (int c = 0; c < ncols; ++c) {
    std::vector<int> ids;
    for (size_t i = 0; i < n; ++i)
      if (col[i] == c) ids.push_back(static_cast<int>(i));
    std::sort(ids.begin(), ids.end(), [&](int a, int b) { return row[static_cast<size_t>(a)] < row[static_cast<size_t>(b)]; });
    for (size_t i = 1; i < ids.size(); ++i) {
      float& r = row[static_cast<size_t>(ids[i])];
      r = std::max(r, row[static_cast<size_t>(ids[i - 1])] + 1.0f);
    }
  }
}

// The graph: edges with their values (above) and gradients (below), nodes with theirs, as far as revealed.
// Returns the node under the mouse (-1: none).
int draw_graph_canvas(const ExprGraph& g, int reveal) {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<int> col;
  std::vector<float> row;
  int ncols = 1;
  layout(g, col, row, ncols);
  float max_row = 0;
  for (float r : row) max_row = std::max(max_row, r);
  const float fs = ImGui::GetFontSize();
  const float check_h = fs * 1.6f * (static_cast<float>(g.vars.size()) + 3.0f);
  ImVec2 avail = ImGui::GetContentRegionAvail();
  avail.y = std::max(avail.y - check_h, fs * 10);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##graph", avail);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), IM_COL32(24, 26, 30, 255));
  const ImVec2 box(fs * 4.6f, fs * 2.9f);
  auto center = [&](int id) {
    float cx = p0.x + box.x * 0.6f + (avail.x - box.x * 1.2f) * (ncols > 1 ? col[static_cast<size_t>(id)] / float(ncols - 1) : 0.5f);
    float cy = p0.y + box.y * 0.6f + (avail.y - box.y * 1.2f) * (max_row > 0 ? row[static_cast<size_t>(id)] / max_row : 0.5f);
    return ImVec2(cx, cy);
  };
  auto fwd_shown = [&](int id) { return id < reveal; };                    // node values, in id order
  auto bwd_shown = [&](int id) { return reveal > n && (n - 1 - id) < reveal - n; };  // grads, reverse order
  dl->PushClipRect(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), true);
  int hovered_node = -1;
  for (const ExprEdge& e : g.edges) {
    ImVec2 a = center(e.from), b = center(e.to);
    a.x += box.x * 0.5f;
    b.x -= box.x * 0.5f;
    const float off = (e.slot == 0 ? -0.18f : 0.18f) * box.y * (g.nodes[static_cast<size_t>(e.to)].args[1] >= 0 ? 1.0f : 0.0f);
    b.y += off;
    dl->AddBezierCubic(a, ImVec2(a.x + (b.x - a.x) * 0.5f, a.y), ImVec2(a.x + (b.x - a.x) * 0.5f, b.y), b,
                       IM_COL32(150, 155, 165, 200), 1.5f);
    ImVec2 mid((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
    if (fwd_shown(e.from)) dl->AddText(ImVec2(mid.x - fs, mid.y - fs * 1.05f), ImGui::GetColorU32(kFwd), num(e.value).c_str());
    if (bwd_shown(e.to)) dl->AddText(ImVec2(mid.x - fs, mid.y + fs * 0.05f), ImGui::GetColorU32(kBwd), num(e.grad).c_str());
  }
  for (const ExprNode& nd : g.nodes) {
    ImVec2 c = center(nd.id);
    ImVec2 a(c.x - box.x * 0.5f, c.y - box.y * 0.5f), b(c.x + box.x * 0.5f, c.y + box.y * 0.5f);
    const bool leaf = nd.args[0] < 0;
    dl->AddRectFilled(a, b, leaf ? IM_COL32(45, 58, 80, 255) : IM_COL32(60, 52, 78, 255), fs * 0.3f);
    if (nd.id == g.root) dl->AddRect(a, b, IM_COL32(140, 200, 255, 255), fs * 0.3f, 0, 2.0f);
    ImVec2 ts = ImGui::CalcTextSize(nd.label.c_str());
    dl->AddText(ImVec2(c.x - ts.x * 0.5f, a.y + fs * 0.1f), IM_COL32(235, 235, 240, 255), nd.label.c_str());
    if (fwd_shown(nd.id)) dl->AddText(ImVec2(a.x + fs * 0.25f, a.y + fs * 1.0f), ImGui::GetColorU32(kFwd), num(nd.value).c_str());
    if (bwd_shown(nd.id)) dl->AddText(ImVec2(a.x + fs * 0.25f, a.y + fs * 1.9f), ImGui::GetColorU32(kBwd), num(nd.grad).c_str());
    if (ImGui::IsMouseHoveringRect(a, b)) hovered_node = nd.id;
  }
  dl->PopClipRect();
  return hovered_node;
}

// Analytic vs numeric gradient of every variable.
void draw_graph_check(const GraphLab& lab) {
  const ExprGraph& g = lab.graph();
  ImGui::TextColored(kFwd, "value (forward)");
  ImGui::SameLine();
  ImGui::TextColored(kBwd, "gradient (backward)");
  ImGui::SameLine();
  ImGui::Text("   f = %.6g", g.root >= 0 ? g.value() : 0.0);
  const std::vector<double>& numeric = lab.numeric_grads();
  if (ImGui::BeginTable("##gradcheck", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("variable");
    ImGui::TableSetupColumn("analytic df/dv");
    ImGui::TableSetupColumn("numeric (central diff., h = 1e-5)");
    ImGui::TableSetupColumn("relative error");
    ImGui::TableHeadersRow();
    std::vector<double> analytic = g.root >= 0 ? g.var_grads() : std::vector<double>();
    for (size_t i = 0; i < analytic.size(); ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(g.vars[i].c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.8g", analytic[i]);
      ImGui::TableNextColumn();
      ImGui::Text("%.8g", numeric[i]);
      ImGui::TableNextColumn();
      double denom = std::max({std::fabs(analytic[i]), std::fabs(numeric[i]), 1e-12});
      double rel = std::fabs(analytic[i] - numeric[i]) / denom;
      ImVec4 c = rel < 1e-7 ? ui::kOkColor : rel < 1e-4 ? ImVec4(0.95f, 0.8f, 0.3f, 1) : ui::kErrorColor;
      ImGui::TextColored(c, "%.2e", rel);
      ui::tooltip("Relative error |a - n| / max(|a|, |n|): below 1e-7 is good, up to 1e-4 is suspicious near kinks, above means a wrong gradient.");
    }
    ImGui::EndTable();
  }
  for (const ExprError& w : lab.warnings()) ImGui::TextColored(ui::kErrorColor, "%s", w.message.c_str());
}

}  // namespace

void draw_graph_panel(GraphPanel& panel, const Session& session, Intents& intents) {
  const GraphLab& lab = session.graph_lab();
  const ExprGraph& g = lab.graph();
  if (panel.synced_from != lab.formula()) {
    panel.formula = lab.formula();
    panel.synced_from = lab.formula();
  }
  ImGui::TextUnformatted("f =");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ui::input_text("##formula", panel.formula)) intents.formula = panel.formula;
  ui::tooltip("Type any formula with + - * / ^ and max, min, exp, log, sqrt, abs, tanh, sigmoid, relu. "
              "Every name that is not a function is a variable.");
  if (!lab.error().ok()) ImGui::TextColored(ui::kErrorColor, "%s", lab.error().message.c_str());

  // Variable values.
  for (size_t i = 0; i < g.vars.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (i % 4) ImGui::SameLine();
    double v = lab.values()[i];
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.5f);
    if (ImGui::InputDouble(g.vars[i].c_str(), &v, 0.0, 0.0, "%.4g")) intents.formula_values.emplace_back(static_cast<int>(i), v);
    ui::tooltip("Value of this input. Change it and watch every value and gradient update.");
    ImGui::PopID();
  }

  // Step-by-step reveal: forward (nodes in topological order), then backward (reverse order).
  const int n = static_cast<int>(g.nodes.size()), total = 2 * n;
  int reveal = panel.hide_answers ? 0 : panel.reveal < 0 ? total : std::min(panel.reveal, total);
  ImGui::BeginDisabled(panel.hide_answers);  // the exercise card asks for these values
  if (ImGui::Button("Reset steps")) panel.reveal = 0;
  ui::tooltip("Hide all values, then reveal the forward pass and the backward pass one node at a time.");
  ImGui::SameLine();
  if (ImGui::Button("Next step") && reveal < total) panel.reveal = reveal + 1;
  ui::tooltip("Forward: compute the next node's value from its inputs. Backward: push the gradient from a node to its inputs (chain rule).");
  ImGui::SameLine();
  if (ImGui::Button("Show all")) panel.reveal = -1;
  ImGui::SameLine();
  ImGui::TextColored(ui::kDimColor, reveal < n ? "forward pass: %d of %d nodes" : "backward pass: %d of %d nodes",
                     reveal < n ? reveal : reveal - n, n);
  ImGui::EndDisabled();

  const int hovered_node = draw_graph_canvas(g, reveal);
  if (hovered_node >= 0 && !panel.hide_answers) {  // the node's expression, value and gradient
    const ExprNode& nd = g.nodes[static_cast<size_t>(hovered_node)];
    ImGui::BeginTooltip();
    ImGui::Text("%s  (node %d)", expr_to_string(g, nd.id).c_str(), nd.id);
    ImGui::TextColored(kFwd, "value    %.10g", nd.value);
    ImGui::TextColored(kBwd, "gradient %.10g  (d f / d this node)", nd.grad);
    if (nd.uses.size() > 1) ImGui::Text("used %d times: its gradient is the sum over its outgoing edges", static_cast<int>(nd.uses.size()));
    ImGui::EndTooltip();
  }

  if (panel.hide_answers) {
    ImGui::TextColored(ui::kDimColor, "Values and gradients are hidden until the exercise is solved.");
    return;
  }
  draw_graph_check(lab);
}

}  // namespace gl
