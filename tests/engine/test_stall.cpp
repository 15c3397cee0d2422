// Stalled-run detection: SGD at lr 5 on the spirals (the page's default network) kills its ReLUs and sits at
// chance with zero gradients, and detect_stall says so and why; healthy runs are never flagged, at any check.
#include <doctest/doctest.h>

#include "engine/spec/spec.h"
#include "engine/train/stall.h"

using namespace gl;

namespace {

std::shared_ptr<const Dataset> spirals() {
  DataDesc d;
  d.kind = DataKind::Spirals;
  return std::make_shared<Dataset>(make_dataset(d));
}

const char* const kSpec = "INPUT 2\nFC-16\nFC-16\nFC-2\nSOFTMAX";

TrainDesc with_optim(OptimKind kind, float lr, uint64_t seed = 1) {
  TrainDesc td;
  td.optim = optim_defaults(kind);
  td.optim.lr = lr;
  td.seed = seed;
  return td;
}

}  // namespace

TEST_CASE("stall: SGD at lr 5 on spirals is flagged with what it likely means") {
  Trainer t(parse_spec_or_throw(kSpec), spirals(), with_optim(OptimKind::SGD, 5.0f));
  for (int i = 0; i < 50; ++i) t.step();
  CHECK_FALSE(detect_stall(t).stalled);  // too early for a verdict
  for (int i = 0; i < 250; ++i) t.step();
  REQUIRE_FALSE(t.diverged());
  StallReport r = detect_stall(t);
  MESSAGE(r.message);
  CHECK(r.stalled);
  CHECK(r.step == 300);
  CHECK(r.message.rfind("Stalled at step 300: ", 0) == 0);
  CHECK(r.message.find("Likely: ") != std::string::npos);
  CHECK(r.message.find("learning rate 5") != std::string::npos);
  CHECK_FALSE(r.signs.empty());
}

TEST_CASE("stall: healthy runs are not flagged at any check") {
  for (const auto& run : {std::pair{OptimKind::Adam, 0.01f}, std::pair{OptimKind::SGD, 0.1f},
                          std::pair{OptimKind::Momentum, 0.05f}}) {
    const OptimKind kind = run.first;  // not a structured binding: clang 14 cannot capture those (CAPTURE)
    const float lr = run.second;
    for (uint64_t seed : {1u, 2u, 3u}) {
      Trainer t(parse_spec_or_throw(kSpec), spirals(), with_optim(kind, lr, seed));
      for (int check = 0; check < 12; ++check) {
        for (int i = 0; i < 50; ++i) t.step();
        StallReport r = detect_stall(t);
        CAPTURE(optim_kind_name(kind));
        CAPTURE(seed);
        CAPTURE(t.steps());
        CHECK_MESSAGE(!r.stalled, r.message);
      }
    }
  }
}
