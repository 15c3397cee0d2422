// FRAMES and the per-frame CNN + LSTM it makes possible (the exam's "model c"): the layer's index mapping
// and gradient, the notation (parse / print / JSON round trip), the inspector's shapes and the error on a
// non-clip input, and a whole model whose backward pass matches central differences of its loss (average
// pooling there: a max pool's switching argmax would break the finite differences, not the gradient).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "engine/layers/frames.h"
#include "engine/model/model.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "tests/engine/testing.h"

using namespace gl;

TEST_CASE("frames: C x T x H x W -> T x (C*H*W), frame t holds every channel of time t") {
  LayerDesc d;
  d.kind = LayerKind::Frames;
  Frames f(d, Shape{2, 3, 2, 2});  // C = 2, T = 3, H = W = 2
  CHECK(f.output_shape() == Shape{3, 8});
  Tensor x(Shape{1, 2, 3, 2, 2}), y;
  for (int64_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);  // value = ((c * 3 + t) * 4 + p)
  f.forward(x, y, true);
  REQUIRE(y.shape() == Shape{1, 3, 8});
  for (int t = 0; t < 3; ++t)
    for (int c = 0; c < 2; ++c)
      for (int p = 0; p < 4; ++p) CHECK(y[t * 8 + c * 4 + p] == static_cast<float>((c * 3 + t) * 4 + p));
  Rng rng(3);
  test::check_layer_grads(f, test::random_tensor(Shape{2, 2, 3, 2, 2}, rng));
  CHECK_THROWS_WITH_AS(Frames(d, Shape{3, 8, 8}), "frames: needs a clip C x T x H x W, got 3 x 8 x 8", EngineError);
}

TEST_CASE("frames: notation, inspector shapes and errors for the per-frame CNN + LSTM") {
  const std::string text =
      "INPUT 3 x 8 x 16 x 16, CONV(1x3x3)-8-p(0,1,1), POOL(1x2x2), FRAMES, LSTM-16, FC-10";
  SpecResult r = parse_spec(text);
  REQUIRE_MESSAGE(r.ok(), (r.error ? r.error->message : ""));
  CHECK(print_spec(r.spec, ", ") ==
        "INPUT 3 x 8 x 16 x 16, CONV(1x3x3)-8-p(0,1,1)-s1, POOL(1x2x2), FRAMES, LSTM-16, FC-10");
  CHECK(parse_spec(print_spec(r.spec)).spec == r.spec);
  SpecResult back = spec_from_json(spec_to_json(r.spec));
  REQUIRE(back.ok());
  CHECK(back.spec == r.spec);
  SummaryResult s = summarize_spec(r.spec, 1, false);
  REQUIRE(s.ok());
  CHECK(s.summary.rows[1].output_shape == Shape{8, 8, 16, 16});
  CHECK(s.summary.rows[1].weights_expr == "1 x 3 x 3 x 3 x 8");
  CHECK(s.summary.rows[1].receptive_field == std::vector<int>{1, 3, 3});  // per frame: no time
  CHECK(s.summary.rows[2].output_shape == Shape{8, 8, 8, 8});
  CHECK(s.summary.rows[3].output_shape == Shape{8, 512});  // T x (C*H*W)
  CHECK(s.summary.rows[3].spec == "FRAMES");
  CHECK(s.summary.rows[3].receptive_field == std::vector<int>{1, 4, 4});
  CHECK(s.summary.rows[4].output_shape == Shape{16});
  CHECK(s.summary.rows[4].weights_expr == "4 x 16 x (512 + 16)");
  CHECK(s.summary.rows[4].mults == int64_t{8} * 4 * 16 * (512 + 16));
  CHECK(s.summary.trainable);

  CHECK(parse_spec("INPUT 3 x 16 x 16, FRAMES, LSTM-4, FC-2").error->message ==
        "line 1, col 20: FRAMES: FRAMES turns a clip (C x T x H x W) into a sequence of frames but gets a 2D image "
        "3 x 16 x 16 (C x H x W)");
  CHECK(parse_spec("INPUT 3 x 8 x 16 x 16, FRAMEZ, LSTM-4, FC-2").error->message.find("did you mean FRAMES") !=
        std::string::npos);
}

TEST_CASE("frames: a per-frame CNN + LSTM model's backward matches central differences of its loss") {
  ModelSpec spec = parse_spec_or_throw("INPUT 2 x 4 x 6 x 6, CONV(1x3x3)-3-p(0,1,1), TANH, AVGPOOL(1x2x2), FRAMES, "
                                       "LSTM-5, FC-3");
  Model m(spec);
  m.init_params(InitDesc{InitKind::Gaussian, 0.3f}, 11);
  Rng rng(4);
  Tensor x = test::random_tensor(Shape{2, 2, 4, 6, 6}, rng);
  Tensor y(Shape{2});
  y[0] = 1, y[1] = 2;
  m.forward(x, true);
  m.backward(y);
  auto loss_at = [&]() {
    const Tensor& s = m.forward(x, true);
    Tensor ds;
    return static_cast<double>(loss_forward_backward(m.loss(), s, y, ds));
  };
  double worst = 0;
  for (Param* p : m.params()) {
    const Tensor analytic = p->grad;
    for (int64_t i = 0; i < p->value.size(); i += std::max<int64_t>(1, p->value.size() / 12)) {
      const float v = p->value[i], h = 1e-2f;
      p->value[i] = v + h;
      const double up = loss_at();
      p->value[i] = v - h;
      const double down = loss_at();
      p->value[i] = v;
      const double num = (up - down) / (2 * h);
      const double err = std::fabs(num - analytic[i]) / std::max({std::fabs(num), std::fabs(double{analytic[i]}), 1e-2});
      CAPTURE(p->name);
      CAPTURE(i);
      CHECK(err < 3e-2);
      worst = std::max(worst, err);
    }
  }
  MESSAGE("per-frame CNN + LSTM: worst relative gradient error " << worst);
}
