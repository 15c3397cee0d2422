// The spec and the data in the page: the Inspector's parallel mode, the clip and sequence parameters in the data
// controls and links, the "use the data that fits this network" offer, and no stale run while the spec and the
// data disagree. Headless (NullGfx), like test_panels.cpp.
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "engine/core/json.h"
#include "tests/ui/headless.h"
#include "web/app/app.h"

using namespace gl;
using gl::test::Headless;

TEST_CASE("while the spec does not fit the data there is no current run: no old step or accuracy") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash("#tab=curves");
  h.frames(app, 80);  // the default spirals net trains past its first evaluation
  Json s = Json::parse(app.state_json());
  REQUIRE(s["train"]["step"].as_int() > 0);
  CHECK(s["run_status"].str().find("training") != std::string::npos);
  // The student types a network for images: the lab keeps the old trainer (inspectable), but it is no run.
  app.set_spec_text("INPUT 3 x 16 x 16\nCONV3-4\nFC-2\nSOFTMAX");
  h.frames(app, 3);
  s = Json::parse(app.state_json());
  REQUIRE(!s["train"]["error"].str().empty());
  CHECK_FALSE(s["train"].has("step"));
  CHECK_FALSE(s["train"].has("acc_train"));
  CHECK_FALSE(s["train"].has("loss_recent"));
  CHECK(s["train"].has("run"));
  CHECK_FALSE((s["train"].has("run") && s["train"]["run"].as_bool()));
  CHECK(s["run_status"].str().find("no current run") != std::string::npos);
  CHECK(s["run_status"].str().find("training") == std::string::npos);
  // Back to a network that fits: a run again.
  app.set_spec_text("INPUT 2\nFC-8\nFC-2\nSOFTMAX");
  h.frames(app, 3);
  s = Json::parse(app.state_json());
  CHECK(s["train"].has("step"));
  CHECK((s["train"].has("run") && s["train"]["run"].as_bool()));
}

namespace {
std::string enc(const std::string& s) {
  std::string out;
  for (char c : s) out += c == ' ' ? "%20" : c == '\n' ? "%0A" : std::string(1, c);
  return out;
}
}  // namespace

TEST_CASE("the Inspector's parallel mode: every row restarts from the input, rows that cannot take it say why") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  // What does each of these layers do to a 3 x 16 x 16 map? (LSTM-8 cannot take an image.)
  const std::string spec = "INPUT 3 x 16 x 16\nCONV5-8-p2-s2\nCONV3-16-p1-s1\nPOOL2\nLSTM-8\nFC-10";
  app.set_url_hash("#tab=inspector&inspect=parallel&spec=" + enc(spec));
  h.frames(app, 3);
  h.frames(app, 2, ImVec2(800, 600));
  Json s = Json::parse(app.state_json());
  CHECK(s["url_note"].str().find("inspect=") == std::string::npos);  // (the chained network's error is named)
  REQUIRE(s.has("parallel"));
  const Json& rows = s["parallel"]["layers"];
  REQUIRE(rows.size() == 5);
  CHECK(s["parallel"]["input_shape"].ints() == std::vector<int>{3, 16, 16});
  CHECK(rows[0]["output_shape"].ints() == std::vector<int>{8, 8, 8});
  CHECK(rows[1]["output_shape"].ints() == std::vector<int>{16, 16, 16});  // chained it would be 16 x 8 x 8
  CHECK(rows[1]["weights"].as_int() == 3 * 3 * 3 * 16);                  // C_in 3, not 8
  CHECK(rows[2]["output_shape"].ints() == std::vector<int>{3, 8, 8});
  CHECK(rows[3].has("error"));
  CHECK(rows[4]["output_shape"].ints() == std::vector<int>{10});
  CHECK(rows[4]["weights"].as_int() == 3 * 16 * 16 * 10);
  // The mode travels in the link; the chained table is the default and writes nothing.
  CHECK(app.url_hash().find("inspect=parallel") != std::string::npos);
  app.set_url_hash("#tab=inspector&spec=" + enc(spec));
  h.frames(app, 2);
  s = Json::parse(app.state_json());
  CHECK_FALSE(s.has("parallel"));
  CHECK(app.url_hash().find("inspect=") == std::string::npos);
}

namespace {
const char* kExamNet = "INPUT 3 x 8 x 64 x 64\nCONV5-16-p2-s1\nPOOL2\nCONV3-32-p1-s1\nPOOL2\nFC-256\nFC-10\nSOFTMAX";

void click(Headless& h, App& app, const Json& rect) {
  REQUIRE(rect.size() == 4);
  REQUIRE(rect[2].num() > 0);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(static_cast<float>(rect[0].num() + rect[2].num() / 2), static_cast<float>(rect[1].num() + rect[3].num() / 2));
  h.frames(app, 1);
  io.MouseDown[0] = true;
  h.frames(app, 1);
  io.MouseDown[0] = false;
  h.frames(app, 2);
}
}  // namespace

TEST_CASE("links: the clip set's channels, frames and size travel (the exam's 3 x 8 x 64 x 64 clips)") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash(std::string("#data=video&ch=3&size=64&classes=10&samples=170&batch=2&play=0&tab=data&spec=") + enc(kExamNet));
  h.frames(app, 3);
  Json s = Json::parse(app.state_json());
  CHECK_MESSAGE(s["url_note"].str().empty(), s["url_note"].str());
  CHECK(s["train"]["error"].str().empty());
  REQUIRE(app.session().train().data());
  CHECK(app.session().train().data()->sample_shape() == Shape{3, 8, 64, 64});
  const std::string hash = app.url_hash();
  CHECK(hash.find("ch=3") != std::string::npos);
  CHECK(hash.find("size=64") != std::string::npos);
  CHECK(hash.find("classes=10") != std::string::npos);
  App fresh(gfx);
  fresh.set_url_hash(hash);
  h.frames(fresh, 2);
  CHECK(fresh.url_hash() == hash);
  CHECK(fresh.session().train().data()->sample_shape() == Shape{3, 8, 64, 64});
  // Frames and non-square sizes; a bad size keeps the default and is named.
  app.set_url_hash("#data=video&frames=4&size=16x24&play=0");
  h.frames(app, 2);
  CHECK(app.session().train().data_desc().frames == 4);
  CHECK(app.session().train().data_desc().height == 16);
  CHECK(app.session().train().data_desc().width == 24);
  CHECK(app.url_hash().find("size=16x24") != std::string::npos);
  app.set_url_hash("#data=video&size=64x&play=0");
  h.frames(app, 2);
  CHECK(Json::parse(app.state_json())["url_note"].str().find("size=64x") != std::string::npos);
  CHECK(app.session().train().data_desc().height == 32);
}

TEST_CASE("a typed INPUT leaves an exercise's locked data alone") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  const std::string ex = enc(R"({"task":"Why does this network not fit the data?","checks":[{"kind":"choice",)"
                             R"("options":["the sequence length","the loss"],"answer":0}],"lock":["data"]})");
  app.set_url_hash(std::string("#data=adding&play=0&spec=") + enc("INPUT SEQ 20 x 2\nLSTM-8\nFC-1\nMSE") + "&ex=" + ex);
  h.frames(app, 2);
  REQUIRE(app.session().exercise().locks("data"));
  app.set_spec_text("INPUT SEQ 50 x 2\nLSTM-8\nFC-1\nMSE");  // as if typed
  h.frames(app, 3);
  CHECK(app.session().train().data_desc().seq_len == 20);  // the exercise fixes the data: the error stays
  CHECK_FALSE(app.session().train().error().empty());
}

TEST_CASE("a typed INPUT picks the sequence length and the clip size of the data set in use") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  app.set_url_hash(std::string("#data=adding&play=0&spec=") + enc("INPUT SEQ 20 x 2\nLSTM-8\nFC-1\nMSE"));
  h.frames(app, 2);
  REQUIRE(app.session().train().error().empty());
  app.set_spec_text("INPUT SEQ 50 x 2\nLSTM-8\nFC-1\nMSE");  // as if typed
  h.frames(app, 3);
  CHECK(app.session().train().error().empty());
  CHECK(app.session().train().data()->sample_shape() == Shape{50, 2});
  CHECK(app.url_hash().find("seqlen=50") != std::string::npos);
  Json s = Json::parse(app.state_json());
  CHECK(s["train"]["data_note"].str().find("adding problem, T = 50") != std::string::npos);
  // The clip set: the exam's network makes the clips 3 x 8 x 64 x 64 with 10 motions, at a batch the page affords.
  app.set_url_hash("#data=video&play=0&tab=inspector");
  h.frames(app, 2);
  app.set_spec_text(kExamNet);
  h.frames(app, 3);
  const TrainLab& tl = app.session().train();
  CHECK_MESSAGE(tl.error().empty(), tl.error());
  CHECK(tl.data()->sample_shape() == Shape{3, 8, 64, 64});
  CHECK(tl.data()->num_classes == 10);
  CHECK(tl.train_desc().batch_size <= 16);
  CHECK(tl.step_estimate().ms <= 0.5 * kMaxStepMs + 1e-9);
  // Another data set is offered, never switched to: a sequence network on the clips keeps the clips.
  app.set_spec_text("INPUT SEQ 50 x 2\nLSTM-8\nFC-1\nMSE");
  h.frames(app, 3);
  CHECK(app.session().train().data_desc().kind == DataKind::VideoMotion);
  CHECK_FALSE(app.session().train().error().empty());
}

TEST_CASE("the spec does not fit the data: a button offers the data that fits, and the exam's 3D net trains") {
  Headless h;
  NullGfx gfx;
  App app(gfx);
  h.frames(app, 3);  // spirals
  app.set_spec_text(kExamNet);
  h.frames(app, 3);
  Json s = Json::parse(app.state_json());
  REQUIRE_FALSE(s["train"]["error"].str().empty());
  REQUIRE(s["train"].has("data_fit"));
  const Json& fit = s["train"]["data_fit"];
  CHECK(fit["data"].str() == "video");
  CHECK(fit["label"].str() == "moving squares 3 x 8 x 64 x 64, 10 motions");
  CHECK(fit["batch"].as_int() >= 1);
  click(h, app, fit["button"]);
  s = Json::parse(app.state_json());
  CHECK_MESSAGE(s["train"]["error"].str().empty(), s["train"]["error"].str());
  CHECK(s["train"]["data"].str() == "video");
  CHECK(s["train"]["run"].as_bool());
  CHECK_FALSE(s["train"].has("data_fit"));
  const TrainLab& tl = app.session().train();
  CHECK(tl.data()->sample_shape() == Shape{3, 8, 64, 64});
  CHECK(tl.data()->num_train() + tl.data()->num_test() == 170);
  CHECK(tl.train_desc().batch_size == fit["batch"].as_int());
  CHECK(tl.work_note().find("Training is off") == std::string::npos);
  // It trains: steps are taken within the page's memory budget.
  h.frames(app, 4);
  CHECK(Json::parse(app.state_json())["train"]["step"].as_int() > 0);
}
