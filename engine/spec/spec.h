// The course's model notation: parser, canonical printer and JSON form. A spec is INPUT, then one row per
// layer (newline- or comma-separated, case-insensitive, `#` comments), optionally ending in a loss row.
// Each row keeps where it was written and the engine LayerDescs it expands to. Not here: counting
// (engine/model/summary.h) or building layers (engine/model/model.h).
//
// Notation (N = units / channels, k = kernel, P = pad, S = stride; one value or a per-axis tuple):
//   INPUT 3 x 32 x 32          image, C x H x W          INPUT 3 x 8 x 64 x 64   video, C x T x H x W
//   INPUT 2                    features, D               INPUT SEQ 20 x 4        sequence, T x D (the SEQ
//                                                        keyword is required: "INPUT 20 x 4" is an error)
//   CONV5-16-p2-s1             conv k x k (k x k x k on C x T x H x W) + ReLU; -p/-s optional (p0, s1)
//   CONV(3x1x1)-16-p(1,0,0)-s(1,1,1)   per-axis form (one entry per spatial axis of the input)
//   POOL2, POOL(1x2x2)-s(1x2x2), AVGPOOL2   max / average pool; stride defaults to the kernel; -p optional
//   FC-256                     fully connected (flattens its input) + ReLU; the LAST FC row has no ReLU
//   BN, DROPOUT-0.5, FLATTEN
//   RELU TANH SIGMOID LINEAR ELU GELU LEAKYRELU-0.01 ELU-1 ACT(<formula in x>)
//       an activation row directly after CONV or FC REPLACES that row's implicit ReLU (CONV3-8, TANH is a
//       tanh conv); elsewhere it is a layer of its own
//   RNN-64 LSTM-64 GRU-64      over T x D; output the last step (H); with the -seq suffix (LSTM-64-seq)
//                              every step (T x H)
//   FRAMES                     a clip C x T x H x W as a sequence of T frames, T x (C*H*W): per-frame 2D convs
//                              (CONV(1x3x3), POOL(1x2x2)) then RNN / LSTM / GRU over the frames
//   SOFTMAX SVM SVM-<margin> MSE BCE     the loss; must be the last row; SOFTMAX when omitted
// Real numbers (dropout p, slope, alpha, margin) must be 0 or a normal float32, 1.2e-38 to 3.4e38 in size:
// LEAKYRELU-1e39 and ELU-1e-50 are errors at the number, never turned into inf or 0. Integers are at most
// 1000000 (kMaxSpecNumber); the whole text at most 64 KiB (kMaxSpecTextBytes, engine/core/limits.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/check.h"
#include "engine/core/json.h"
#include "engine/core/tensor.h"
#include "engine/layers/layer.h"
#include "engine/losses/loss.h"

namespace gl {

// Where and why a spec is wrong. line/col are 1-based (col counts bytes); length is how many characters to
// underline (>= 1). message is complete and self-locating: "line 2, col 11: expected a number after 'p' in
// 'CONV5-16-pX'".
struct SpecError {
  int line = 1, col = 1, length = 1;
  std::string message;
};

// Thrown by the *_or_throw helpers and by Model; an EngineError, so the CLI reports it and exits 2.
class SpecException : public EngineError {
 public:
  explicit SpecException(SpecError e) : EngineError(e.message), error_(std::move(e)) {}
  const SpecError& error() const { return error_; }

 private:
  SpecError error_;
};

enum class RowKind { Input, Conv, MaxPool, AvgPool, FC, BatchNorm, Dropout, Flatten, Activation, RNN, LSTM, GRU,
                     Frames, Loss, Count };
// "input", "conv", "maxpool", "avgpool", "fc", "batchnorm", "dropout", "flatten", "activation", "rnn",
// "lstm", "gru", "frames", "loss" (the JSON form's "layer" field).
const char* row_kind_name(RowKind k);

struct SpecRow {
  RowKind kind = RowKind::Input;
  std::string text;    // as written (trimmed); the canonical print for specs built from JSON
  int line = 0, col = 0;  // 1-based position of the row's first character
  // The row's own parameters. Conv/pools: kernel/stride/pad (one value, or one per spatial axis, kept as
  // written: CONV(3x3x3) is not CONV3, it insists on a 3D input). FC/Conv/RNN: units. Activation: act and
  // act_param (LeakyReLU) / elu_alpha (ELU) / formula. Dropout: dropout_p. RNN/LSTM/GRU: return_sequences.
  // Unused for Input and Loss.
  LayerDesc desc;
  Shape input;         // Input rows only: per-sample shape (rank 2 = sequence T x D)
  LossDesc loss;       // Loss rows only
  // Engine layers this row expands to, in order (CONV -> Conv + ReLU Activation; INPUT and loss -> none).
  std::vector<LayerDesc> layers;
};

struct ModelSpec {
  Shape input;               // per sample: D, T x D (sequence), C x H x W or C x T x H x W
  std::vector<SpecRow> rows; // rows[0] is INPUT; the loss row, if written, is last
  LossDesc loss;             // from the loss row; SoftmaxCE when there is none
  bool has_loss_row = false;
};

// Structural equality: input, loss and every row's kind, parameters and expansion (not text or positions).
bool operator==(const SpecRow& a, const SpecRow& b);
bool operator==(const ModelSpec& a, const ModelSpec& b);

struct SpecResult {
  ModelSpec spec;
  std::optional<SpecError> error;
  bool ok() const { return !error.has_value(); }
};

// Parses and validates (syntax, layer/input compatibility, every output shape positive). Never throws.
// The memory budget depends on the batch size and is checked by summarize_spec (engine/model/summary.h).
SpecResult parse_spec(const std::string& text);
ModelSpec parse_spec_or_throw(const std::string& text);  // throws SpecException
// Syntax only: each row parsed on its own (kind, parameters, position), no structure or shape checks and
// no expansion into LayerDescs. For views that use rows apart from each other (summarize_parallel).
std::optional<SpecError> parse_spec_rows(const std::string& text, std::vector<SpecRow>& rows);
// The error's source line followed by a line underlining it ("    ^~~~"), for terminals and logs.
std::string spec_error_context(const std::string& text, const SpecError& e);

// Canonical text: upper-case keywords, "CONV5-16-p2-s1", one row per line (or joined with sep).
std::string print_row(const SpecRow& row);
std::string print_spec(const ModelSpec& spec, const std::string& sep = "\n");

// JSON form: {"input":[3,32,32],"sequence":false,"rows":[{"layer":"conv","units":16,"kernel":[5],
// "stride":[1],"pad":[2]}, ...,{"layer":"loss","loss":"softmax"}]}. Round-trips with the text form.
Json spec_to_json(const ModelSpec& spec);
SpecResult spec_from_json(const Json& j);  // validated like parse_spec; errors point at the row (line = index+1)

// Spatial axis names for a per-sample shape: {"height","width"} for C x H x W, {"time","height","width"} for
// C x T x H x W, {"time"} for T x D, {} for features.
std::vector<std::string> spatial_axis_names(const Shape& s);

}  // namespace gl
