// Links are the whole state: for every tab, a state set up in the App survives state -> url_hash() -> a
// fresh App loading that hash; opening link A then link B gives exactly a fresh load of B; bad keys keep
// their defaults and are named. Headless (NullGfx), like test_panels.cpp.
#include <doctest/doctest.h>
#include <imgui.h>

#include <random>
#include <string>
#include <vector>

#include "engine/session/session_io.h"
#include "tests/ui/headless.h"
#include "web/app/app.h"
#include "web/app/link_state.h"
#include "web/app/widgets/theme.h"

using namespace gl;

namespace {
// state -> url_hash() -> fresh App -> its state; checks the hashes agree and returns the fresh App's link.
LinkState round_trip(gl::test::Headless& ui, App& app) {
  ui.frames(app, 2);
  const std::string hash = app.url_hash();
  NullGfx gfx;
  App fresh(gfx);
  fresh.set_url_hash(hash);
  ui.frames(fresh, 2);
  CAPTURE(hash);
  CHECK(fresh.url_hash() == hash);
  CHECK(Json::parse(fresh.state_json())["url_note"].str().empty());
  return fresh.capture_link();
}

// The state hook without what depends on timing (frames, frame times, uploads, training progress).
Json comparable_state(const App& app) {
  Json s = Json::parse(app.state_json());
  Json out = Json::object();
  for (const char* k : {"tab", "embed", "spec", "valid_spec", "spec_error", "layers", "total_params", "url_note",
                        "panel_message", "link"})
    out.set(k, s.has(k) ? s[k] : Json());
  out.set("data", s["train"]["data"]);
  out.set("playing", s["train"]["playing"]);
  out.set("error", s["train"]["error"]);
  return out;
}
}  // namespace

TEST_CASE("links: network, data, training and layout travel") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  LinkState a;
  a.spec = "INPUT 2\nFC-8\nFC-3\nSOFTMAX";
  a.data.kind = DataKind::Blobs;
  a.data.num_classes = 3;
  a.data.noise = 0.2f;
  a.data.seed = 9;
  a.train.optim = optim_defaults(OptimKind::Momentum);
  a.train.optim.lr = 0.3f;
  a.train.optim.momentum = 0.5f;
  a.train.batch_size = 64;
  a.train.l2 = 1e-3f;
  a.train.clip_norm = 1.0f;
  a.train.schedule.kind = ScheduleKind::Step;
  a.train.init.kind = InitKind::Xavier;
  a.train.seed = 7;
  a.play = false;
  a.tab = MainTab::Inspector;
  a.embed = true;
  a.layer_list = true;
  app.apply_link(a);
  const LinkState b = round_trip(ui, app);
  CHECK(b.spec == a.spec);
  CHECK(b.data.kind == DataKind::Blobs);
  CHECK(b.data.num_classes == 3);
  CHECK(b.data.noise == 0.2f);
  CHECK(b.data.seed == 9);
  CHECK(b.train.optim.kind == OptimKind::Momentum);
  CHECK(b.train.optim.lr == 0.3f);
  CHECK(b.train.optim.momentum == 0.5f);
  CHECK(b.train.batch_size == 64);
  CHECK(b.train.l2 == 1e-3f);
  CHECK(b.train.clip_norm == 1.0f);
  CHECK(b.train.schedule.kind == ScheduleKind::Step);
  CHECK(b.train.init.kind == InitKind::Xavier);
  CHECK(b.train.seed == 7);
  CHECK_FALSE(b.play);
  CHECK(b.tab == MainTab::Inspector);
  CHECK(b.embed);
  CHECK(b.layer_list);
}

TEST_CASE("links: an embed's tabs= and controls= travel and choose what it offers") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#embed=1&tab=curves&tabs=boundary,curves&controls=data,training");
  const LinkState b = round_trip(ui, app);
  CHECK(b.tabs == (bit_of(MainTab::Boundary) | bit_of(MainTab::Curves)));
  CHECK(b.controls == (bit_of(ControlGroup::Data) | bit_of(ControlGroup::Training)));
  CHECK(app.url_hash().find("tabs=boundary%2Ccurves") != std::string::npos);
  Json s = Json::parse(app.state_json());
  CHECK(s["tabs_offered"].dump() == R"(["boundary","curves"])");
  CHECK(s["controls_shown"].dump() == R"(["data","training"])");

  // Without tabs=, an embed offers just its tab; without controls=, the network and the training settings.
  app.set_url_hash("#embed=1&tab=graph");
  ui.frames(app, 2);
  s = Json::parse(app.state_json());
  CHECK(s["tabs_offered"].dump() == R"(["graph"])");
  CHECK(s["controls_shown"].dump() == R"(["network","training"])");
  // The tab a link names is offered even when tabs= leaves it out; controls=none leaves the groups out.
  app.set_url_hash("#embed=1&tab=inspector&tabs=curves&controls=none");
  ui.frames(app, 2);
  s = Json::parse(app.state_json());
  CHECK(s["tabs_offered"].dump() == R"(["curves","inspector"])");
  CHECK(s["controls_shown"].dump() == "[]");
  CHECK(round_trip(ui, app).controls == 0);
  // The page (no embed) offers every tab and group, whatever the keys say (they travel for the embed code).
  app.set_url_hash("#tab=curves&tabs=curves&controls=network");
  ui.frames(app, 2);
  s = Json::parse(app.state_json());
  CHECK(s["tabs_offered"].size() == static_cast<size_t>(MainTab::Count));
  CHECK(s["controls_shown"].size() == static_cast<size_t>(ControlGroup::Count));
  CHECK(app.capture_link().controls == bit_of(ControlGroup::Network));

  // Bad values keep the default and are named.
  std::vector<std::string> problems;
  const LinkState bad = read_link("#embed=1&tabs=boundary,nope&controls=network,buttons", problems);
  CHECK(bad.tabs == 0);
  CHECK(bad.controls == kEmbedControls);
  CHECK(problems == std::vector<std::string>{"tabs=boundary,nope", "controls=network,buttons"});
}

TEST_CASE("links: data parameters such as sequence length travel") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#data=sine&seqlen=30&samples=500&pred=2&spec=INPUT%20SEQ%2030%20x%201%0ALSTM-8%0AFC-2%0AMSE&tab=data");
  const LinkState b = round_trip(ui, app);
  CHECK(b.data.kind == DataKind::Sine);
  CHECK(b.data.seq_len == 30);
  CHECK(b.data.num_samples == 500);
  CHECK(b.data.predict_steps == 2);
  CHECK(app.session().train().data()->sample_shape() == Shape{30, 1});
  CHECK(app.session().train().error().empty());
}

TEST_CASE("links: points placed and removed by hand on the Boundary tab travel") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#data=hand2d&tab=boundary");
  ui.frames(app, 1);
  const float xs[][2] = {{0.5f, 0.25f}, {-0.41234f, 0.7f}, {0.1f, -0.6f}};
  for (int i = 0; i < 3; ++i) {
    app.pending_intents().add_point = Intents::Point{xs[i][0], xs[i][1], i % 2, i == 2};
    ui.frames(app, 1);
  }
  app.pending_intents().remove_point = std::make_pair(0.5f, 0.25f);
  ui.frames(app, 1);
  const Dataset& d = *app.session().train().data();
  REQUIRE(d.num_train() == 1);
  REQUIRE(d.num_test() == 1);
  const LinkState b = round_trip(ui, app);
  REQUIRE(b.points.size() == 4);
  CHECK(b.points[1].x1 == round_point_coord(-0.41234f));  // kept to kPointDecimals decimals
  CHECK(b.points[2].test);
  CHECK(b.points[3].remove);
  NullGfx gfx2;
  App fresh(gfx2);
  fresh.set_url_hash(app.url_hash());
  const Dataset& f = *fresh.session().train().data();
  CHECK(f.x_train.vec() == d.x_train.vec());
  CHECK(f.y_train.vec() == d.y_train.vec());
  CHECK(f.x_test.vec() == d.x_test.vec());
}

TEST_CASE("links: the Graph tab's formula, values and step travel") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  LinkState a;
  a.tab = MainTab::Graph;
  a.formula = "x*y + max(x, 2)";
  a.values = {{"x", 3.25}, {"y", -1.5}};
  a.graph.reveal = 3;
  app.apply_link(a);
  CHECK(app.session().graph_lab().error().ok());
  const LinkState b = round_trip(ui, app);
  CHECK(b.formula == a.formula);
  CHECK(b.values == a.values);
  CHECK(b.graph.reveal == 3);
}

TEST_CASE("links: the Optimizers race travels (surface, racers, rates, momentum, start)") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=optimizers");
  ui.frames(app, 1);
  Intents& in = app.pending_intents();
  in.surface = SurfaceDesc{SurfaceKind::Rosenbrock, 20.0f, ""};
  ui.frames(app, 1);
  in.racer_enabled = {{2, false}};
  in.racer_lr = {{5, 0.3f}};
  in.playground_start = std::make_pair(1.5f, -0.5f);
  in.playground_play = false;
  ui.frames(app, 1);
  LinkState b = round_trip(ui, app);
  CHECK(b.surface.kind == SurfaceKind::Rosenbrock);
  CHECK_FALSE(b.racers[2].enabled);
  CHECK(b.racers[5].lr == 0.3f);
  CHECK(b.has_start);
  CHECK(b.start_x == 1.5f);
  CHECK(b.start_y == -0.5f);
  CHECK_FALSE(b.race_play);
  LinkState a = b;
  a.race_momentum = 0.8f;
  a.surface = SurfaceDesc{SurfaceKind::Formula, 20.0f, "x^2 + 3*y^2"};
  app.apply_link(a);
  b = round_trip(ui, app);
  CHECK(b.race_momentum == 0.8f);
  CHECK(b.surface.formula == "x^2 + 3*y^2");
  CHECK(app.session().playground().racers()[1].optim.momentum == 0.8f);
}

TEST_CASE("links: Compare, Classifiers, Inside, Batch norm and Curves settings travel") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  LinkState a;
  a.compare = CompareSettings{2, 4, 3, 2, false, 0.3f};
  a.classic[0].k = 9;
  a.classic[0].distance = Distance::L1;
  a.classic[1].reg = 0.01f;
  a.classic[1].optim.lr = 0.05f;
  a.classic[2].reg = 0.1f;
  a.classic_play = false;
  a.inside = InsideSettings{5, 2, 48, false, 1};
  a.batchnorm = BatchNormSettings{false, 64, 10, 1, 2};
  a.curves = CurvesSettings{true, false, 0.3f, 2};
  for (MainTab tab : {MainTab::Compare, MainTab::Classifiers, MainTab::Inside, MainTab::BatchNorm, MainTab::Curves}) {
    CAPTURE(main_tab_name(tab));
    a.tab = tab;
    app.apply_link(a);
    const LinkState b = round_trip(ui, app);
    CHECK(b.tab == tab);
    CHECK(b.compare == a.compare);
    CHECK(b.classic[0].k == 9);
    CHECK(b.classic[0].distance == Distance::L1);
    CHECK(b.classic[1].reg == 0.01f);
    CHECK(b.classic[1].optim.lr == 0.05f);
    CHECK(b.classic[2].reg == 0.1f);
    CHECK_FALSE(b.classic_play);
    CHECK(b.inside == a.inside);
    CHECK(b.batchnorm == a.batchnorm);
    CHECK(b.curves == a.curves);
  }
}

TEST_CASE("links: text size and theme travel; without theme= the page's preference decides") {
  const ViewPrefs saved = view_prefs();
  gl::test::Headless ui;
  NullGfx g1, g2;
  App app(g1);
  LinkState a;
  a.text_pct = 150;
  a.theme = static_cast<int>(ThemeKind::HighContrast);
  app.apply_link(a);
  CHECK(view_prefs().text_scale == 1.5f);
  ui.frames(app, 2);
  const std::string hash = app.url_hash();
  CHECK(hash.find("text=150") != std::string::npos);
  CHECK(hash.find("theme=contrast") != std::string::npos);
  view_prefs() = ViewPrefs{};  // a fresh page
  view_prefs().page_theme = view_prefs().theme = ThemeKind::Light;
  App fresh(g2);
  fresh.set_url_hash(hash);
  ui.frames(fresh, 2);
  CHECK(view_prefs().text_scale == 1.5f);
  CHECK(view_prefs().theme == ThemeKind::HighContrast);
  CHECK(view_prefs().theme_chosen);
  CHECK(fresh.url_hash() == hash);
  const LinkState b = fresh.capture_link();
  CHECK(b.text_pct == 150);
  CHECK(b.theme == a.theme);
  // A link without them: 100%, and the page's theme again (not the last link's).
  fresh.set_url_hash("#tab=curves");
  CHECK(view_prefs().text_scale == 1.0f);
  CHECK_FALSE(view_prefs().theme_chosen);
  CHECK(view_prefs().theme == ThemeKind::Light);
  CHECK(fresh.url_hash().find("theme=") == std::string::npos);
  CHECK(fresh.url_hash().find("text=") == std::string::npos);
  // The link's theme names are theme_name()'s; bad values keep the default and are named.
  for (int k = 0; k < static_cast<int>(ThemeKind::Count); ++k) {
    std::vector<std::string> problems;
    CHECK(read_link(std::string("#theme=") + theme_name(static_cast<ThemeKind>(k)), problems).theme == k);
    CHECK(problems.empty());
  }
  std::vector<std::string> problems;
  const LinkState bad = read_link("#text=500&theme=pink", problems);
  CHECK(bad.text_pct == 100);
  CHECK(bad.theme == -1);
  CHECK(problems == std::vector<std::string>{"text=500", "theme=pink"});
  view_prefs() = saved;
}

TEST_CASE("links: opening A then B is a fresh load of B") {
  gl::test::Headless ui;
  const std::vector<std::string> links = {
      "#l2=0.5&lr=0.3&tab=inside",
      "#spec=INPUT%202%0AFC-2&data=linear&tab=curves&logloss=1",
      "#data=hand2d&pts=a0.1_0.2~B-0.3_0.4&tab=boundary&play=0",
      "#tab=graph&f=a*b&v=a~2~b~-3&gstep=2",
      "#tab=optimizers&surf=rosenbrock&race=sgd_adam&rlr=0.01_0.02_0.02_0.5_0.05_0.2&start=1_1&rplay=0",
      "#tab=compare&cmp=batch&cmpcurve=testacc",
      "#tab=classifiers&k=3&dist=l1&svmreg=0.1&clplay=0",
      "#tab=batchnorm&bntrain=0&bnbatch=40&spec=INPUT%202%0AFC-8%0ABN%0AFC-2%0ASOFTMAX",
      "#opt=sgd&mom=0.9&batch=8&seed=3&netview=layers&embed=1",
      "#embed=1&tab=curves&tabs=boundary,curves,inspector&controls=data",
      "#text=150&theme=light&tab=data",
  };
  std::mt19937 rng(5);
  for (int trial = 0; trial < 12; ++trial) {
    const std::string& la = links[rng() % links.size()];
    const std::string& lb = links[rng() % links.size()];
    CAPTURE(la);
    CAPTURE(lb);
    NullGfx g1, g2;
    App a(g1), b(g2);
    a.set_url_hash(la);
    ui.frames(a, 2);
    a.set_url_hash(lb);
    b.set_url_hash(lb);
    CHECK(a.url_hash() == b.url_hash());
    CHECK(comparable_state(a).dump() == comparable_state(b).dump());
  }
}

TEST_CASE("links: a bad or unknown key keeps its default and is named in the note") {
  std::vector<std::string> problems;
  const LinkState s = read_link("#lr=abc&k=99&batch=0&race=sgd_foo&pts=z1_2&zzz=1&tab=boundary", problems);
  const LinkState d;
  CHECK(s.train.optim.lr == d.train.optim.lr);
  CHECK(s.classic[0].k == d.classic[0].k);
  CHECK(s.train.batch_size == d.train.batch_size);
  CHECK(s.racers == d.racers);
  CHECK(s.points.empty());
  const std::vector<std::string> want = {"pts=z1_2", "lr=abc", "batch=0", "race=sgd_foo", "k=99", "zzz=1 (unknown key)"};
  CHECK(problems == want);
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#lr=abc&zzz=1");
  ui.frames(app, 1);
  const std::string note = Json::parse(app.state_json())["url_note"].str();
  CHECK(note.find("lr=abc") != std::string::npos);
  CHECK(note.find("zzz") != std::string::npos);
}

TEST_CASE("links: defaults write a short hash and read back to the defaults") {
  const LinkState d;
  const std::string h = link_hash(d);
  CHECK(h.find("spec=") != std::string::npos);
  CHECK(h.find("tab=boundary") != std::string::npos);
  CHECK(h.find("pts") == std::string::npos);  // only what differs (and the main settings) is written
  std::vector<std::string> problems;
  CHECK(same_link_state(read_link(h, problems), d));
  CHECK(problems.empty());
}

TEST_CASE("links: hand-placed points the data set cannot take are named, never thrown") {
  gl::test::Headless h;
  NullGfx gfx;
  App app(gfx);
  // Class c on a 2-class set, and a point on sequence data: both threw out of the link before.
  for (const char* hash : {"#data=spirals&pts=c0.1_0.2~a0_0", "#data=sine&spec=INPUT%20SEQ%2020%20x%201%0ALSTM-8%0AFC-1%0AMSE&pts=a0_0"}) {
    CAPTURE(hash);
    CHECK_NOTHROW(app.set_url_hash(hash));
    h.frames(app, 2);
    const Json s = Json::parse(app.state_json());
    CHECK(s["url_note"].str().find("do not fit this data set (pts=)") != std::string::npos);
  }
}

TEST_CASE("links: a long bad value is named in the note, shortened (the note is drawn every frame)") {
  std::vector<std::string> problems;
  read_link("#spec=INPUT%202%0AFC-2&pad=" + std::string(200000, 'A') + "&lr=" + std::string(5000, '9'), problems);
  REQUIRE(problems.size() == 2);
  for (const std::string& p : problems) {
    CAPTURE(p);
    CHECK(p.size() < 120);
    CHECK(p.find("characters)") != std::string::npos);
  }
}

TEST_CASE("links: the Graph tab's tie rule travels and decides a tied max's gradients") {
  gl::test::Headless ui;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=graph&f=max(a%2C%20b)&v=a~2~b~2&ties=both");
  ui.frames(app, 2);
  CHECK(Json::parse(app.state_json())["url_note"].str().empty());
  CHECK(app.session().graph_lab().tie_rule() == ExprTieRule::Both);
  CHECK(app.session().graph_lab().graph().var_grads() == std::vector<double>{1, 1});
  const LinkState b = round_trip(ui, app);
  CHECK(b.ties == ExprTieRule::Both);
  CHECK(app.url_hash().find("ties=both") != std::string::npos);
}
