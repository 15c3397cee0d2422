// suggest_data_for_spec: the spec's INPUT (and its output) picks the data set, and every suggestion builds
// and fits the spec (the Trainer accepts them). The exam's 3D network gets the clip set at its own size.
#include <doctest/doctest.h>

#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "engine/train/data_for_spec.h"
#include "engine/train/trainer.h"

using namespace gl;

namespace {

DataSuggestion suggest(const std::string& spec, const DataDesc& current = DataDesc{}) {
  return suggest_data_for_spec(parse_spec_or_throw(spec), current);
}

// The suggestion builds and a trainer accepts it with the spec (unless the spec is unfinished).
void check_fits(const std::string& spec, const DataDesc& d) {
  INFO("spec: " << spec);
  auto data = std::make_shared<Dataset>(make_dataset(d));
  CHECK(data->sample_shape() == parse_spec_or_throw(spec).input);
  CHECK_NOTHROW(Trainer(parse_spec_or_throw(spec), data, TrainDesc{}));
}

}  // namespace

TEST_CASE("data for spec: INPUT SEQ 50 x 2 picks the adding problem with T = 50") {
  DataSuggestion s = suggest("INPUT SEQ 50 x 2, LSTM-32, FC-1, MSE");
  REQUIRE(s.desc);
  CHECK(s.desc->kind == DataKind::Adding);
  CHECK(s.desc->seq_len == 50);
  CHECK(s.message == "INPUT SEQ 50 x 2 fits the adding problem with T = 50 steps (value, marker) -> the sum of the "
                     "two marked values");
  check_fits("INPUT SEQ 50 x 2, LSTM-32, FC-1, MSE", *s.desc);

  DataSuggestion sine = suggest("INPUT SEQ 30 x 1, GRU-8, FC-3, MSE");
  REQUIRE(sine.desc);
  CHECK(sine.desc->kind == DataKind::Sine);
  CHECK(sine.desc->predict_steps == 3);
  check_fits("INPUT SEQ 30 x 1, GRU-8, FC-3, MSE", *sine.desc);

  DataSuggestion copy = suggest("INPUT SEQ 12 x 5, LSTM-16, FC-4");
  REQUIRE(copy.desc);
  CHECK(copy.desc->kind == DataKind::Copy);
  CHECK(copy.desc->num_classes == 4);
  CHECK(copy.desc->lag == 10);
  check_fits("INPUT SEQ 12 x 5, LSTM-16, FC-4", *copy.desc);

  CHECK_FALSE(suggest("INPUT SEQ 12 x 5, LSTM-16, FC-1, MSE").desc);
}

TEST_CASE("data for spec: a C x T x H x W input picks the clip set at that size") {
  DataSuggestion s = suggest("INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, POOL2, CONV3-32-p1-s1, POOL2, FC-256, FC-10");
  REQUIRE(s.desc);
  CHECK(s.desc->kind == DataKind::VideoMotion);
  CHECK(s.desc->channels == 3);
  CHECK(s.desc->frames == 8);
  CHECK(s.desc->height == 64);
  CHECK(s.desc->width == 64);
  CHECK(s.desc->num_classes == 10);
  CHECK(s.desc->num_samples == 170);  // 64 MiB / 384 KiB per clip, a multiple of 10
  CHECK(s.message == "INPUT 3 x 8 x 64 x 64 is a clip: moving squares at 3 x 8 x 64 x 64, 10 motions, 170 clips "
                     "(63.8 MiB)");
  // An unfinished network (the inspector's prefix) still gets the clip set, with the current class count.
  DataSuggestion prefix = suggest("INPUT 2 x 4 x 16 x 16, CONV3-4");
  REQUIRE(prefix.desc);
  CHECK(prefix.desc->channels == 2);
  CHECK(prefix.desc->num_classes == 4);
  check_fits("INPUT 2 x 4 x 16 x 16, CONV3-4-p1, POOL2, FC-4", *prefix.desc);

  CHECK_FALSE(suggest("INPUT 3 x 8 x 64 x 64, CONV3-4, FC-40").desc);  // more classes than motions
  CHECK(suggest("INPUT 3 x 8 x 64 x 64, CONV3-4, FC-40").message ==
        "the network ends with 40 class scores but the clip set has 2..16 motions; end with FC-8 (directions) or up "
        "to FC-16");
  CHECK_FALSE(suggest("INPUT 8 x 8 x 16 x 16, FC-4").desc);  // too many channels
}

TEST_CASE("data for spec: images and 2D points") {
  DataSuggestion digits = suggest("INPUT 1 x 8 x 8, CONV3-8, FC-10");
  REQUIRE(digits.desc);
  CHECK(digits.desc->kind == DataKind::Digits);
  CHECK(suggest("INPUT 1 x 28 x 28, FC-10").desc->kind == DataKind::FashionMnist);
  DataSuggestion none = suggest("INPUT 3 x 64 x 64, CONV3-16-p1-s1");
  CHECK_FALSE(none.desc);
  CHECK(none.message.find("no image set is 3 x 64 x 64") == 0);

  DataDesc moons;
  moons.kind = DataKind::Moons;
  DataSuggestion keep = suggest("INPUT 2, FC-8, FC-2", moons);
  REQUIRE(keep.desc);
  CHECK(keep.desc->kind == DataKind::Moons);  // the current 2D set still fits
  DataSuggestion three = suggest("INPUT 2, FC-8, FC-3", moons);
  REQUIRE(three.desc);
  CHECK(three.desc->kind == DataKind::Spirals);
  CHECK(three.desc->num_classes == 3);
  check_fits("INPUT 2, FC-8, FC-3", *three.desc);
  moons.num_classes = 3;  // a leftover class count: moons still have 2 classes, so 3 classes means spirals
  CHECK(suggest("INPUT 2, FC-8, FC-3", moons).desc->kind == DataKind::Spirals);
  DataDesc blobs;
  blobs.kind = DataKind::Blobs;
  DataSuggestion five = suggest("INPUT 2, FC-5", blobs);
  REQUIRE(five.desc);
  CHECK(five.desc->kind == DataKind::Blobs);
  check_fits("INPUT 2, FC-5", *five.desc);
}

TEST_CASE("data for spec: the exam's 3D network fits the page's budget at batch 32 and trains on its clips") {
  const std::string exam = "INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, POOL2, CONV3-32-p1-s1, POOL2, FC-256, FC-10";
  ModelSpec spec = parse_spec_or_throw(exam);
  SummaryResult at32 = summarize_spec(spec, 32, true);
  CHECK_MESSAGE(at32.ok(), (at32.error ? at32.error->message : ""));
  CHECK(at32.summary.train_bytes_formula ==
        "4 B x (4 x 4217002 params + 0 BN stats + 2 x 32 x 1491466 activations) = 428.5 MiB");
  // With BN after the first conv (the Batch norm tab's variant) it still fits.
  CHECK(summarize_spec(parse_spec_or_throw("INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, BN, POOL2, CONV3-32-p1-s1, POOL2, "
                                           "FC-256, FC-10"), 32, true).ok());
  CHECK(largest_batch_within_budget(spec) == 32);
  // INPUT 3 x 224 x 224 with two 64-channel convs: 3.4 GiB at batch 32; the largest batch that fits 640 MiB.
  ModelSpec big = parse_spec_or_throw("INPUT 3 x 224 x 224, CONV3-64-p1, CONV3-64-p1, POOL2, FC-10");
  const int b = largest_batch_within_budget(big);
  CHECK(b == 4);  // 544.2 MiB; 5 would need 649.5 MiB
  CHECK(summarize_spec(big, b, true).ok());
  CHECK_FALSE(summarize_spec(big, b + 1, true).ok());
  // Evaluation batches are bounded too: 256 clips would hold 1.4 GiB of activations; the training batch's 32
  // is used instead. A small MLP keeps 256.
  Model m(spec);
  CHECK(eval_batch_size(m, 32) == 32);
  CHECK(eval_batch_size(m, 8) == 11);  // 64 MiB / (1491466 floats x 4 B)
  CHECK(eval_batch_size(Model(parse_spec_or_throw("INPUT 2, FC-16, FC-2")), 32) == 256);
}
