// The inspector's two printed forms: the CLI's --json object and an aligned plain-text table with the
// totals and the counting conventions. Formatting only; the numbers come from summarize_spec.
#include <algorithm>

#include "engine/model/summary.h"

namespace gl {

namespace {

// "750 = 5 x 5 x 3 x 10", or just "10" when the expression is the number itself, "" for 0.
std::string count_cell(int64_t n, const std::string& expr) {
  if (n == 0) return "";
  if (expr.empty() || expr == std::to_string(n)) return std::to_string(n);
  return expr + " = " + std::to_string(n);
}

std::string shape_cell(const RowSummary& r) {
  if (r.kind == RowKind::Loss) return "(loss)";
  return r.output_shape.str();
}

}  // namespace

Json summary_to_json(const ModelSummary& s) {
  Json layers = Json::array();
  for (const RowSummary& r : s.rows) {
    Json o = Json::object();
    o.set("spec", r.spec);
    o.set("kind", row_kind_name(r.kind));
    o.set("output_shape", Json::array_of(r.output_shape.dims));
    o.set("weights", r.weights);
    o.set("weights_expr", r.weights_expr);
    o.set("biases", r.biases);
    o.set("biases_expr", r.biases_expr);
    o.set("bn_params", r.bn_params);
    o.set("bn_running", r.bn_running);
    o.set("bn_expr", r.bn_expr);
    o.set("params", r.params());
    o.set("mults", r.mults);
    o.set("mults_expr", r.mults_expr);
    o.set("activation_bytes", r.activation_bytes);
    o.set("receptive_field", Json::array_of(r.receptive_field));
    layers.push(std::move(o));
  }
  Json j = Json::object();
  j.set("layers", std::move(layers));
  j.set("input_shape", Json::array_of(s.input_shape.dims));
  j.set("total_params", s.total_params);
  j.set("total_weights", s.total_weights);
  j.set("total_biases", s.total_biases);
  j.set("total_bn_params", s.total_bn_params);
  j.set("total_bn_running", s.total_bn_running);
  j.set("total_mults", s.total_mults);
  j.set("activation_floats", s.activation_floats);
  j.set("batch", s.batch);
  j.set("train_bytes", s.train_bytes);
  j.set("train_bytes_formula", s.train_bytes_formula);
  j.set("train_budget_bytes", kTrainBudgetBytes);
  j.set("trainable", s.trainable);
  if (!s.trainable) j.set("untrainable_reason", s.untrainable_reason);
  j.set("conventions", Json::array_of(summary_conventions()));
  return j;
}

const std::vector<std::string>& summary_header_cells() {
  static const std::vector<std::string> h = {"layer",           "output",      "weights",      "biases", "BN (learn / running)",
                                             "multiplications", "act. memory", "recept. field"};
  return h;
}

std::vector<std::string> summary_row_cells(const RowSummary& r) {
  return {r.spec, shape_cell(r), count_cell(r.weights, r.weights_expr), count_cell(r.biases, r.biases_expr),
          r.bn_params ? str_cat(r.bn_expr, " / ", r.bn_expr) : "", count_cell(r.mults, r.mults_expr),
          r.activation_bytes ? format_bytes(r.activation_bytes) : "",
          r.receptive_field.empty() ? "-" : join_x(r.receptive_field)};  // "-": feature input, no axes
}

std::string align_table(const std::vector<std::vector<std::string>>& cells) {
  std::vector<size_t> width(cells[0].size(), 0);
  for (const auto& row : cells)
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string line;
    for (size_t c = 0; c < cells[i].size(); ++c) line += cells[i][c] + std::string(width[c] - cells[i][c].size() + 2, ' ');
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (i == 0) {
      size_t total = 0;
      for (size_t w : width) total += w + 2;
      out += std::string(total - 2, '-') + "\n";
    }
  }
  return out;
}

std::string summary_to_text(const ModelSummary& s) {
  std::vector<std::vector<std::string>> cells = {summary_header_cells()};
  for (const RowSummary& r : s.rows) cells.push_back(summary_row_cells(r));
  std::string out = align_table(cells);
  if (!s.trainable) out += "\nnote: " + s.untrainable_reason + "\n";
  out += str_cat("\nparameters: ", s.total_params, " (weights ", s.total_weights, ", biases ", s.total_biases,
                 ", BN gamma/beta ", s.total_bn_params, "); BN running stats: ", s.total_bn_running, "\n");
  out += str_cat("multiplications per sample: ", s.total_mults, " (about ", 2 * s.total_mults, " FLOPs)\n");
  out += str_cat("memory to train at batch ", s.batch, ": ", s.train_bytes_formula, " (budget ",
                 format_bytes(kTrainBudgetBytes), ")\n\nconventions:\n");
  for (const auto& c : summary_conventions()) out += "  - " + c + "\n";
  return out;
}

}  // namespace gl
