// The inspector against the course's worked examples computed by hand: output shapes, weights / biases /
// BN counts, multiplications with their factored products, receptive fields, PyTorch's recurrent counts,
// the training-memory formula and the budget error.
#include <doctest/doctest.h>

#include "engine/model/summary.h"
#include "engine/model/summary_parallel.h"
#include "engine/spec/spec.h"

using namespace gl;

namespace {

ModelSummary summary_of(const std::string& text, int batch = kDefaultSummaryBatch) {
  SpecResult r = parse_spec(text);
  INFO("spec: " << text);
  REQUIRE_MESSAGE(r.ok(), (r.error ? r.error->message : std::string()));
  SummaryResult s = summarize_spec(r.spec, batch, false);
  REQUIRE(s.ok());
  REQUIRE(s.summary.rows.size() == r.spec.rows.size());
  return s.summary;
}

}  // namespace

TEST_CASE("summary: CS231n conv example, 3 x 32 x 32 -> CONV5-10-p2-s1 -> POOL2") {
  ModelSummary s = summary_of("INPUT 3 x 32 x 32, CONV5-10-p2-s1, POOL2, FC-10");
  const RowSummary& in = s.rows[0];
  CHECK(in.output_shape == Shape{3, 32, 32});
  CHECK(in.activation_bytes == 3 * 32 * 32 * 4);
  CHECK(in.receptive_field == std::vector<int>{1, 1});
  const RowSummary& c = s.rows[1];
  CHECK(c.output_shape == Shape{10, 32, 32});
  CHECK(c.weights == 750);
  CHECK(c.weights_expr == "5 x 5 x 3 x 10");
  CHECK(c.biases == 10);
  CHECK(c.biases_expr == "10");
  CHECK(c.params() == 760);
  CHECK(c.mults == 5 * 5 * 32 * 32 * 3 * 10);
  CHECK(c.mults_expr == "5 x 5 x 32 x 32 x 3 x 10");
  CHECK(c.activation_bytes == 10 * 32 * 32 * 4);
  CHECK(c.receptive_field == std::vector<int>{5, 5});
  const RowSummary& p = s.rows[2];
  CHECK(p.output_shape == Shape{10, 16, 16});
  CHECK(p.params() == 0);
  CHECK(p.mults == 0);  // pooling: 0 multiplications by convention
  CHECK(p.receptive_field == std::vector<int>{6, 6});
  const RowSummary& f = s.rows[3];
  CHECK(f.weights == 2560 * 10);
  CHECK(f.weights_expr == "2560 x 10");
  CHECK(f.mults_expr == "2560 x 10");
  CHECK(f.receptive_field == std::vector<int>{32, 32});  // FC sees the whole input
  CHECK(s.total_params == 760 + 25610);
  CHECK(s.total_mults == 768000 + 25600);
}

TEST_CASE("summary: AlexNet's first layers") {
  ModelSummary s = summary_of("INPUT 3 x 227 x 227, CONV11-96-s4, POOL3-s2, FC-10");
  CHECK(s.rows[1].output_shape == Shape{96, 55, 55});
  CHECK(s.rows[1].weights == 34848);  // 11 x 11 x 3 x 96
  CHECK(s.rows[1].params() == 34944);
  CHECK(s.rows[1].mults == int64_t{105415200});
  CHECK(s.rows[1].mults_expr == "11 x 11 x 55 x 55 x 3 x 96");
  CHECK(s.rows[2].output_shape == Shape{96, 27, 27});
  // r = 11, jump 4; pool 3 stride 2: r = 11 + 2 * 4 = 19.
  CHECK(s.rows[2].receptive_field == std::vector<int>{19, 19});
}

TEST_CASE("summary: the 3D example, 3 x 8 x 64 x 64 -> CONV5-16-p2-s1") {
  ModelSummary s = summary_of("INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, BN, POOL(1x2x2), CONV(3x1x1)-4-p(1,0,0), FC-4096, FC-256, FC-2");
  const RowSummary& c = s.rows[1];
  CHECK(c.output_shape == Shape{16, 8, 64, 64});
  CHECK(c.weights == 6000);
  CHECK(c.weights_expr == "5 x 5 x 5 x 3 x 16");
  CHECK(c.biases_expr == "16");
  CHECK(c.mults == int64_t{5} * 5 * 5 * 8 * 64 * 64 * 3 * 16);
  CHECK(c.mults_expr == "5 x 5 x 5 x 8 x 64 x 64 x 3 x 16");
  CHECK(c.receptive_field == std::vector<int>{5, 5, 5});
  const RowSummary& bn = s.rows[2];
  CHECK(bn.bn_params == 32);
  CHECK(bn.bn_running == 32);
  CHECK(bn.bn_expr == "2 x 16");
  CHECK(bn.params() == 32);
  CHECK(bn.mults == 0);
  CHECK(s.rows[3].output_shape == Shape{16, 8, 32, 32});
  CHECK(s.rows[3].receptive_field == std::vector<int>{5, 6, 6});
  const RowSummary& t = s.rows[4];  // temporal-only kernel: grows T, not H / W
  CHECK(t.output_shape == Shape{4, 8, 32, 32});
  CHECK(t.weights_expr == "3 x 1 x 1 x 16 x 4");
  CHECK(t.receptive_field == std::vector<int>{7, 6, 6});
  CHECK(s.rows[5].weights_expr == "32768 x 4096");
  CHECK(s.rows[6].weights_expr == "4096 x 256");
  CHECK(s.rows[6].receptive_field == std::vector<int>{8, 64, 64});
  CHECK(s.total_bn_params == 32);
  CHECK(s.total_bn_running == 32);
  CHECK(s.total_params == 6016 + 32 + (192 + 4) + (32768 * 4096 + 4096) + (4096 * 256 + 256) + (256 * 2 + 2));
}

TEST_CASE("summary: receptive fields of stacked 3x3 convs, with and without pooling") {
  ModelSummary a = summary_of("INPUT 1 x 32 x 32, CONV3-4-p1, CONV3-4-p1, CONV3-4-p1, FC-2");
  CHECK(a.rows[1].receptive_field == std::vector<int>{3, 3});
  CHECK(a.rows[2].receptive_field == std::vector<int>{5, 5});
  CHECK(a.rows[3].receptive_field == std::vector<int>{7, 7});
  // POOL2 in between: 3, then 3 + (2-1) x 1 = 4 with jump 2, then 4 + (3-1) x 2 = 8.
  ModelSummary b = summary_of("INPUT 1 x 32 x 32, CONV3-4-p1, POOL2, CONV3-4-p1, FC-2");
  CHECK(b.rows[1].receptive_field == std::vector<int>{3, 3});
  CHECK(b.rows[2].receptive_field == std::vector<int>{4, 4});
  CHECK(b.rows[3].receptive_field == std::vector<int>{8, 8});
  // Stride 2 conv then 3x3: 3, then 3 + 2 x 2 = 7.
  ModelSummary c = summary_of("INPUT 1 x 32 x 32, CONV3-4-p1-s2, CONV3-4-p1, FC-2");
  CHECK(c.rows[2].receptive_field == std::vector<int>{7, 7});
}

TEST_CASE("summary: recurrent counts follow PyTorch (4 / 3 / 1 gates, both biases)") {
  const int T = 20, D = 4, H = 64;
  ModelSummary s = summary_of("INPUT SEQ 20 x 4, LSTM-64-seq, GRU-64-seq, RNN-64, FC-3");
  const RowSummary& l = s.rows[1];
  CHECK(l.params() == 4 * (D * H + H * H + 2 * H));
  CHECK(l.weights == 4 * H * (D + H));
  CHECK(l.weights_expr == "4 x 64 x (4 + 64)");
  CHECK(l.biases_expr == "2 x 4 x 64");
  CHECK(l.mults == int64_t{T} * 4 * H * (D + H));
  CHECK(l.mults_expr == "20 x 4 x 64 x (4 + 64)");
  CHECK(l.output_shape == Shape{T, H});
  CHECK(l.receptive_field == std::vector<int>{T});
  const RowSummary& g = s.rows[2];
  CHECK(g.params() == 3 * (H * H + H * H + 2 * H));
  CHECK(g.output_shape == Shape{T, H});
  const RowSummary& r = s.rows[3];
  CHECK(r.params() == H * H + H * H + 2 * H);
  CHECK(r.weights_expr == "64 x (64 + 64)");
  CHECK(r.output_shape == Shape{H});
  CHECK(s.rows[4].weights_expr == "64 x 3");
}

TEST_CASE("summary: training memory formula and the page's budget") {
  // INPUT 2, FC-3: params 2 x 3 + 3 = 9; activations 2 (input) + 3 (the last FC has no ReLU) = 5.
  ModelSummary s = summary_of("INPUT 2, FC-3", 4);
  CHECK(s.activation_floats == 5);
  CHECK(s.train_bytes == 4 * (4 * 9 + 2 * 4 * 5));
  CHECK(s.train_bytes_formula == "4 B x (4 x 9 params + 0 BN stats + 2 x 4 x 5 activations) = 304 B");
  // A CONV row keeps two activations (conv and ReLU outputs); BN's running stats count once.
  ModelSummary t = summary_of("INPUT 1 x 4 x 4, CONV3-2-p1, BN, FC-2", 1);
  CHECK(t.activation_floats == 16 + 2 * 32 + 32 + 2);
  CHECK(t.train_bytes == 4 * (4 * (20 + 4 + 66) + 4 + 2 * 1 * 114));

  std::string big = "INPUT 3 x 224 x 224, CONV3-64-p1, CONV3-64-p1, POOL2, FC-10";
  SpecResult r = parse_spec(big);
  REQUIRE(r.ok());
  SummaryResult over = summarize_spec(r.spec, 32, true);
  REQUIRE_FALSE(over.ok());
  // params 1792 + 36928 + 8028170; activations 150528 + 2 x 3211264 x 2 + 802816 + 10.
  CHECK(over.summary.total_params == 8066890);
  CHECK(over.summary.activation_floats == 13798410);
  CHECK(over.summary.train_bytes == int64_t{4} * (4 * 8066890 + 2 * 32 * int64_t{13798410}));
  CHECK(over.error->line == 1);
  CHECK(over.error->message.rfind("line 1, col 1: this model needs 3.4 GiB to train at batch 32; the page's budget is "
                                  "640 MiB (", 0) == 0);
  CHECK(summarize_spec(r.spec, 1, true).ok());  // 1 sample fits
  CHECK(format_bytes(512 << 20) == "512 MiB");
  CHECK(format_bytes(1536) == "1.5 KiB");
  CHECK(format_bytes(100) == "100 B");
}

TEST_CASE("summary: JSON and text forms carry the counts and the conventions") {
  ModelSummary s = summary_of("INPUT 3 x 32 x 32, CONV5-10-p2-s1, POOL2, FC-10, SOFTMAX");
  Json j = summary_to_json(s);
  REQUIRE(j["layers"].size() == 5);
  const Json& c = j["layers"][1];
  CHECK(c["spec"].str() == "CONV5-10-p2-s1");
  CHECK(c["output_shape"].ints() == std::vector<int>{10, 32, 32});
  CHECK(c["weights"].num() == 750);
  CHECK(c["weights_expr"].str() == "5 x 5 x 3 x 10");
  CHECK(c["biases"].num() == 10);
  CHECK(c["mults_expr"].str() == "5 x 5 x 32 x 32 x 3 x 10");
  CHECK(c["receptive_field"].ints() == std::vector<int>{5, 5});
  CHECK(j["total_params"].num() == 760 + 25610);
  CHECK(j["conventions"].size() == summary_conventions().size());
  CHECK(j["layers"][4]["output_shape"].size() == 0);  // the loss row: a scalar
  std::string text = summary_to_text(s);
  CHECK(text.find("5 x 5 x 3 x 10 = 750") != std::string::npos);
  CHECK(text.find("FLOPs") != std::string::npos);
  CHECK(text.find(summary_conventions()[0]) != std::string::npos);
}

TEST_CASE("summary: any valid prefix is summarized; untrainable is a note, not an error") {
  // The exam's question "what does this one conv layer do to a 3 x 64 x 64 input?" without an FC or MSE.
  ModelSummary s = summary_of("INPUT 3 x 64 x 64, CONV3-16-p1-s1");
  CHECK(s.rows[1].output_shape == Shape{16, 64, 64});
  CHECK(s.rows[1].weights == 3 * 3 * 3 * 16);
  CHECK(s.rows[1].mults == int64_t{3} * 3 * 64 * 64 * 3 * 16);
  CHECK(s.rows[1].receptive_field == std::vector<int>{3, 3});
  CHECK(s.total_params == 3 * 3 * 3 * 16 + 16);
  CHECK_FALSE(s.trainable);
  CHECK(s.untrainable_row == 1);
  CHECK(s.untrainable_reason ==
        "cannot be trained yet: the network ends with 16 x 64 x 64 but the default loss SOFTMAX needs a vector of "
        "class scores; end with FC-<classes> (or write MSE)");
  // The note is printed under the table and carried in the JSON form.
  CHECK(summary_to_text(s).find("note: cannot be trained yet: the network ends with 16 x 64 x 64") != std::string::npos);
  Json j = summary_to_json(s);
  CHECK(j.dump().find("\"trainable\":false") != std::string::npos);
  CHECK(j.dump().find("\"untrainable_reason\":\"cannot be trained yet") != std::string::npos);

  ModelSummary alone = summary_of("INPUT 3 x 16 x 16");
  CHECK_FALSE(alone.trainable);
  CHECK(alone.untrainable_reason == "cannot be trained yet: the network has no layers yet; add layers after INPUT, "
                                    "ending with FC-<classes>");

  ModelSummary done = summary_of("INPUT 3 x 64 x 64, CONV3-16-p1-s1, FC-10");
  CHECK(done.trainable);
  CHECK(done.untrainable_reason.empty());
  CHECK(done.untrainable_row == -1);
  CHECK(summary_to_json(done).dump().find("\"trainable\":true") != std::string::npos);
  CHECK(summary_of("INPUT 3 x 8 x 8, CONV3-4, MSE").trainable);  // MSE takes any shape

  // Genuinely invalid specs stay errors.
  CHECK_FALSE(parse_spec("INPUT 3 x 8 x 8, CONV3-4, SOFTMAX").ok());
  CHECK_FALSE(parse_spec("INPUT 3 x 8 x 8, CONV9-4").ok());
}

TEST_CASE("summary: parallel mode applies each layer alone to the same input") {
  // Chained, CONV5-8-p2-s2 then CONV9-4 would fail on the 8 x 8 map; alone on 3 x 16 x 16 each is fine,
  // and a layer that cannot take the input gets its own error without hiding the others.
  ParallelResult r = summarize_parallel("INPUT 3 x 16 x 16, CONV5-8-p2-s2, CONV9-4, POOL2, CONV3-4-p1-s1, FC-10, LSTM-4, SOFTMAX");
  REQUIRE(r.ok());
  const ParallelSummary& p = r.summary;
  CHECK(p.input_shape == Shape{3, 16, 16});
  CHECK(p.input.output_shape == Shape{3, 16, 16});
  REQUIRE(p.rows.size() == 6);  // the loss row is not a layer
  CHECK(p.rows[0].summary.output_shape == Shape{8, 8, 8});
  CHECK(p.rows[0].summary.weights == 5 * 5 * 3 * 8);
  CHECK(p.rows[0].summary.receptive_field == std::vector<int>{5, 5});
  CHECK(p.rows[1].summary.output_shape == Shape{4, 8, 8});
  CHECK(p.rows[1].summary.mults == int64_t{9} * 9 * 8 * 8 * 3 * 4);
  CHECK(p.rows[2].summary.output_shape == Shape{3, 8, 8});
  CHECK(p.rows[3].summary.output_shape == Shape{4, 16, 16});
  CHECK(p.rows[3].summary.receptive_field == std::vector<int>{3, 3});
  CHECK(p.rows[4].summary.weights == 3 * 16 * 16 * 10);
  REQUIRE(p.rows[5].error);
  CHECK(p.rows[5].row == 6);
  CHECK(p.rows[5].error->message.find("LSTM-4: a recurrent layer needs a sequence") != std::string::npos);
  CHECK(p.rows[5].error->col == 73);  // located where it was written
  std::string text = parallel_to_text(p);
  CHECK(text.find("each layer applied alone to INPUT 3 x 16 x 16") != std::string::npos);
  CHECK(text.find("CONV9-4-p0-s1") != std::string::npos);
  CHECK(text.find("layers that cannot take this input") != std::string::npos);
  std::string js = parallel_to_json(p).dump();
  CHECK(js.find("\"parallel\":true") != std::string::npos);
  CHECK(js.find("\"output_shape\":[4,8,8]") != std::string::npos);

  CHECK_FALSE(summarize_parallel("CONV3-4, INPUT 3 x 8 x 8").ok());
  CHECK_FALSE(summarize_parallel("INPUT 3 x 8 x 8, CONV3-4-pX").ok());
}

TEST_CASE("summary: receptive fields are clipped to the input on every row (one convention)") {
  // Unclipped, the third CONV5 would see 1 + 3 x 4 = 13 frames of an 8-frame clip; rows show at most 8,
  // like the FC row that sees the whole input. H and W (64) are not reached and stay exact.
  ModelSummary s = summary_of("INPUT 3 x 8 x 64 x 64, CONV5-4-p2, CONV5-4-p2, CONV5-4-p2, FC-2");
  CHECK(s.rows[0].receptive_field == std::vector<int>{1, 1, 1});
  CHECK(s.rows[1].receptive_field == std::vector<int>{5, 5, 5});
  CHECK(s.rows[2].receptive_field == std::vector<int>{8, 9, 9});
  CHECK(s.rows[3].receptive_field == std::vector<int>{8, 13, 13});
  CHECK(s.rows[4].receptive_field == std::vector<int>{8, 64, 64});
  // The printed INPUT row says "1 x 1 x 1"; feature inputs have no spatial axes.
  CHECK(summary_to_text(s).find("1 x 1 x 1") != std::string::npos);
  ModelSummary features = summary_of("INPUT 2, FC-2");
  CHECK(features.rows[0].receptive_field.empty());
  CHECK(summary_row_cells(features.rows[0]).back() == "-");
  CHECK(summary_row_cells(s.rows[0]).back() == "1 x 1 x 1");
  // A pool larger than what is left: 3 x 3 input, CONV3-p1 then CONV3-p1 would be 5 wide; shown as 3.
  CHECK(summary_of("INPUT 1 x 3 x 3, CONV3-2-p1, CONV3-2-p1, FC-2").rows[2].receptive_field == std::vector<int>{3, 3});
}
