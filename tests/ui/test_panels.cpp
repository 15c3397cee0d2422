// Headless UI smoke tests (the idea of ImGui's example_null): an ImGui context with no window or GPU,
// NullGfx for textures, and the whole App drawn for a few frames on every tab and URL state. Catches
// crashes, ImGui ID/stack errors (IM_ASSERT) and panels that throw.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "tests/ui/headless.h"
#include "web/app/app.h"
#include "web/app/widgets/field_image.h"
#include "web/app/widgets/ui_common.h"

using namespace gl;
using gl::test::Headless;


TEST_CASE("every tab draws for a few frames at 1280x800 and 800x600") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  for (int t = 0; t < static_cast<int>(MainTab::Count); ++t) {
    const std::string tab = main_tab_name(static_cast<MainTab>(t));
    CAPTURE(tab);
    app.set_url_hash("#tab=" + tab);
    h.frames(app, 5);
    h.frames(app, 3, ImVec2(800, 600));
    Json s = Json::parse(app.state_json());
    CHECK(s["ready"].as_bool());
    CHECK(s["tab"].str() == tab);  // the tab drawn is the one asked for
    CHECK(s["url_note"].str().empty());
  }
}

TEST_CASE("an unknown tab name is reported and the default tab shown") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=curves");
  h.frames(app, 2);
  app.set_url_hash("#tab=train");
  h.frames(app, 2);
  Json s = Json::parse(app.state_json());
  CHECK(s["tab"].str() == "boundary");  // a fresh load's tab, not the previous one
  CHECK(s["url_note"].str().find("tab=train") != std::string::npos);
}

TEST_CASE("while nothing changes and training is paused, a frame uploads nothing to the GPU") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  for (const char* hash : {"#play=0&tab=boundary", "#play=0&clplay=0&tab=classifiers", "#rplay=0&tab=optimizers",
                           "#play=0&tab=inside", "#play=0&data=adding&spec=INPUT%20SEQ%2020%20x%202%0ALSTM-8%0AFC-1%0AMSE&tab=data"}) {
    CAPTURE(hash);
    app.set_url_hash(hash);
    h.frames(app, 3);
    const int64_t first = gfx.uploads_total();
    h.frames(app, 5);
    CHECK(gfx.uploads_total() == first);
    CHECK(gfx.uploads_last_frame() == 0);
    CHECK(Json::parse(app.state_json())["gpu_uploads"].as_int() == 0);
  }
  // Training: the boundary is repainted as the net learns.
  app.set_url_hash("#tab=boundary");
  h.frames(app, 3);
  const int64_t before = gfx.uploads_total();
  h.frames(app, 3);
  CHECK(gfx.uploads_total() > before);
}

TEST_CASE("while training, a decision boundary costs the GPU its grid's cells, not its on-screen pixels") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  // Boundary: one 64 x 64 grid; Classifiers: four (kNN, SVM, softmax, the MLP), the linear ones training too.
  for (auto [hash, most] : {std::pair{"#tab=boundary", 64 * 64}, std::pair{"#tab=classifiers", 4 * 64 * 64}}) {
    CAPTURE(hash);
    app.set_url_hash(hash);
    h.frames(app, 3);
    int64_t worst = 0, painted = 0;
    for (int i = 0; i < 6; ++i) {
      h.frames(app, 1);
      worst = std::max(worst, gfx.texels_last_frame());
      painted += gfx.texels_last_frame();
    }
    CHECK(painted > 0);    // it is repainted as the models learn
    CHECK(worst <= most);  // at grid resolution (the images are 300-600 px on screen)
    CHECK(Json::parse(app.state_json())["gpu_texels"].as_int() <= most);
  }
}

TEST_CASE("a field image: cell colours from the probabilities, boundary segments where the top class changes") {
  Headless h;  // class colours come from the theme
  PlaneGrid g;
  g.n = 4;
  g.classes = 2;
  g.rev = next_revision();
  // Class 0 on the left two columns, class 1 on the right two: one vertical border halfway between columns 1
  // and 2 (u = 0.5), three grid squares tall (from row centre 0 to row centre 3: v 0.125 .. 0.875).
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const float p0 = c < 2 ? 0.9f : 0.1f;
      g.probs.insert(g.probs.end(), {p0, 1.0f - p0});
    }
  FieldImage f;
  update_field_image(f, g);
  REQUIRE(f.n == 4);
  REQUIRE(f.rgba.size() == 4u * 4 * 4);
  REQUIRE(f.lines.size() == 3u * 4);  // three segments, drawn once (not once per class)
  float v_lo = 1, v_hi = 0;
  for (size_t i = 0; i < f.lines.size(); i += 4) {
    CHECK(f.lines[i] == doctest::Approx(0.5f));
    CHECK(f.lines[i + 2] == doctest::Approx(0.5f));
    v_lo = std::min({v_lo, f.lines[i + 1], f.lines[i + 3]});
    v_hi = std::max({v_hi, f.lines[i + 1], f.lines[i + 3]});
  }
  CHECK(v_lo == doctest::Approx(0.125f));
  CHECK(v_hi == doctest::Approx(0.875f));
  // A left cell: 0.9 of class 0's colour + 0.1 of class 1's, faded toward 0.97 white by its confidence
  // ((0.9 - 0.5) / 0.5 = 0.8: 0.18 + 0.5 * 0.8 = 58% colour). Right cells mirror it.
  const ImVec4 c0 = ui::class_color(0), c1 = ui::class_color(1);
  const float want[3] = {0.9f * c0.x + 0.1f * c1.x, 0.9f * c0.y + 0.1f * c1.y, 0.9f * c0.z + 0.1f * c1.z};
  for (int i = 0; i < 3; ++i) CHECK(std::abs(f.rgba[static_cast<size_t>(i)] - 255.0f * (0.97f + (want[i] - 0.97f) * 0.58f)) <= 1.0f);
  CHECK(f.rgba[3] == 255);
  CHECK(std::abs(f.rgba[0] - f.rgba[3 * 4]) > 10);  // the right cells lean the other way
  const std::vector<uint8_t> before = f.rgba;
  update_field_image(f, g);  // same revision: nothing rebuilt
  CHECK(f.rgba == before);
  g.n = 0;
  update_field_image(f, g);
  CHECK(f.n == 0);
  CHECK(f.lines.empty());
}

TEST_CASE("an invalid spec in the URL keeps the app running and reports the error") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#spec=INPUT%202%2CFCC-16%2CFC-2");
  h.frames(app, 3);
  Json s = Json::parse(app.state_json());
  CHECK(!s["spec_error"].is_null());
  CHECK(s["spec_error"]["message"].str().find("FCC") != std::string::npos);
  CHECK(s["layers"].size() >= 3);  // the last valid network is still shown
}

TEST_CASE("a spec that stops fitting the data: views show the error, not the old model on new data") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  h.frames(app, 5);  // the default spirals net trains
  // A valid network for images on 2D points: the rebuild fails and the lab keeps the previous trainer.
  for (const char* tab : {"inside", "batchnorm"}) {
    CAPTURE(tab);
    app.set_url_hash(std::string("#spec=INPUT%203%20x%2016%20x%2016%2CCONV3-4%2CFC-2&data=spirals&tab=") + tab);
    h.frames(app, 5);
    Json s = Json::parse(app.state_json());
    const std::string error = s["train"]["error"].str();
    REQUIRE(!error.empty());
    CHECK(s["panel_message"].str() == error);  // not "dense: expected input N x 2, got ..."
  }
}

TEST_CASE("the inspector reads a student's answer as a number or a product") {
  int64_t v = 0;
  CHECK(parse_count_answer("1200", v));
  CHECK(v == 1200);
  CHECK(parse_count_answer("5 x 5 x 3 x 16", v));
  CHECK(v == 1200);
  CHECK(parse_count_answer("5*5*5*3*16", v));
  CHECK(v == 6000);
  CHECK(parse_count_answer("1,200", v));
  CHECK(v == 1200);
  CHECK_FALSE(parse_count_answer("5 x", v));
  CHECK_FALSE(parse_count_answer("twelve", v));
  CHECK_FALSE(parse_count_answer("", v));
}

TEST_CASE("the layer list and the quiz draw, and the text view stays in sync") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#spec=INPUT%203%20x%2032%20x%2032%2CCONV5-16-p2-s1%2CPOOL2%2CFC-10&tab=inspector");
  h.frames(app, 3);
  Json s = Json::parse(app.state_json());
  CHECK(s["layers"].size() == 4);  // INPUT, CONV, POOL, FC (no loss row written)
  CHECK(s["layers"][1]["output_shape"].ints() == std::vector<int>{16, 32, 32});
}

TEST_CASE("the status bar's worst frame is never below the current frame time it is shown beside") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  // Work rises from 1 ms to 9 ms within the first second: the smoothed current value climbs while the last
  // full second's worst is still 0 (the old statistic showed worst < current here).
  for (int i = 0; i < 90; ++i) {
    app.begin_frame(1.0f, 1.0f / 60.0f);
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    app.end_frame(i < 30 ? 1.0f : 9.0f, 0.5f);
    const Json s = Json::parse(app.state_json());
    INFO("frame " << i);
    CHECK(s["cpu_ms_max"].num() >= s["cpu_ms"].num());
  }
}

// The front end changes the session only through Session::apply and its named commands: every lab reads
// as const through a non-const Session (tests/engine/session_access.h is the engine tests' way in).
template <class Lab, class Get>
constexpr bool reads_const(Get get) {
  return std::is_same_v<decltype(get(std::declval<Session&>())), const Lab&>;
}
static_assert(reads_const<TrainLab>([](Session& s) -> decltype(auto) { return s.train(); }));
static_assert(reads_const<ClassicLab>([](Session& s) -> decltype(auto) { return s.classic(); }));
static_assert(reads_const<CompareLab>([](Session& s) -> decltype(auto) { return s.compare(); }));
static_assert(reads_const<GraphLab>([](Session& s) -> decltype(auto) { return s.graph_lab(); }));
static_assert(reads_const<PlaygroundLab>([](Session& s) -> decltype(auto) { return s.playground(); }));
static_assert(reads_const<ExerciseLab>([](Session& s) -> decltype(auto) { return s.exercise(); }));

TEST_CASE("the Classifiers and Compare tabs change the session through intents") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=compare");
  h.frames(app, 3);  // first shown: the panel asks for a build, the next frame's apply builds it
  CHECK(app.session().compare_source().data == app.session().train().data_revision());
  CHECK(app.session().compare().group() != nullptr);
  app.pending_intents().compare_max_steps = 321;
  app.pending_intents().compare_play = false;
  h.frames(app, 1);
  CHECK(app.session().compare().max_steps == 321);
  CHECK_FALSE(app.session().compare().playing());

  app.set_url_hash("#tab=classifiers");
  h.frames(app, 2);
  ClassicDesc knn = app.session().classic().desc(ClassicKind::KNN);
  knn.k = 7;
  app.pending_intents().classic_desc[0] = knn;
  app.pending_intents().classic_play = false;
  h.frames(app, 1);
  CHECK(app.session().classic().desc(ClassicKind::KNN).k == 7);
  CHECK_FALSE(app.session().classic().playing());
  // The MLP's image is the training lab's decision grid, advanced with the classifiers.
  CHECK(app.session().train().last_grid().n > 0);
}
