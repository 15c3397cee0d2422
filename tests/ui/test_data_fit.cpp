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
