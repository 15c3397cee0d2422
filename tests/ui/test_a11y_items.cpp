// The accessibility collector, headless: one frame of common widgets drawn between a11y::begin_frame and
// end_frame gives items of the right kind, label, value and state, in submission order, with the plain text
// between them; sliders drawn through ui::slider_* carry their range, and every slider of every tab of the
// App does; a keyboard-focus request moves ImGui's navigation to the item.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>  // ClearActiveID

#include <set>
#include <cstring>
#include <string>
#include <vector>

#include "tests/ui/headless.h"
#include "web/app/app.h"
#include "web/app/link_state.h"
#include "web/app/widgets/a11y_items.h"
#include "web/app/widgets/slider.h"

using namespace gl;

namespace {
struct Ctx {
  Ctx() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->AddFontDefault();
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~Ctx() { ImGui::DestroyContext(); }
};

struct Widgets {
  bool check = true;
  float rate = 0.25f;
  int choice = 1, radio = 1;
  char name[32] = "relu";
  char number[8] = "32";
  float l2 = 0.0f;
  int batch = 32;
  float reg = 0.01f;
  char spec[64] = "INPUT 2\nFC-2\nSOFTMAX";
};

std::vector<a11y::Item> frame(Widgets& w, ImGuiID focus = 0) {
  ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
  a11y::apply_pending_input();
  ImGui::NewFrame();
  a11y::begin_frame();
  if (focus) a11y::focus_item(focus);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(800, 600));
  ImGui::Begin("##w", nullptr, ImGuiWindowFlags_NoDecoration);
  ImGui::Text("Hello %d", 42);
  ImGui::Button("Train (space)");
  ImGui::Checkbox("show test points", &w.check);
  ui::slider_float("learning rate", &w.rate, 0.0f, 1.0f, "%.2f");
  ui::slider_int("batch size", &w.batch, 1, 256);
  ui::slider_float("reg", &w.reg, 1e-5f, 10.0f, "%.1e", ImGuiSliderFlags_Logarithmic);
  ImGui::Combo("optimizer", &w.choice, "SGD\0Adam\0");
  ImGui::RadioButton("text", &w.radio, 0);
  ImGui::RadioButton("layers", &w.radio, 1);
  ImGui::InputText("##act", w.name, sizeof w.name);
  ImGui::InputText("##weights", w.number, sizeof w.number);  // a text field holding a number
  ImGui::SliderFloat("L2 strength", &w.l2, 0.0f, 1.0f, "off");  // a slider showing a word, drawn raw
  ImGui::InputTextMultiline("##spec", w.spec, sizeof w.spec, ImVec2(-1, 120));
  ImGui::CollapsingHeader("Share and save");
  if (ImGui::BeginTabBar("##tabs")) {
    if (ImGui::BeginTabItem("Boundary")) ImGui::EndTabItem();
    if (ImGui::BeginTabItem("Curves")) ImGui::EndTabItem();
    ImGui::EndTabBar();
  }
  ImGui::End();
  std::vector<a11y::Item> items = a11y::end_frame();
  ImGui::Render();
  return items;
}

const a11y::Item* find(const std::vector<a11y::Item>& items, const std::string& label) {
  for (const auto& it : items)
    if (it.label == label) return &it;
  return nullptr;
}

void check_slider(const std::vector<a11y::Item>& items, const std::string& label, const std::string& value,
                  double num, double min, double max) {
  CAPTURE(label);
  const a11y::Item* it = find(items, label);
  REQUIRE(it);
  CHECK(it->kind == a11y::ItemKind::Slider);
  CHECK(it->value == value);
  CHECK(it->has_range);
  CHECK(it->num == num);
  CHECK(it->min == min);
  CHECK(it->max == max);
}
}  // namespace

TEST_CASE("a11y collector: kinds, labels, values and states of common widgets") {
  Ctx ctx;
  Widgets w;
  frame(w);
  const std::vector<a11y::Item> items = frame(w);
  std::string kinds;
  for (const auto& it : items) kinds += std::string(a11y::item_kind_name(it.kind)) + ":" + it.label + " ";
  INFO(kinds);
  REQUIRE(items.size() >= 11);
  CHECK(items[0].kind == a11y::ItemKind::Text);
  CHECK(items[0].label == "Hello 42");
  const a11y::Item* b = find(items, "Train (space)");
  REQUIRE(b);
  CHECK(b->kind == a11y::ItemKind::Button);
  const a11y::Item* c = find(items, "show test points");
  REQUIRE(c);
  CHECK(c->kind == a11y::ItemKind::Checkbox);
  CHECK(c->checked);
  // Sliders drawn through ui::slider_*: shown text, number and range; a logarithmic one gives its real ends.
  check_slider(items, "learning rate", "0.25", 0.25, 0.0, 1.0);
  check_slider(items, "batch size", "32", 32.0, 1.0, 256.0);
  check_slider(items, "reg", "1.0e-02", static_cast<double>(0.01f), static_cast<double>(1e-5f), 10.0);
  const a11y::Item* s = find(items, "learning rate");
  for (const auto& it : items)  // only the items a range was recorded for
    if (it.kind != a11y::ItemKind::Slider) CHECK_FALSE(it.has_range);
  const a11y::Item* o = find(items, "optimizer");
  REQUIRE(o);
  CHECK(o->kind == a11y::ItemKind::Combo);
  CHECK(o->value == "Adam");
  const a11y::Item* r0 = find(items, "text");
  const a11y::Item* r1 = find(items, "layers");
  REQUIRE((r0 && r1));
  CHECK(r0->kind == a11y::ItemKind::Radio);
  CHECK(!r0->checked);
  CHECK(r1->checked);
  const a11y::Item* t = find(items, "act");
  REQUIRE(t);
  CHECK(t->kind == a11y::ItemKind::TextBox);
  CHECK(t->value == "relu");
  // Told apart by the slider's grab, not by whether the shown value is a number.
  const a11y::Item* num = find(items, "weights");
  REQUIRE(num);
  CHECK(num->kind == a11y::ItemKind::TextBox);
  CHECK(num->value == "32");
  const a11y::Item* l2 = find(items, "L2 strength");
  REQUIRE(l2);
  CHECK(l2->kind == a11y::ItemKind::Slider);
  CHECK(l2->value == "off");
  CHECK_FALSE(l2->has_range);  // ImGui's own slider does not tell the hooks its range
  const a11y::Item* ta = find(items, "spec");
  REQUIRE(ta);
  CHECK(ta->kind == a11y::ItemKind::TextArea);
  const a11y::Item* h = find(items, "Share and save");
  REQUIRE(h);
  CHECK(h->kind == a11y::ItemKind::Header);
  CHECK(!h->checked);
  const a11y::Item* t0 = find(items, "Boundary");
  const a11y::Item* t1 = find(items, "Curves");
  REQUIRE((t0 && t1));
  CHECK(t0->kind == a11y::ItemKind::Tab);
  CHECK(t0->checked);
  CHECK(!t1->checked);
  // Submission order is kept: the button comes before the slider, the tabs last.
  CHECK(b < s);
  CHECK(s < t0);
}

TEST_CASE("a11y collector: focusing an item moves ImGui's keyboard focus there, and Activate presses it") {
  Ctx ctx;
  Widgets w;
  std::vector<a11y::Item> items = frame(w);
  const a11y::Item* c = find(items, "show test points");
  REQUIRE(c);
  const ImGuiID id = c->id;
  frame(w, id);
  CHECK(a11y::nav_focus_id() == id);
  a11y::request_activate(id);
  for (int i = 0; i < 3; ++i) frame(w);
  CHECK(w.check == false);  // toggled by the activation, as Space would
}

namespace {
// One frame of the App with the collector on, as the platform layer runs it (tall, so little is clipped).
std::vector<a11y::Item> app_frame(App& app) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1280, 2400);
  io.DeltaTime = 1.0f / 60.0f;
  app.begin_frame(1.0f, 1.0f / 60.0f);
  a11y::apply_pending_input();
  ImGui::NewFrame();
  a11y::begin_frame();
  app.frame();
  std::vector<a11y::Item> items = a11y::end_frame();
  ImGui::Render();
  app.end_frame(1.0f, 0.5f);
  return items;
}
}  // namespace

TEST_CASE("a11y collector: every slider of every tab reports its minimum and maximum") {
  test::Headless h;
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  NullGfx gfx;
  App app(gfx);
  app.load_image_pack(std::string(GRADLAB_SOURCE_DIR) + "/build/data/images.glpack");
  // Settings that bring out the sliders shown only for some optimizers, schedules, data sets and views.
  const char* states[] = {
      "", "opt=adam&sched=step&rsame=1", "opt=sgd&sched=cosine",
      "sched=exponential&data=video&spec=INPUT%201%20x%208%20x%2032%20x%2032%0ACONV3-4-p1-s1%0APOOL2%0AFC-2%0ASOFTMAX",
      "data=sine&spec=INPUT%20SEQ%2020%20x%201%0ALSTM-16%0AFC-1%0AMSE",
      "iwscale=1&data=digits&spec=INPUT%201%20x%208%20x%208%0ACONV3-4-p1-s1%0AFC-10%0ASOFTMAX"};
  std::set<std::string> sliders, labels, missing;
  auto collect = [&](const std::string& tab, const std::vector<a11y::Item>& items) {
    for (const a11y::Item& it : items) {
      if (it.kind != a11y::ItemKind::Slider) continue;
      sliders.insert(tab + ": " + it.label);
      labels.insert(it.label);
      if (!it.has_range || !(it.min <= it.max)) missing.insert(tab + ": " + it.label);
    }
  };
  for (const char* state : states) {
    for (int t = 0; t < static_cast<int>(MainTab::Count); ++t) {
      const std::string tab = main_tab_name(static_cast<MainTab>(t));
      app.set_url_hash("#" + std::string(state) + (*state ? "&" : "") + "tab=" + tab);
      std::vector<a11y::Item> items;
      for (int i = 0; i < 3; ++i) collect(tab, items = app_frame(app));
      // Open the closed sections as a screen reader would (activate them), to see what they hold.
      std::set<ImGuiID> tried;
      for (bool opened = true; opened;) {
        opened = false;
        for (const a11y::Item& it : items)
          if (it.kind == a11y::ItemKind::Header && !it.checked && tried.insert(it.id).second) {
            a11y::request_activate(it.id);
            for (int i = 0; i < 3; ++i) collect(tab, items = app_frame(app));
            opened = true;
            break;
          }
      }
    }
  }
  std::string seen, bad;
  for (const auto& s : sliders) seen += s + "\n";
  for (const auto& s : missing) bad += s + "\n";
  INFO("sliders seen:\n", seen);
  INFO("sliders without a range:\n", bad);
  CHECK(missing.empty());
  CHECK(labels.size() >= 44);  // the states above show every slider the app has (44 labels today)
}

TEST_CASE("a11y collector: characters typed in the frame that activates a text field by keyboard reach it") {
  Ctx ctx;
  Widgets w;
  std::strcpy(w.name, "");
  const a11y::Item* f = nullptr;
  std::vector<a11y::Item> items = frame(w);
  for (const a11y::Item& it : items)
    if (it.kind == a11y::ItemKind::TextBox && !f) f = &it;
  REQUIRE(f);
  const ImGuiID id = f->id;
  frame(w, id);
  REQUIRE(a11y::nav_focus_id() == id);
  // Enter (ImGui's keyboard "input" activation) and a typed "2" in the same frame, as "Enter 2" typed quickly.
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Enter] = 13;
  for (bool carry : {false, true}) {
    CAPTURE(carry);
    std::strcpy(w.name, "");
    a11y::TextActivationCarry c;
    io.KeysDown[13] = true;
    io.AddInputCharacter('2');
    c.before_new_frame();
    frame(w);
    if (carry) c.after_render();
    io.KeysDown[13] = false;
    frame(w);
    frame(w);
    CHECK(ImGui::GetIO().WantTextInput);
    CHECK(std::string(w.name) == (carry ? "2" : ""));  // without the carry ImGui drops it
    ImGui::ClearActiveID();
    frame(w, id);
  }
}
