// Draws the expression graph with ImDrawList: node boxes (operation, value, gradient), edges labelled with
// the value flowing forward (green, above) and the gradient flowing back (red, below), and the tie rule of
// max / min.
#include "web/app/panels/graph_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "web/app/widgets/graph_layout.h"
#include "web/app/widgets/text_input.h"
#include "web/app/widgets/ui_common.h"

namespace gl {

namespace {
const ImVec4 kFwd{0.45f, 0.85f, 0.45f, 1}, kBwd{1.0f, 0.45f, 0.40f, 1};

// The graph (layout: widgets/graph_layout.h): edges with their values (above) and gradients (below), nodes
// with theirs, as far as revealed, in a canvas that scrolls when the graph is larger than the panel. Tied
// max / min nodes get an outline in the gradient's colour. Returns the node under the mouse (-1: none).
int draw_graph_canvas(const ExprGraph& g, int reveal, const std::vector<int>& tied) {
  const int n = static_cast<int>(g.nodes.size());
  GraphLayout L = layout_graph(g);
  const float check_h = ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(g.vars.size()) + 3.5f);
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float bar = ImGui::GetStyle().ScrollbarSize;
  // The graph comes first: up to two thirds of the panel even when the check table below then needs a scroll.
  const float room_h = std::max({avail.y - check_h, avail.y * 0.67f, ImGui::GetFontSize() * 10});
  // A graph larger than the room is drawn with text down to 80% first; past that, the canvas scrolls.
  const float scale = std::clamp(std::min(avail.x / L.width, room_h / L.height), 0.8f, 1.0f);
  const float h = std::min(L.height * scale + bar, room_h);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(24, 26, 30, 255));
  ImGui::BeginChild("##graph_canvas", ImVec2(avail.x, h), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::SetWindowFontScale(scale);
  if (scale < 1.0f) L = layout_graph(g);  // at the smaller text
  const float fs = ImGui::GetFontSize();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##graph", ImVec2(std::max(L.width, 1.0f), std::max(L.height, 1.0f)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto at = [&](float x, float y) { return ImVec2(p0.x + x, p0.y + y); };
  const GraphReveal shown(n, reveal);
  auto fwd_shown = [&](int id) { return shown.value_shown(id); };  // node values, in id order
  auto bwd_shown = [&](int id) { return shown.grad_shown(id); };   // grads, reverse order
  int hovered_node = -1;
  for (const ExprEdge& e : g.edges) {
    const GraphRect &ra = L.nodes[static_cast<size_t>(e.from)], &rb = L.nodes[static_cast<size_t>(e.to)];
    const ImVec2 a = at(ra.x1, (ra.y0 + ra.y1) * 0.5f), b = at(rb.x0, L.edge_y[static_cast<size_t>(e.id)]);
    dl->AddBezierCubic(a, ImVec2(a.x + (b.x - a.x) * 0.5f, a.y), ImVec2(a.x + (b.x - a.x) * 0.5f, b.y), b,
                       IM_COL32(150, 155, 165, 200), 1.5f);
    const GraphRect &rv = L.edge_value[static_cast<size_t>(e.id)], &rg = L.edge_grad[static_cast<size_t>(e.id)];
    if (fwd_shown(e.from)) dl->AddText(at(rv.x0, rv.y0), ImGui::GetColorU32(kFwd), graph_number(e.value).c_str());
    if (bwd_shown(e.to)) dl->AddText(at(rg.x0, rg.y0), ImGui::GetColorU32(kBwd), graph_number(e.grad).c_str());
  }
  for (const ExprNode& nd : g.nodes) {
    const GraphRect& r = L.nodes[static_cast<size_t>(nd.id)];
    const ImVec2 a = at(r.x0, r.y0), b = at(r.x1, r.y1);
    const bool leaf = nd.args[0] < 0;
    dl->AddRectFilled(a, b, leaf ? IM_COL32(45, 58, 80, 255) : IM_COL32(60, 52, 78, 255), fs * 0.3f);
    if (nd.id == g.root) dl->AddRect(a, b, IM_COL32(140, 200, 255, 255), fs * 0.3f, 0, 2.0f);
    if (std::find(tied.begin(), tied.end(), nd.id) != tied.end()) dl->AddRect(a, b, ImGui::GetColorU32(kBwd), fs * 0.3f, 0, 2.0f);
    const float cx = (a.x + b.x) * 0.5f;
    auto centred = [&](float y, ImU32 col, const std::string& text) {
      dl->AddText(ImVec2(cx - ImGui::CalcTextSize(text.c_str()).x * 0.5f, y), col, text.c_str());
    };
    centred(a.y + fs * 0.05f, IM_COL32(235, 235, 240, 255), nd.label);
    if (fwd_shown(nd.id)) centred(a.y + fs * 1.05f, ImGui::GetColorU32(kFwd), graph_number(nd.value));
    if (bwd_shown(nd.id)) centred(a.y + fs * 2.05f, ImGui::GetColorU32(kBwd), graph_number(nd.grad));
    if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) hovered_node = nd.id;
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
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
  if (ui::begin_wide_table("##gradcheck", 4, static_cast<int>(g.vars.size()), ImGuiTableFlags_RowBg)) {
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
  if (!lab.tied_nodes().empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ui::kDimColor, "At a tie max / min has no derivative: the central difference gives the average "
                                      "of the two one-sided slopes (what Split gives), so First and Both differ from it there.");
    ImGui::PopTextWrapPos();
  }
  for (const ExprError& w : lab.warnings()) ImGui::TextColored(ui::kErrorColor, "%s", w.message.c_str());
}

// The tie rule of max / min, shown where it applies (the formula has a max or min): a selector and what the
// chosen rule does; a tie in the current values is named, since that is where the rule decides the gradients.
void draw_tie_rule(const GraphLab& lab, Intents& intents) {
  const ExprGraph& g = lab.graph();
  const bool has_max_min = std::any_of(g.nodes.begin(), g.nodes.end(), [](const ExprNode& nd) {
    return nd.op == ExprOp::Max || nd.op == ExprOp::Min;
  });
  if (!has_max_min) return;
  static const char* kRules[] = {"First", "Both", "Split"};
  static const char* kMeaning[] = {
      "a tied max / min sends the whole gradient to its FIRST input (GradLab's default: a valid subgradient; "
      "what a max pool does, one winner per window)",
      "a tied max / min sends the whole gradient to BOTH inputs (the course exam's answer; not a subgradient: "
      "the gradients add up to twice the incoming one)",
      "a tied max / min sends HALF the gradient to each input (PyTorch's torch.maximum / torch.minimum)"};
  static_assert(IM_ARRAYSIZE(kRules) == static_cast<int>(ExprTieRule::Count));
  int rule = static_cast<int>(lab.tie_rule());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::Combo("max / min ties", &rule, kRules, IM_ARRAYSIZE(kRules))) intents.formula_ties = static_cast<ExprTieRule>(rule);
  ui::tooltip("max(a, b) has no derivative where a = b: which input gets the gradient there is a convention.");
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ui::kDimColor, "%s.", kMeaning[rule]);
  ImGui::PopTextWrapPos();
  for (int id : lab.tied_nodes()) {
    const ExprNode& nd = g.nodes[static_cast<size_t>(id)];
    ImGui::TextColored(kBwd, "Tie: %s has equal inputs (%s), so the rule \"%s\" decides its gradients (outlined).",
                       expr_to_string(g, id).c_str(), graph_number(g.nodes[static_cast<size_t>(nd.args[0])].value).c_str(),
                       expr_tie_rule_name(lab.tie_rule()));
  }
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
  const int reveal = panel.hide_answers ? 0 : GraphReveal(n, panel.reveal).steps;
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

  draw_tie_rule(lab, intents);
  const int hovered_node = draw_graph_canvas(g, reveal, lab.tied_nodes());
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
