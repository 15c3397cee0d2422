// The spec language: every notation, case-insensitivity, separators, expansion into engine layers, text and
// JSON round trips, and every error with its message, line and column.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/layers/layer.h"
#include "engine/spec/export_pytorch.h"
#include "engine/spec/spec.h"

using namespace gl;

namespace {

ModelSpec must_parse(const std::string& text) {
  SpecResult r = parse_spec(text);
  INFO("spec: " << text);
  REQUIRE_MESSAGE(r.ok(), (r.error ? r.error->message : std::string()));
  return r.spec;
}

SpecError must_fail(const std::string& text) {
  SpecResult r = parse_spec(text);
  INFO("spec: " << text);
  REQUIRE_MESSAGE(!r.ok(), "expected an error for: " << text);
  return *r.error;
}

std::vector<LayerKind> kinds(const SpecRow& r) {
  std::vector<LayerKind> k;
  for (const LayerDesc& d : r.layers) k.push_back(d.kind);
  return k;
}

}  // namespace

TEST_CASE("spec: INPUT forms") {
  CHECK(must_parse("INPUT 3 x 32 x 32").input == Shape{3, 32, 32});
  CHECK(must_parse("INPUT 3 x 8 x 64 x 64").input == Shape{3, 8, 64, 64});
  CHECK(must_parse("INPUT 2").input == Shape{2});
  ModelSpec seq = must_parse("INPUT SEQ 20 x 4, LSTM-8, FC-2");
  CHECK(seq.input == Shape{20, 4});
  CHECK(print_row(seq.rows[0]) == "INPUT SEQ 20 x 4");
  CHECK(must_parse("input 3x32X32").input == Shape{3, 32, 32});
  CHECK(must_parse("INPUT 3*32*32").input == Shape{3, 32, 32});
}

TEST_CASE("spec: conv, pool and their per-axis forms") {
  ModelSpec s = must_parse("INPUT 3 x 32 x 32\nCONV5-10-p2-s1\nPOOL2\nCONV3-8\nAVGPOOL2-s1\nFC-10");
  REQUIRE(s.rows.size() == 6);
  const SpecRow& c = s.rows[1];
  CHECK(c.kind == RowKind::Conv);
  CHECK(c.desc.units == 10);
  CHECK(c.desc.kernel == std::vector<int>{5});
  CHECK(c.desc.pad == std::vector<int>{2});
  CHECK(c.desc.stride == std::vector<int>{1});
  CHECK(kinds(c) == std::vector<LayerKind>{LayerKind::Conv, LayerKind::Activation});
  CHECK(c.layers[1].act == ActKind::ReLU);
  CHECK(s.rows[2].kind == RowKind::MaxPool);
  CHECK(s.rows[2].desc.stride == std::vector<int>{2});  // stride defaults to the pool size
  CHECK(s.rows[3].desc.pad == std::vector<int>{0});     // -p / -s optional: p0 s1
  CHECK(s.rows[3].desc.stride == std::vector<int>{1});
  CHECK(s.rows[4].kind == RowKind::AvgPool);
  CHECK(s.rows[4].desc.stride == std::vector<int>{1});
  CHECK(print_row(s.rows[3]) == "CONV3-8-p0-s1");
  CHECK(print_row(s.rows[4]) == "AVGPOOL2-s1");

  ModelSpec v = must_parse("INPUT 3 x 8 x 64 x 64, CONV(3x1x1)-16-p(1,0,0)-s(1,1,1), POOL(1x2x2), CONV(3x3x3)-8-s2, FC-4");
  CHECK(v.rows[1].desc.kernel == std::vector<int>{3, 1, 1});
  CHECK(v.rows[1].desc.pad == std::vector<int>{1, 0, 0});
  CHECK(v.rows[1].desc.stride == std::vector<int>{1, 1, 1});  // kept as written
  CHECK(print_row(v.rows[1]) == "CONV(3x1x1)-16-p(1,0,0)-s(1,1,1)");
  CHECK(v.rows[2].desc.kernel == std::vector<int>{1, 2, 2});
  CHECK(v.rows[2].desc.stride == std::vector<int>{1, 2, 2});
  CHECK(print_row(v.rows[2]) == "POOL(1x2x2)");
  CHECK(v.rows[3].desc.kernel == std::vector<int>{3, 3, 3});
  CHECK(print_row(v.rows[3]) == "CONV(3x3x3)-8-p0-s2");
  CHECK(must_parse("INPUT 1 x 9 x 9, MAXPOOL3-s(2,1)-p1, FC-2").rows[1].desc.stride == std::vector<int>{2, 1});
}

TEST_CASE("spec: FC, BN, dropout, flatten, activations, recurrent layers and losses") {
  ModelSpec s = must_parse(
      "INPUT 2, FC-16, BN, DROPOUT-0.25, FC-16, TANH, FC-8, LEAKYRELU-0.2, FC-8, ACT(relu(-x)), FLATTEN, FC-3, SVM-0.5");
  CHECK(kinds(s.rows[1]) == std::vector<LayerKind>{LayerKind::Dense, LayerKind::Activation});
  CHECK(kinds(s.rows[2]) == std::vector<LayerKind>{LayerKind::BatchNorm});
  CHECK(s.rows[3].desc.dropout_p == 0.25f);
  // An explicit activation directly after FC replaces its ReLU.
  CHECK(kinds(s.rows[4]) == std::vector<LayerKind>{LayerKind::Dense});
  CHECK(s.rows[5].layers[0].act == ActKind::Tanh);
  CHECK(s.rows[7].desc.act == ActKind::LeakyReLU);
  CHECK(s.rows[7].desc.act_param == 0.2f);
  CHECK(s.rows[9].desc.act == ActKind::Formula);
  CHECK(s.rows[9].desc.formula == "relu(-x)");
  CHECK(kinds(s.rows[10]) == std::vector<LayerKind>{LayerKind::Flatten});
  CHECK(kinds(s.rows[11]) == std::vector<LayerKind>{LayerKind::Dense});  // the last FC: no ReLU
  CHECK(s.has_loss_row);
  CHECK(s.loss.kind == LossKind::SVM);
  CHECK(s.loss.margin == 0.5f);

  ModelSpec a = must_parse("INPUT 4, RELU, SIGMOID, LINEAR, ELU, ELU-0.5, GELU, LEAKYRELU, FC-2, BCE");
  std::vector<ActKind> want = {ActKind::ReLU, ActKind::Sigmoid, ActKind::Identity, ActKind::ELU,
                               ActKind::ELU,  ActKind::GELU,    ActKind::LeakyReLU};
  for (size_t i = 0; i < want.size(); ++i) CHECK(a.rows[i + 1].desc.act == want[i]);
  CHECK(a.rows[4].desc.elu_alpha == 1.0f);
  CHECK(a.rows[5].desc.elu_alpha == 0.5f);
  CHECK(a.rows[7].desc.act_param == 0.01f);
  CHECK(print_row(a.rows[4]) == "ELU");
  CHECK(print_row(a.rows[7]) == "LEAKYRELU-0.01");
  CHECK(a.loss.kind == LossKind::BCEWithLogits);

  ModelSpec r = must_parse("INPUT SEQ 10 x 3, RNN-8-seq, GRU-8-SEQ, LSTM-6, FC-1, MSE");
  CHECK(r.rows[1].kind == RowKind::RNN);
  CHECK(r.rows[1].desc.return_sequences);
  CHECK(r.rows[2].kind == RowKind::GRU);
  CHECK(r.rows[2].desc.return_sequences);
  CHECK(r.rows[3].kind == RowKind::LSTM);
  CHECK_FALSE(r.rows[3].desc.return_sequences);
  CHECK(print_row(r.rows[1]) == "RNN-8-seq");
  CHECK(r.loss.kind == LossKind::MSE);

  ModelSpec d = must_parse("INPUT 2, FC-3");  // no loss row: SOFTMAX
  CHECK_FALSE(d.has_loss_row);
  CHECK(d.loss.kind == LossKind::SoftmaxCE);
  CHECK(must_parse("INPUT 2, FC-3, SVM").loss.margin == 1.0f);
  CHECK(must_parse("INPUT 2, DROPOUT, FC-3").rows[1].desc.dropout_p == 0.5f);
}

TEST_CASE("spec: case-insensitive, comma / newline separated, comments, positions") {
  std::string upper = "INPUT 3 x 32 x 32, CONV5-10-P2-S1, POOL2, FC-10, SOFTMAX";
  std::string lower = "input 3 x 32 x 32, conv5-10-p2-s1, pool2, fc-10, softmax";
  std::string lines = "# a comment line\nInput 3 x 32 x 32   # trailing comment\n  Conv5-10-p2-s1, Pool2\n\nFc-10\nSoftMax\n";
  ModelSpec a = must_parse(upper), b = must_parse(lower), c = must_parse(lines);
  CHECK(a == b);
  CHECK(a == c);
  CHECK(c.rows[1].line == 3);
  CHECK(c.rows[1].col == 3);
  CHECK(c.rows[2].line == 3);
  CHECK(c.rows[2].col == 19);
  CHECK(c.rows[2].text == "Pool2");
  CHECK(c.rows[3].line == 5);
  CHECK_FALSE(a == must_parse("INPUT 3 x 32 x 32, CONV5-10-p2-s1, POOL2, FC-11"));
  // Commas inside ACT(...) do not split rows.
  ModelSpec f = must_parse("INPUT 2, ACT(max(x, 0.1*x)), FC-2");
  CHECK(f.rows.size() == 3);
  CHECK(f.rows[1].desc.formula == "max(x, 0.1*x)");
}

TEST_CASE("spec: text and JSON round trips") {
  const char* specs[] = {
      "INPUT 3 x 32 x 32, CONV5-10-p2-s1, POOL2, CONV3-16, BN, AVGPOOL2, DROPOUT-0.3, FC-100, FC-10, SOFTMAX",
      "INPUT 3 x 8 x 64 x 64, CONV(3x1x1)-16-p(1,0,0)-s(1,2,2), POOL(1x2x2)-s(1,1,1)-p(0,1,1), BN, CONV5-4-p2, FC-10, SVM-2",
      "INPUT SEQ 20 x 4, LSTM-16-seq, GRU-8, FC-1, MSE",
      "INPUT SEQ 12 x 3, RNN-5-seq, FLATTEN, FC-2, BCE",
      "INPUT 2, FC-8, TANH, FC-8, ACT(relu(x)^2 - 0.5*x), FC-8, LEAKYRELU-0.1, FC-8, ELU-0.7, FC-8, GELU, FC-8, SIGMOID, "
      "FC-8, LINEAR, FC-2",
  };
  for (const char* text : specs) {
    INFO(text);
    ModelSpec s = must_parse(text);
    std::string printed = print_spec(s);
    ModelSpec again = must_parse(printed);
    CHECK(again == s);
    CHECK(print_spec(again) == printed);
    CHECK(must_parse(print_spec(s, ", ")) == s);
    // JSON <-> spec, also through the JSON text.
    Json j = spec_to_json(s);
    SpecResult back = spec_from_json(Json::parse(j.dump()));
    REQUIRE_MESSAGE(back.ok(), back.error->message);
    CHECK(back.spec == s);
    CHECK(spec_to_json(back.spec).dump() == j.dump());
    CHECK(print_spec(back.spec) == printed);
  }
  Json j = spec_to_json(must_parse("INPUT 3 x 32 x 32, CONV5-10-p2-s1, FC-10"));
  CHECK(j.dump() == R"({"input":[3,32,32],"sequence":false,"rows":[{"layer":"conv","units":10,"kernel":[5],)"
                    R"("stride":[1],"pad":[2]},{"layer":"fc","units":10}]})");
}

// ELU's alpha used to share LeakyReLU's act_param, whose default 0.01 meant "alpha not given": ELU-0.01 ran as
// alpha 1. Every path an alpha of 0.01 takes must keep it.
TEST_CASE("spec: ELU-0.01 keeps alpha 0.01 through print, JSON, export and the layer") {
  ModelSpec s = must_parse("INPUT 4, FC-3, ELU-0.01, FC-2");
  const SpecRow& elu = s.rows[2];
  CHECK(elu.desc.elu_alpha == 0.01f);
  CHECK(print_row(elu) == "ELU-0.01");
  CHECK_FALSE(must_parse("INPUT 4, FC-3, ELU, FC-2") == s);
  Json j = spec_to_json(s);
  CHECK(j.dump().find(R"({"layer":"activation","act":"elu","param":0.01})") != std::string::npos);
  SpecResult back = spec_from_json(Json::parse(j.dump()));
  REQUIRE_MESSAGE(back.ok(), back.error->message);
  CHECK(back.spec == s);
  CHECK(back.spec.rows[2].desc.elu_alpha == 0.01f);
  CHECK(export_pytorch(s).find("nn.ELU(alpha=0.01)") != std::string::npos);
  REQUIRE(elu.layers.size() == 1);
  Tensor y;
  make_layer(elu.layers[0], Shape{3})->forward(Tensor(Shape{1, 3}, -1.0f), y, false);
  for (int i = 0; i < 3; ++i) CHECK(y[i] == doctest::Approx(0.01 * std::expm1(-1.0)));
}

TEST_CASE("spec: JSON errors point at the row") {
  SpecResult r = spec_from_json(Json::parse(R"({"input":[3,8,8],"rows":[{"layer":"fc","units":4},{"layer":"conv3"}]})"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->line == 3);
  CHECK(r.error->message == "line 3, col 1: spec JSON: unknown layer 'conv3'");
  SpecResult s = spec_from_json(Json::parse(R"({"input":[3,8,8],"rows":[{"layer":"conv","units":4,"kernel":[9]}]})"));
  REQUIRE_FALSE(s.ok());
  CHECK(s.error->message == "line 2, col 1: CONV9-4-p0-s1: output height would be 0 (input 3 x 8 x 8, kernel 9, pad 0, stride 1)");
  CHECK_FALSE(spec_from_json(Json::parse(R"({"rows":[]})")).ok());
}

TEST_CASE("spec: syntax errors say why and where") {
  SpecError e = must_fail("INPUT 3 x 32 x 32\nINPUT 3 x 4 x 4\nCONVV5-16");
  CHECK(e.line == 3);  // syntax errors (any row) are reported before structure errors
  e = must_fail("INPUT 3 x 32 x 32\nFC-10\nCONVV5-16");
  CHECK(e.message == "line 3, col 1: unknown layer 'CONVV5' (did you mean CONV5?)");
  CHECK(e.line == 3);
  CHECK(e.col == 1);
  CHECK(e.length == 5);
  CHECK(must_fail("INPUT 2, LTSM-4").message == "line 1, col 10: unknown layer 'LTSM' (did you mean LSTM?)");
  CHECK(must_fail("INPUT 2, WIBBLE").message == "line 1, col 10: unknown layer 'WIBBLE'");

  e = must_fail("INPUT 3 x 32 x 32\nCONV5-16-pX");
  CHECK(e.message == "line 2, col 11: expected a number after 'p' in 'CONV5-16-pX' (got 'X')");
  CHECK(e.line == 2);
  CHECK(e.col == 11);
  e = must_fail("INPUT 3 x 32 x 32,  CONV5-16-s");
  CHECK(e.message == "line 1, col 31: expected a number after 's' in 'CONV5-16-s'");
  CHECK(must_fail("INPUT 3 x 32 x 32, CONV5-16-s0").message ==
        "line 1, col 30: the number after 's' in 'CONV5-16-s0' must be at least 1");
  CHECK(must_fail("INPUT 3 x 32 x 32, CONV5").message ==
        "line 1, col 25: expected '-<channels>' after the kernel size in 'CONV5'");
  CHECK(must_fail("INPUT 3 x 32 x 32, CONV5-8-q1").message ==
        "line 1, col 28: unknown option '-q1' in 'CONV5-8-q1' (expected -p<pad> or -s<stride>)");
  CHECK(must_fail("INPUT 3 x 32 x 32, CONV(3x3x3x3)-8").message ==
        "line 1, col 24: a tuple for the kernel size needs 2 or 3 values (one per spatial axis) in 'CONV(3x3x3x3)-8', got 4");
  CHECK(must_fail("INPUT 2, FC-ten").message ==
        "line 1, col 13: expected a number after 'FC-' (the number of units) in 'FC-ten' (got 'ten')");
  CHECK(must_fail("INPUT 2, DROPOUT-1.5").message == "line 1, col 18: dropout probability must be in [0, 1), got 1.5");
  CHECK(must_fail("INPUT 2, FC-3 extra").message == "line 1, col 15: unexpected 'extra' in 'FC-3 extra'");
  CHECK(must_fail("INPUT 2, LSTM-4-all").message ==
        "line 1, col 16: unexpected '-all' in 'LSTM-4-all' (only the -seq suffix may follow the hidden size)");
  CHECK(must_fail("INPUT 20 x 4").message ==
        "line 1, col 7: 'INPUT 20 x 4' is ambiguous: write INPUT SEQ 20 x 4 for a sequence (T x D) or INPUT C x H x W "
        "for an image");
  CHECK(must_fail("INPUT 1 x 2 x 3 x 4 x 5").message ==
        "line 1, col 7: INPUT takes D, SEQ T x D, C x H x W or C x T x H x W; got 5 numbers");
  CHECK(must_fail("INPUT 3 x 0 x 4").message == "line 1, col 11: the number for an input dimension in 'INPUT 3 x 0 x 4' must be at least 1");
  e = must_fail("INPUT 2, ACT(relu(y))");
  CHECK(e.col == 19);  // points at the y inside the formula
  CHECK(e.message.find("unknown variable 'y'") != std::string::npos);
  CHECK(must_fail("INPUT 2, ACT(relu(x)").message == "line 1, col 13: missing ')' to close ACT( in 'ACT(relu(x)'");
}

TEST_CASE("spec: structure errors") {
  SpecError e = must_fail("# model\nCONV5-16, FC-10");
  CHECK(e.message == "line 2, col 1: missing INPUT: the spec must start with INPUT (e.g. INPUT 3 x 32 x 32), not 'CONV5-16'");
  CHECK(e.line == 2);
  CHECK(must_fail("").message == "line 1, col 1: empty spec: start with INPUT, e.g. INPUT 3 x 32 x 32");
  CHECK(must_fail("  # only a comment").message == "line 1, col 1: empty spec: start with INPUT, e.g. INPUT 3 x 32 x 32");
  CHECK(must_fail("INPUT 2\nFC-4\nINPUT 3").message ==
        "line 3, col 1: INPUT may appear only once, as the first row (first on line 1)");
  CHECK(must_fail("INPUT 2, FC-4, SOFTMAX, FC-2").message ==
        "line 1, col 25: 'FC-2' comes after the loss; the loss must be the last row");
}

TEST_CASE("spec: shape errors name the row and the axis") {
  SpecError e = must_fail("INPUT 3 x 4 x 4\nFC-3, RELU\nRELU\nCONV7-8");
  // The conv comes after an FC: reported before any shape arithmetic.
  CHECK(e.message == "line 4, col 1: CONV7-8: a convolution needs an image (C x H x W or C x T x H x W) but gets 3 "
                     "features (after FC-3); convolutions and pools must come before FC / FLATTEN");
  e = must_fail("INPUT 3 x 4 x 4\nBN\nRELU\nCONV7-8\nFC-2");
  CHECK(e.message == "line 4, col 1: CONV7-8: output height would be -2 (input 3 x 4 x 4, kernel 7, pad 0, stride 1)");
  CHECK(e.line == 4);
  CHECK(e.col == 1);
  CHECK(e.length == 7);
  CHECK(must_fail("INPUT 3 x 8 x 4, CONV(3x5)-2, FC-2").message ==
        "line 1, col 18: CONV(3x5)-2: output width would be 0 (input 3 x 8 x 4, kernel 5, pad 0, stride 1)");
  CHECK(must_fail("INPUT 3 x 4 x 16 x 16, POOL2, POOL2, POOL2, FC-2").message ==
        "line 1, col 38: POOL2: output time would be 0 (input 3 x 1 x 4 x 4, kernel 2, pad 0, stride 2)");
  CHECK(must_fail("INPUT 3 x 32 x 32, CONV(3x3x3)-8, FC-2").message ==
        "line 1, col 20: CONV(3x3x3)-8: a 3D layer (kernel has 3 values) on a 2D image 3 x 32 x 32 (C x H x W); 3D "
        "layers need INPUT C x T x H x W");
  CHECK(must_fail("INPUT 3 x 8 x 32 x 32, CONV(3x3)-8, FC-2").message ==
        "line 1, col 24: CONV(3x3)-8: kernel has 2 values but a 3D input 3 x 8 x 32 x 32 (C x T x H x W) has 3 "
        "spatial axes; give 1 or 3");
  CHECK(must_fail("INPUT 3 x 32 x 32, POOL2-p2, FC-2").message ==
        "line 1, col 20: POOL2-p2: pad 2 is more than half the pool size 2 on the height axis");
  CHECK(must_fail("INPUT 3 x 32 x 32, LSTM-32, FC-2").message ==
        "line 1, col 20: LSTM-32: a recurrent layer needs a sequence (T x D, written INPUT SEQ T x D) but gets a 2D "
        "image 3 x 32 x 32 (C x H x W)");
  CHECK(must_fail("INPUT SEQ 5 x 3, GRU-4, GRU-4").message ==
        "line 1, col 25: GRU-4: a recurrent layer needs a sequence (T x D, written INPUT SEQ T x D) but gets 4 "
        "features (after GRU-4)");
  CHECK(must_fail("INPUT SEQ 5 x 3, CONV3-4").message ==
        "line 1, col 18: CONV3-4: a convolution needs an image (C x H x W or C x T x H x W) but gets a sequence 5 x 3 (T x D)");
  CHECK(must_fail("INPUT 10, FLATTEN, POOL2").message ==
        "line 1, col 20: POOL2: a pool needs an image (C x H x W or C x T x H x W) but gets 10 features (after "
        "FLATTEN); convolutions and pools must come before FC / FLATTEN");
  CHECK(must_fail("INPUT SEQ 5 x 3, BN, FC-2").message ==
        "line 1, col 18: BN: batch norm on a sequence 5 x 3 (T x D) is not supported; use it on features (D) or images");
  CHECK(must_fail("INPUT 3 x 8 x 8, CONV3-4, SOFTMAX").message ==
        "line 1, col 27: SOFTMAX: the loss needs a vector of class scores but the network ends with 4 x 6 x 6; end "
        "with FC-<classes>");
  // An unfinished network is a valid spec (the inspector shows it); that it cannot be trained yet is a note
  // on its summary (test_summary.cpp), not a parse error.
  CHECK(must_parse("INPUT 3 x 8 x 8, CONV3-4").rows.size() == 2);
  CHECK(must_parse("INPUT 3 x 8 x 8, CONV3-4, MSE").rows.size() == 3);  // MSE takes any shape
  CHECK(must_parse("INPUT 3 x 32 x 32").rows.size() == 1);  // INPUT alone is not checked against the loss yet
}

TEST_CASE("spec: error context underlines the token") {
  std::string text = "INPUT 3 x 32 x 32\n  CONV5-16-pX, FC-10";
  SpecError e = must_fail(text);
  CHECK(spec_error_context(text, e) == "  CONV5-16-pX, FC-10\n            ^");
  CHECK_THROWS_AS(parse_spec_or_throw(text), SpecException);
  CHECK_THROWS_WITH(parse_spec_or_throw(text), e.message.c_str());
}

TEST_CASE("spec: PyTorch export text") {
  std::string py = export_pytorch(must_parse("INPUT 3 x 8 x 16 x 16, CONV3-4-p1, BN, POOL(1x2x2), FC-10, SVM-2"));
  CHECK(py.find(R"(("conv_r1", nn.Conv3d(3, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1), padding=(1, 1, 1))),)") !=
        std::string::npos);
  CHECK(py.find(R"(("batchnorm_r2", nn.BatchNorm3d(4, eps=1e-05, momentum=0.1)),)") != std::string::npos);
  CHECK(py.find("nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2), padding=(0, 0, 0))") != std::string::npos);
  CHECK(py.find(R"(("flatten_r4", nn.Flatten()),)") != std::string::npos);
  CHECK(py.find("nn.Linear(2048, 10)") != std::string::npos);
  CHECK(py.find("module_rows = [1, 1, 2, 3, 4, 4]") != std::string::npos);
  CHECK(py.find("input_shape = (3, 8, 16, 16)") != std::string::npos);
  CHECK(py.find("loss_fn = nn.MultiMarginLoss(margin=2.0)") != std::string::npos);
  CHECK(py.find("# note:") == std::string::npos);
  // An unfinished network exports (to look at in PyTorch) with the inspector's note in its header.
  std::string prefix = export_pytorch(must_parse("INPUT 3 x 16 x 16, CONV3-4-p1"));
  CHECK(prefix.find("nn.Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))") != std::string::npos);
  CHECK(prefix.find("# note: cannot be trained yet: the network ends with 4 x 16 x 16") != std::string::npos);
  std::string rnn = export_pytorch(must_parse("INPUT SEQ 7 x 2, LSTM-5-seq, FC-1, MSE"));
  CHECK(rnn.find("Recurrent(nn.LSTM(2, 5, batch_first=True), return_sequences=True)") != std::string::npos);
  CHECK(rnn.find("nn.Linear(35, 1)") != std::string::npos);
}
