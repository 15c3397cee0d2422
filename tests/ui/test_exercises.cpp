// The course layer drawn headless and driven like a student (mouse clicks on the rects the state hook
// reports, typed characters, Enter): an exercise from a link checked wrong then right, a broken exercise
// link, the start screen and a lab's exercises in order, the Inspector quiz's feedback, and the Create
// exercise dialog's preview and copied link.
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

#include "engine/core/json.h"
#include "web/app/app.h"
#include "web/app/url_state.h"
#include "web/app/widgets/markdown.h"

using namespace gl;

namespace {
constexpr int kEnterKey = 257, kBackspaceKey = 259;  // GLFW's codes, as the platform maps them

struct Student {
  App& app;
  explicit Student(App& a) : app(a) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.KeyMap[ImGuiKey_Enter] = kEnterKey;
    io.KeyMap[ImGuiKey_Backspace] = kBackspaceKey;
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->AddFontDefault();
    io.Fonts->AddFontDefault();
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~Student() { ImGui::DestroyContext(); }
  void frames(int n) {
    for (int i = 0; i < n; ++i) {
      ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
      app.begin_frame(1.0f, 1.0f / 60.0f);
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      app.end_frame(1.0f, 0.5f);
    }
  }
  Json state() { return Json::parse(app.state_json()); }
  void click(const Json& rect) {
    REQUIRE(rect.size() == 4);
    REQUIRE(rect[2].num() > 0);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(static_cast<float>(rect[0].num() + rect[2].num() / 2), static_cast<float>(rect[1].num() + rect[3].num() / 2));
    frames(1);
    io.MouseDown[0] = true;
    frames(1);
    io.MouseDown[0] = false;
    frames(2);
  }
  void type(const std::string& text) {
    for (char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
    frames(2);
  }
  void key(int k) {
    ImGui::GetIO().KeysDown[k] = true;
    frames(1);
    ImGui::GetIO().KeysDown[k] = false;
    frames(1);
  }
  void enter() { key(kEnterKey); frames(1); }
};

std::string conv_link(const std::string& ex_json) {
  return build_hash({{"spec", "INPUT 3 x 32 x 32\nCONV5-16-p2-s1\nPOOL2\nFC-10"}, {"tab", "inspector"}, {"embed", "1"},
                     {"ex", ex_json}});
}
}  // namespace

TEST_CASE("an exercise from a link: a wrong answer gets its hint, the right one passes, at 800x600") {
  NullGfx gfx;
  App app(gfx);
  Student st(app);
  app.set_url_hash(conv_link(R"({"title":"Weights","task":"How many **weights** does `CONV5-16` have?\n\n- biases not included",
      "checks":[{"kind":"cell","row":1,"field":"weights"}],"hints":["Count K x K x C_in per filter."],"lock":["network"]})"));
  st.frames(3);
  Json s = st.state();
  REQUIRE(s["exercise"].is_object());
  CHECK(s["exercise"]["title"].str() == "Weights");
  CHECK(s["exercise"]["lock"][0].str() == "network");
  CHECK(s["exercise"]["inspector_hidden"].as_bool());  // the table does not show what the card asks
  CHECK_FALSE(s["exercise"]["graph_hidden"].as_bool());
  st.click(s["exercise"]["checks"][0]["rects"][0]);
  st.type("1216");  // the biases counted in
  st.enter();
  s = st.state();
  const Json& c = s["exercise"]["checks"][0];
  CHECK(c["attempts"].num() == 1);
  CHECK_FALSE(c["passed"].as_bool());
  CHECK(c["feedback"].str().find("biases") != std::string::npos);
  CHECK(c["feedback"].str().find("1200") == std::string::npos);
  CHECK(s["exercise"]["hints_shown"].num() == 1);
  // Clear the field and type the right product; the Check button this time.
  st.click(c["rects"][0]);
  for (int i = 0; i < 4; ++i) st.key(kBackspaceKey);
  st.type("5 x 5 x 3 x 16");
  st.click(s["exercise"]["check_button"]);
  s = st.state();
  CHECK(s["exercise"]["passed"].as_bool());
  CHECK(s["exercise"]["checks"][0]["passed"].as_bool());
  st.frames(1);
  CHECK_FALSE(st.state()["exercise"]["inspector_hidden"].as_bool());  // solved: the table shows again
}

TEST_CASE("a broken exercise link: the located error in the note, the app keeps running") {
  NullGfx gfx;
  App app(gfx);
  Student st(app);
  app.set_url_hash(conv_link(R"({"task":"t","checks":[{"kind":"cell","field":"wieghts"}]})"));
  st.frames(2);
  Json s = st.state();
  CHECK(s["exercise"].is_null());
  CHECK(s["url_note"].str().find("check 1: unknown field 'wieghts'") != std::string::npos);
  app.set_url_hash(conv_link("{\"task\": \"t\", "));
  st.frames(2);
  CHECK(st.state()["url_note"].str().find("ex (the exercise)") != std::string::npos);
  CHECK(st.state()["layers"].size() == 4);
}

TEST_CASE("the start screen lists the labs; a lab opens its exercises in order") {
  NullGfx gfx;
  App app(gfx);
  app.load_labs_file(std::string(GRADLAB_SOURCE_DIR) + "/web/labs/labs.json");
  Student st(app);
  st.frames(3);
  Json s = st.state();
  CHECK(s["labs"].num() >= 13);
  CHECK(s["labs_open"].as_bool());  // first visit, no link: the welcome
  app.set_url_hash("#lab=conv-shapes:1");
  st.frames(3);
  s = st.state();
  CHECK_FALSE(s["labs_open"].as_bool());  // a link is the whole state: as a fresh load of it, no welcome
  REQUIRE(s["exercise"].is_object());
  CHECK(s["exercise"]["lab"].str() == "conv-shapes");
  CHECK(s["exercise"]["lab_exercise"].num() == 1);
  CHECK(s["tab"].str() == "inspector");
  CHECK(s["layers"].size() == 5);  // the lab's network: INPUT, CONV, POOL, CONV, FC
  CHECK(app.url_hash().find("lab=conv-shapes%3A1") != std::string::npos);
  // A wrong shape (padding forgotten) gets named; the lab exercise's own hint-free feedback.
  st.click(s["exercise"]["checks"][0]["rects"][0]);
  st.type("16 x 28 x 28");
  st.enter();
  s = st.state();
  CHECK(s["exercise"]["checks"][0]["feedback"].str().find("padding") != std::string::npos);
  st.click(s["exercise"]["next_button"]);  // Next: the lab's second exercise, with its own state
  s = st.state();
  CHECK(s["exercise"]["lab_exercise"].num() == 2);
  CHECK(s["exercise"]["checks"][0]["attempts"].num() == 0);
  CHECK(s["exercise"]["title"].str() == "2D: weights and biases");
  for (int i = 0; i < 3; ++i) {  // the Labs window lists every lab at 800x600 without trouble
    st.click(s["labs_button"]);
    CHECK(st.state()["labs_open"].as_bool());
  }
}

TEST_CASE("a graph lab's link: its formula and values (links.md keys), the Graph tab in the embed; no carry-over") {
  NullGfx gfx;
  App app(gfx);
  app.load_labs_file(std::string(GRADLAB_SOURCE_DIR) + "/web/labs/labs.json");
  Student st(app);
  app.set_url_hash("#lab=backprop:1&embed=1");
  st.frames(3);
  Json s = st.state();
  REQUIRE(s["exercise"].is_object());
  CHECK(s["url_note"].str() == "");
  CHECK(s["tab"].str() == "graph");
  CHECK(s["exercise"]["graph_hidden"].as_bool());
  CHECK(app.session().graph_lab().formula() == "(x + y) * z");
  CHECK(app.session().graph_lab().graph().value() == doctest::Approx(-12.0));  // (-2 + 5) * -4
  const LinkState link = app.capture_link();
  CHECK(link.lab == "backprop:1");
  CHECK(link.embed);
  app.set_url_hash("#tab=curves");  // the next link is the whole state: no exercise, no embed, the default formula
  st.frames(2);
  s = st.state();
  CHECK(s["exercise"].is_null());
  CHECK(s["tab"].str() == "curves");
  CHECK_FALSE(app.capture_link().embed);
  CHECK(app.session().graph_lab().formula() == std::string(kDefaultGraphFormula));
}

TEST_CASE("the Create exercise dialog draws, previews as a student and copies a link that loads") {
  NullGfx gfx;
  App app(gfx);
  std::string copied;
  PlatformHooks hooks;
  hooks.copy_text = [&](const std::string& t) { copied = t; };
  hooks.page_url = []() { return std::string("https://course.example/gradlab/"); };
  app.set_hooks(hooks);
  Student st(app);
  app.set_url_hash("#spec=INPUT%203%20x%2032%20x%2032%2CCONV5-16-p2-s1%2CFC-10&tab=inspector");
  st.frames(3);
  Json s = st.state();
  st.click(s["create_button"]);
  s = st.state();
  REQUIRE(s["create_open"].as_bool());
  s = st.state();
  INFO(s["create"].dump());
  st.click(s["create"]["first_cell"]);  // check row 1's output shape
  st.click(s["create"]["copy_link"]);
  REQUIRE(copied.rfind("https://course.example/gradlab/#", 0) == 0);
  const UrlParams link = parse_hash(copied.substr(copied.find('#')));
  const std::string* ex = find_param(link, "ex");
  REQUIRE(ex);
  CHECK(ex->find("\"field\":\"shape\"") != std::string::npos);
  CHECK(find_param(link, "spec"));
  st.click(s["create"]["copy_embed"]);
  CHECK(copied.rfind("<iframe src=\"https://course.example/gradlab/#", 0) == 0);
  CHECK(copied.find("embed=1") != std::string::npos);
  st.click(s["create"]["preview"]);
  s = st.state();
  CHECK_FALSE(s["create_open"].as_bool());
  REQUIRE(s["exercise"].is_object());
  CHECK(s["exercise"]["checks"][0]["prompt"].str().find("Output shape of row 1") == 0);
  // The copied link, opened fresh, gives the same exercise.
  NullGfx gfx2;
  App other(gfx2);
  other.set_url_hash(copied.substr(copied.find('#'), copied.find('"', copied.find('#')) - copied.find('#')));
  CHECK(Json::parse(other.state_json())["exercise"]["checks"].size() == 1);
}

TEST_CASE("task markdown: paragraphs, lists, bold, code, emphasis; arithmetic stays text") {
  using ui::SpanStyle;
  const auto b = ui::parse_markdown("The **Classifiers** tab: `FC-2`\nand *more*.\n\n- one\n- w * x * y\n\nlast");
  REQUIRE(b.size() == 4);
  CHECK_FALSE(b[0].bullet);
  std::string plain;
  int bold = 0, code = 0, em = 0;
  for (const auto& sp : b[0].spans) {
    plain += sp.text;
    bold += sp.style == SpanStyle::Bold && sp.text == "Classifiers";
    code += sp.style == SpanStyle::Code && sp.text == "FC-2";
    em += sp.style == SpanStyle::Emphasis && sp.text == "more";
  }
  CHECK(plain == "The Classifiers tab: FC-2 and more.");
  CHECK(bold + code + em == 3);
  CHECK(b[1].bullet);
  CHECK(b[2].bullet);
  CHECK(b[2].spans.size() == 1);
  CHECK(b[2].spans[0].text == "w * x * y");
  CHECK(b[3].spans[0].text == "last");
}
