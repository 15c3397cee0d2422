// summarize_parallel (summary_parallel.h): each layer row becomes a two-row spec "INPUT, row", finished and
// summarized like any spec, so the counts are the chained inspector's own arithmetic. Formatting at the end.
#include "engine/model/summary_parallel.h"

#include "engine/spec/spec_internal.h"

namespace gl {

ParallelSummary summarize_parallel(const SpecRow& input_row, const std::vector<SpecRow>& layers) {
  NN_CHECK(input_row.kind == RowKind::Input, "summarize_parallel: the first row must be INPUT, not '", input_row.text, "'");
  ParallelSummary out;
  out.input_shape = input_row.input;
  {
    ModelSpec alone;
    alone.rows = {input_row};
    NN_CHECK(!detail::finish_spec(alone), "summarize_parallel: INPUT row does not finish");
    out.input = summarize_spec(alone, 1, false).summary.rows.at(0);
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    const SpecRow& layer = layers[i];
    if (layer.kind == RowKind::Loss) continue;
    ParallelRow pr;
    pr.row = static_cast<int>(i) + 1;
    pr.spec = print_row(layer);
    ModelSpec two;
    two.rows = {input_row, layer};
    pr.error = detail::finish_spec(two);
    if (!pr.error) {
      SummaryResult sum = summarize_spec(two, 1, false);
      if (sum.error) pr.error = sum.error;
      else pr.summary = sum.summary.rows.at(1);
    }
    out.rows.push_back(std::move(pr));
  }
  return out;
}

ParallelResult summarize_parallel(const std::string& text) {
  ParallelResult res;
  std::vector<SpecRow> rows;
  res.error = parse_spec_rows(text, rows);
  if (res.error) return res;
  const SpecRow& first = rows.front();
  if (first.kind != RowKind::Input) {
    res.error = SpecError{first.line, first.col, std::max(1, static_cast<int>(first.text.size())),
                          str_cat("line ", first.line, ", col ", first.col, ": missing INPUT: the spec must start with "
                                  "INPUT (e.g. INPUT 3 x 32 x 32), not '", first.text, "'")};
    return res;
  }
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].kind != RowKind::Input) continue;
    res.error = SpecError{rows[i].line, rows[i].col, std::max(1, static_cast<int>(rows[i].text.size())),
                          str_cat("line ", rows[i].line, ", col ", rows[i].col, ": INPUT may appear only once")};
    return res;
  }
  res.summary = summarize_parallel(first, std::vector<SpecRow>(rows.begin() + 1, rows.end()));
  return res;
}

std::string parallel_to_text(const ParallelSummary& s) {
  std::vector<std::vector<std::string>> cells = {summary_header_cells()};
  cells.push_back(summary_row_cells(s.input));
  std::string errors;
  for (const ParallelRow& r : s.rows) {
    if (r.error) {
      cells.push_back({r.spec, "(error, below)"});
      errors += "  - " + r.error->message + "\n";
    } else {
      cells.push_back(summary_row_cells(r.summary));
    }
  }
  std::string out = str_cat("each layer applied alone to INPUT ", s.input_shape.str(), " (not chained):\n\n");
  out += align_table(cells);
  if (!errors.empty()) out += "\nlayers that cannot take this input:\n" + errors;
  return out;
}

Json parallel_to_json(const ParallelSummary& s) {
  Json layers = Json::array();
  for (const ParallelRow& r : s.rows) {
    Json o = Json::object();
    o.set("row", r.row);
    o.set("spec", r.spec);
    if (r.error) {
      o.set("error", r.error->message);
    } else {
      const RowSummary& x = r.summary;
      o.set("kind", row_kind_name(x.kind));
      o.set("output_shape", Json::array_of(x.output_shape.dims));
      o.set("weights", x.weights);
      o.set("biases", x.biases);
      o.set("bn_params", x.bn_params);
      o.set("params", x.params());
      o.set("mults", x.mults);
      o.set("mults_expr", x.mults_expr);
      o.set("activation_bytes", x.activation_bytes);
      o.set("receptive_field", Json::array_of(x.receptive_field));
    }
    layers.push(std::move(o));
  }
  Json j = Json::object();
  j.set("parallel", true);
  j.set("input_shape", Json::array_of(s.input_shape.dims));
  j.set("layers", std::move(layers));
  return j;
}

}  // namespace gl
