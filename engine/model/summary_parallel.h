// The inspector's "parallel" view: every layer row of a spec applied ALONE to the spec's INPUT, so a student
// can compare what each layer does to the same input (shape, counts, receptive field) without chaining
// them. A layer that cannot take the input gets its own error; the others are still summarized.
// Not here: the chained table (summary.h); loss rows (skipped: they are not layers).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/model/summary.h"

namespace gl {

struct ParallelRow {
  int row = 0;                     // index of the row in the written spec (0 = INPUT)
  std::string spec;                // canonical text of the row
  std::optional<SpecError> error;  // this layer cannot take the input (located at the row as written)
  RowSummary summary;              // when no error: the row's output shape and counts on the input alone
};

struct ParallelSummary {
  Shape input_shape;
  RowSummary input;               // the INPUT row
  std::vector<ParallelRow> rows;  // one per layer row, in the written order
};

struct ParallelResult {
  ParallelSummary summary;
  std::optional<SpecError> error;  // syntax error, or no INPUT first
  bool ok() const { return !error.has_value(); }
};

// From spec text: rows are parsed one by one (parse_spec_rows), so rows that would not chain still compare.
ParallelResult summarize_parallel(const std::string& text);
// From parsed rows: input_row must be an INPUT row.
ParallelSummary summarize_parallel(const SpecRow& input_row, const std::vector<SpecRow>& layers);

// Plain-text table ("each row alone on INPUT ..."), errors listed under it; and the CLI's --json form
// {"input_shape":[...],"parallel":true,"layers":[{"spec":..,"output_shape":..,"params":..} or {"spec":..,"error":..}]}.
std::string parallel_to_text(const ParallelSummary& s);
Json parallel_to_json(const ParallelSummary& s);

}  // namespace gl
