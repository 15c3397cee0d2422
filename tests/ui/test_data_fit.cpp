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
