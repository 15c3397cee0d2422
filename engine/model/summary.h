// The inspector: per spec row, the output shape, parameter counts, forward multiplications, activation
// memory and receptive field, each count also as the factored product the course writes ("5 x 5 x 3 x 10").
// Pure arithmetic on the spec (no layers are built), so it works before any layer exists. Not here: timing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/limits.h"
#include "engine/spec/spec.h"

namespace gl {

// kTrainBudgetBytes (engine/core/limits.h): memory the page lets a model use for training (train_bytes).
constexpr int kDefaultSummaryBatch = 32;

struct RowSummary {
  int row = 0;             // index into ModelSpec::rows (0 = INPUT)
  RowKind kind = RowKind::Input;
  std::string spec;        // canonical text of the row
  Shape output_shape;      // per sample; loss rows: empty (a scalar)
  int64_t weights = 0;     // weight matrices / kernels
  std::string weights_expr;  // "5 x 5 x 3 x 10"; "" when 0
  int64_t biases = 0;
  std::string biases_expr;   // "10"
  int64_t bn_params = 0;     // batch norm gamma + beta (learnable): 2C
  int64_t bn_running = 0;    // batch norm running mean + var (not learnable): 2C
  std::string bn_expr;       // "2 x 16"
  int64_t mults = 0;         // forward-pass multiplications per sample (see conventions)
  std::string mults_expr;    // "5 x 5 x 8 x 64 x 64 x 3 x 16"
  int64_t activation_bytes = 0;  // output floats x 4 per sample
  std::string activation_expr;   // "10 x 32 x 32 x 4 B"
  // Receptive field on the input per spatial axis ((T,) H, W for images, T for sequences; empty for
  // feature inputs): how many input positions one output position depends on, clipped to the input's size
  // (a 5x5x5 conv stack on an 8-frame clip shows at most 8 frames); INPUT rows 1 per axis.
  std::vector<int> receptive_field;
  int64_t params() const { return weights + biases + bn_params; }  // learnable
};

struct ModelSummary {
  Shape input_shape;
  std::vector<RowSummary> rows;  // one per spec row, same order (INPUT and the loss row included)
  int64_t total_weights = 0, total_biases = 0, total_bn_params = 0, total_bn_running = 0;
  int64_t total_params = 0;      // learnable: weights + biases + BN gamma/beta
  int64_t total_mults = 0;       // per sample
  int64_t activation_floats = 0; // per sample: the input plus every ENGINE layer's output (a CONV row's conv
                                 // and ReLU outputs are both kept for backward), the quantity trained on
  int batch = kDefaultSummaryBatch;
  // Bytes to train at `batch` with Adam, float32:
  //   4 x [ 4 x params (value, grad, Adam m, Adam v) + BN running stats + 2 x batch x activation_floats ]
  // (activations and their gradients). A lower bound: layer scratch (im2col columns, dropout masks,
  // recurrent gate caches) is not counted.
  int64_t train_bytes = 0;
  std::string train_bytes_formula;  // the formula above with this model's numbers
  // Any valid prefix of a network is summarized; whether it can be trained as it stands is a note, not an
  // error. untrainable_reason: "cannot be trained yet: ..." (what is missing and how to finish it);
  // untrainable_row: the spec row it points at (the last row), -1 when trainable.
  bool trainable = true;
  std::string untrainable_reason;
  int untrainable_row = -1;
};

// Computes the summary; the error (if any) is a shape error, a count that does not fit in int64 (counts
// saturate, they never wrap), or, when check_budget is set, the memory budget ("needs 1.3 GiB to train at
// batch 32; the page's budget is 640 MiB"), located at the INPUT row. A network that is valid but unfinished
// (ends with a map under the default SOFTMAX, or INPUT alone) is not an error: see ModelSummary::trainable.
struct SummaryResult {
  ModelSummary summary;
  std::optional<SpecError> error;
  bool ok() const { return !error.has_value(); }
};
SummaryResult summarize_spec(const ModelSpec& spec, int batch = kDefaultSummaryBatch, bool check_budget = true);
// The summary at batch 1 of a network that can be built and trained; otherwise throws SpecException located
// at the row: a shape error, or a valid but unfinished network (the inspector shows it, training cannot).
ModelSummary summarize_trainable(const ModelSpec& spec);
// The budget check alone, for another budget (gradlab-cli train --memory-budget-mib): an error at the INPUT
// row naming both sizes and who set the budget (owner: "the page's", "gradlab-cli's").
std::optional<SpecError> check_train_budget(const ModelSpec& spec, const ModelSummary& s, int64_t budget_bytes,
                                            const std::string& owner);
// The page's budget for what is really trained: one run per entry of batches (the training batch size,
// not the inspector's), their train_bytes summed without wrapping. A message when over, else nullopt.
std::optional<std::string> check_page_budget(const ModelSpec& spec, const std::vector<int>& batches);

// The counting conventions, one sentence per line, for the UI and CLI to print under the table.
const std::vector<std::string>& summary_conventions();

// "1.3 GiB", "512 MiB", "12.0 KiB", "100 B".
std::string format_bytes(int64_t bytes);

// The CLI's --json form: {"layers":[...],"total_params":n,"total_mults":n,...}.
Json summary_to_json(const ModelSummary& s);
// Aligned plain-text table plus totals and conventions.
std::string summary_to_text(const ModelSummary& s);
// Its pieces: the header, one row's cells ("750 = 5 x 5 x 3 x 10", ...), and a table whose first row is the
// header (columns padded to the widest cell, a rule under the header).
const std::vector<std::string>& summary_header_cells();
std::vector<std::string> summary_row_cells(const RowSummary& r);
std::string align_table(const std::vector<std::vector<std::string>>& cells);

}  // namespace gl
