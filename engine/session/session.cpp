// Session: spec validation and summary; a valid spec rebuilds the training lab.
#include "engine/session/session.h"

namespace gl {

Session::Session(const SessionDesc& desc) : summary_batch_(desc.summary_batch) {
  auto err = set_spec(desc.spec_text);
  NN_CHECK(!err, "session: the default spec is invalid: ", err ? err->message : "");
}

std::optional<SpecError> Session::set_spec(const std::string& text) {
  spec_text_ = text;
  SpecResult parsed = parse_spec(text);
  if (!parsed.ok()) {
    spec_error_ = parsed.error;
    return spec_error_;
  }
  SummaryResult sum = summarize_spec(parsed.spec, summary_batch_, true);
  if (!sum.ok()) {
    spec_error_ = sum.error;
    return spec_error_;
  }
  spec_error_.reset();
  spec_ = std::move(parsed.spec);
  summary_ = std::move(sum.summary);
  valid_text_ = text;
  train_.set_spec(spec_);
  return std::nullopt;
}

void Session::set_summary_batch(int batch) {
  summary_batch_ = batch < 1 ? 1 : batch;
  SummaryResult sum = summarize_spec(spec_, summary_batch_, false);
  if (sum.ok()) summary_ = std::move(sum.summary);
}

}  // namespace gl
