// Views that must show the effect they are about: the Graph tab's layout (every value and gradient readable),
// the tie rule, the race's same-rate option and off-plot paths, the curves' legends and ticks, the gradient-norm
// colours, Compare's weight norms and fixed heat-map scale, the Classifiers' image features.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "tests/ui/headless.h"
#include "web/app/app.h"
#include "web/app/panels/inside_panel.h"
#include "web/app/widgets/a11y_items.h"
#include "web/app/widgets/graph_layout.h"
#include "web/app/widgets/plot.h"
#include "web/app/widgets/ui_common.h"

using namespace gl;

namespace {

// No node box covers another box or any edge label; no two labels overlap; all inside the canvas.
void check_readable(const GraphLayout& L) {
  auto inside = [&](const GraphRect& r) { return r.x0 >= 0 && r.y0 >= 0 && r.x1 <= L.width && r.y1 <= L.height; };
  std::vector<GraphRect> labels = L.edge_value;
  labels.insert(labels.end(), L.edge_grad.begin(), L.edge_grad.end());
  for (size_t i = 0; i < L.nodes.size(); ++i) {
    CAPTURE(i);
    CHECK(inside(L.nodes[i]));
    for (size_t j = i + 1; j < L.nodes.size(); ++j) CHECK_FALSE(L.nodes[i].overlaps(L.nodes[j]));
    for (const GraphRect& r : labels) CHECK_FALSE(L.nodes[i].overlaps(r));
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    CAPTURE(i);
    CHECK(inside(labels[i]));
    for (size_t j = i + 1; j < labels.size(); ++j) CHECK_FALSE(labels[i].overlaps(labels[j]));
  }
}

}  // namespace

TEST_CASE("graph layout: every value and gradient is readable at 1x and 2x text") {
  gl::test::Headless ui;
  ImGui::NewFrame();
  for (float scale : {1.0f, 2.0f}) {
    ImGui::GetIO().FontGlobalScale = scale;
    ImGui::EndFrame();
    ImGui::NewFrame();
    for (const char* f : {kDefaultGraphFormula, "max(w2*(w0*x0 + w1*x1), 0)", "x*y + max(x, 2)",
                          "(a + b) * (c - d) / (e + 1)", "sigmoid(w*x + b) * 2 - log(1 + exp(z))"}) {
      CAPTURE(scale);
      CAPTURE(f);
      ExprGraph g = parse_expr_or_throw(f);
      std::vector<double> vals(g.vars.size(), -1.25);
      expr_forward(g, vals);
      expr_backward(g);
      const GraphLayout L = layout_graph(g);
      REQUIRE(L.nodes.size() == g.nodes.size());
      check_readable(L);
    }
  }
  ImGui::GetIO().FontGlobalScale = 1.0f;
  ImGui::EndFrame();
  CHECK(graph_number(-0.0) == "0");  // a zero gradient times a negative input
  CHECK(graph_number(-0.197) == "-0.197");
}

namespace {
// Frames of the App with the accessibility collector on; returns the last frame's text and labels, joined.
std::string frames_text(gl::test::Headless& ui, App& app, int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    app.begin_frame(1.0f, 1.0f / 60.0f);
    ImGui::NewFrame();
    a11y::begin_frame();
    app.frame();
    text.clear();
    for (const a11y::Item& it : a11y::end_frame()) text += it.label + " " + it.value + "\n";
    ImGui::Render();
    app.end_frame(1.0f, 0.5f);
  }
  (void)ui;
  return text;
}
}  // namespace

TEST_CASE("optimizer race: same learning rate for all; paths that leave the plot or diverge are named") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=optimizers&rsame=1&rsamelr=1.2");
  const std::string text = frames_text(ui, app, 90);
  const PlaygroundLab& pg = app.session().playground();
  for (const Racer& r : pg.racers()) CHECK(r.run.optim().lr == 1.2f);
  CHECK(text.find("same learning rate for all") != std::string::npos);
  // SGD at 1.2 on the valley: y is multiplied by 1 - 2 x 1.2 = -1.4 each step, out of the plot, then 1e6 away.
  CHECK(describe_path(pg.racers()[0].run.trajectory(), pg.racers()[0].run.diverged(), pg.view()).status != PathStatus::Inside);
  CHECK(text.find("left the plot at step") != std::string::npos);
  app.set_url_hash("#tab=optimizers&rsame=1&rsamelr=2");
  CHECK(frames_text(ui, app, 90).find("diverged at step") != std::string::npos);
}

namespace {
// One frame with a window, running `draw` inside it.
template <class F>
void in_window(F draw) {
  ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(900, 600));
  ImGui::Begin("##views", nullptr, ImGuiWindowFlags_NoDecoration);
  draw();
  ImGui::End();
  ImGui::Render();
}
bool covers(const ui::PlotLayout& L, ImVec2 p) {
  return p.x >= L.legend_min.x && p.x <= L.legend_max.x && p.y >= L.legend_min.y && p.y <= L.legend_max.y;
}
}  // namespace

TEST_CASE("line plot: the legend hides no data (a rising test loss in the top right stays visible); no -0 ticks") {
  gl::test::Headless ui;
  // Overfitting: train loss falls, test loss falls then rises to the top right corner.
  std::vector<float> train, test;
  for (int i = 0; i < 200; ++i) {
    train.push_back(2.0f * std::exp(-i / 30.0f));
    test.push_back(i < 60 ? 2.0f * std::exp(-i / 30.0f) + 0.1f : 0.37f + (i - 60) * 0.013f);
  }
  for (bool everywhere : {false, true}) {
    CAPTURE(everywhere);
    std::vector<ui::Series> series = {{"train loss", nullptr, train.data(), 200, ImVec4(0.3f, 0.7f, 0.9f, 1)},
                                      {"test loss", nullptr, test.data(), 200, ImVec4(0.9f, 0.6f, 0.0f, 1)}};
    std::vector<float> cross_y;  // a third series through every corner: the legend must go outside
    if (everywhere) {
      for (int i = 0; i < 200; ++i) cross_y.push_back(i % 2 ? 2.1f : -0.05f);
      series.push_back({"noise", nullptr, cross_y.data(), 200, ImVec4(0.6f, 0.6f, 0.6f, 1)});
    }
    ui::PlotLayout L;
    in_window([&] {
      ui::PlotDesc d;
      d.size = ImVec2(600, 240);
      d.layout_out = &L;
      ui::line_plot(d, series);
    });
    REQUIRE(L.legend_max.x > L.legend_min.x);
    REQUIRE_FALSE(L.points.empty());
    int hidden = 0;
    for (ImVec2 p : L.points) hidden += covers(L, p) ? 1 : 0;
    CHECK(hidden == 0);
    CHECK(L.legend_outside == everywhere);
    if (everywhere) CHECK(L.legend_min.x >= L.frame_max.x);
    for (const std::string& t : L.y_ticks) {
      CAPTURE(t);
      CHECK(t != "-0");
      CHECK(t.find("e-1") == std::string::npos);  // no rounding noise such as 5.6e-17 for 0
    }
    if (everywhere) CHECK(std::find(L.y_ticks.begin(), L.y_ticks.end(), "0") != L.y_ticks.end());
  }
  CHECK(ui::fmt_tick(-0.0) == "0");
}

TEST_CASE("line plot: step labels never run into each other, however narrow the plot") {
  // A 640 px embed's Compare plot (about 230 px) printed "100200300400500600700".
  gl::test::Headless ui;
  std::vector<float> y(700);
  for (int i = 0; i < 700; ++i) y[static_cast<size_t>(i)] = 1.0f / (1.0f + 0.01f * static_cast<float>(i));
  std::vector<float> x(700);
  for (int i = 0; i < 700; ++i) x[static_cast<size_t>(i)] = static_cast<float>(i + 1);
  for (float width : {160.0f, 230.0f, 400.0f, 800.0f}) {
    CAPTURE(width);
    ui::PlotLayout L;
    in_window([&] {
      ui::PlotDesc d;
      d.size = ImVec2(width, 200);
      d.layout_out = &L;
      ui::line_plot(d, {{"loss", x.data(), y.data(), 700, ImVec4(0.3f, 0.7f, 0.9f, 1)}});
    });
    REQUIRE_FALSE(L.x_ticks.empty());
    float labels = 0;
    for (const std::string& t : L.x_ticks) labels += ImGui::CalcTextSize(t.c_str()).x;
    const float room = L.frame_max.x - L.frame_min.x;
    CHECK(labels + ImGui::GetFontSize() * static_cast<float>(L.x_ticks.size() - 1) <= room);
    CHECK(L.x_ticks.size() <= 6);
  }
}

TEST_CASE("gradient norms of many layers: no two series share a colour, in every theme") {
  gl::test::Headless ui;
  const ThemeKind saved = view_prefs().theme;
  for (int t = 0; t < static_cast<int>(ThemeKind::Count); ++t) {
    view_prefs().theme = static_cast<ThemeKind>(t);
    CAPTURE(t);
    CHECK(ui::series_color(1).x == ui::series_color(9).x);  // the class palette repeats after eight
    for (int i = 0; i < 24; ++i)
      for (int j = i + 1; j < 24; ++j) {
        const ImVec4 a = ui::many_series_color(i), b = ui::many_series_color(j);
        CAPTURE(i);
        CAPTURE(j);
        CHECK(std::fabs(a.x - b.x) + std::fabs(a.y - b.y) + std::fabs(a.z - b.z) > 0.08f);
      }
  }
  view_prefs().theme = saved;
}

TEST_CASE("Curves: a classifier before its first evaluation is not called a regression") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=curves&play=0");  // spirals, step 0: no full-set evaluation yet
  const std::string text = frames_text(ui, app, 3);
  CHECK(text.find("Regression") == std::string::npos);
  CHECK(text.find("first evaluated at step 50") != std::string::npos);
  app.set_url_hash("#tab=curves&play=0&data=sine&spec=INPUT%20SEQ%2020%20x%201%0ALSTM-8%0AFC-1%0AMSE");
  CHECK(frames_text(ui, app, 3).find("Regression: see the loss") != std::string::npos);
}

TEST_CASE("Compare: every run has a weight-norm column (the L2 sweep's point)") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=compare&cmp=l2");
  const std::string text = frames_text(ui, app, 40);
  CHECK(text.find("weight norm ||W||") != std::string::npos);
  const CompareLab& lab = app.session().compare();
  REQUIRE(lab.group() != nullptr);
  CHECK(lab.weight_norm(0) > 0.0);
  char shown[32];
  std::snprintf(shown, sizeof shown, "%.4g", lab.weight_norm(0));
  CHECK(text.find(shown) != std::string::npos);
}

TEST_CASE("Classifiers on image data: feature options computed in the engine, carried in the link") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  const std::string pack = std::string(GRADLAB_SOURCE_DIR) + "/build/data/images.glpack";
  app.load_image_pack(pack);
  app.set_url_hash("#tab=classifiers&data=digits&spec=INPUT%201%20x%208%20x%208%2C%20FC-10&feat=hog");
  std::string text = frames_text(ui, app, 10);
  INFO("the image pack comes from ./build.sh (pack_data): ", pack);
  REQUIRE(Json::parse(app.state_json())["url_note"].str().empty());
  const ClassicLab& lab = app.session().classic();
  REQUIRE(lab.error().empty());
  CHECK(lab.fitted());
  CHECK(lab.on_images());
  CHECK(lab.features().kind == FeatureKind::HOG);
  CHECK(lab.feature_count() == 2 * 2 * 9);  // 8 x 8 in 4 x 4 cells, 9 orientations
  CHECK(text.find("HOG (gradient orientations)") != std::string::npos);
  CHECK(text.find("features per image") != std::string::npos);
  CHECK(lab.view(ClassicKind::KNN).acc_test > 0.5f);  // 10 classes: chance is 0.1
  CHECK(app.url_hash().find("feat=hog") != std::string::npos);
  // Another choice from the panel: refit on histograms.
  app.set_url_hash("#tab=classifiers&data=digits&spec=INPUT%201%20x%208%20x%208%2C%20FC-10&feat=hist");
  frames_text(ui, app, 5);
  CHECK(lab.feature_count() == 16);
}

TEST_CASE("Inside: the weight heat maps take a fixed colour scale, carried in the link") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=inside&play=0&iwscale=0.25");
  const std::string text = frames_text(ui, app, 8);
  CHECK(text.find("fixed colour scale") != std::string::npos);
  CHECK(app.url_hash().find("iwscale=0.25") != std::string::npos);
  // The range each map is drawn with:
  InsidePanel p;
  p.weight_scale = 0.25f;
  InsideWeightView wv;
  wv.image = 0;
  p.snap.weights.push_back(wv);
  float lo = -1, hi = 7;
  inside::image_range(p, 0, lo, hi);
  CHECK(lo == 0.0f);
  CHECK(hi == 0.25f);
  lo = -1, hi = 7;
  inside::image_range(p, 1, lo, hi);  // not a weight map: its own range
  CHECK(hi == 7.0f);
  p.weight_scale = 0;
  inside::image_range(p, 0, lo, hi);
  CHECK(hi == 7.0f);
}
