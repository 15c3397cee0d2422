// The inspector's arithmetic: walks the spec rows with the per-sample shape and the receptive-field state,
// counting weights, biases, BN parameters and multiplications the way the course writes them. Also the
// shape validation behind parse_spec's errors. No layers are built here.
#include "engine/model/summary.h"

#include <algorithm>
#include <climits>
#include <cstdio>

#include "engine/core/checked.h"

namespace gl {

namespace {

int64_t product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t x : v) p = sat_mul(p, x);
  return p;
}
// The per-axis value of a LayerDesc vector holding one value or one per axis.
int axis_val(const std::vector<int>& v, int a) { return v.size() == 1 ? v[0] : v[static_cast<size_t>(a)]; }

SpecError at_row(const SpecRow& r, const std::string& why) {
  return SpecError{r.line, r.col, std::max(1, static_cast<int>(r.text.size())),
                   str_cat("line ", r.line, ", col ", r.col, ": ", r.text, ": ", why)};
}

struct Fail {
  SpecError err;
};

// What the layer before a conv / pool / recurrent row gave it, for messages.
std::string describe(const Shape& s, const SpecRow* flattener) {
  switch (s.rank()) {
    case 1:
      return flattener ? str_cat(s[0], " features (after ", flattener->text, ")") : str_cat(s[0], " features (INPUT D)");
    case 2: return str_cat("a sequence ", s.str(), " (T x D)");
    case 3: return str_cat("a 2D image ", s.str(), " (C x H x W)");
    default: return str_cat("a 3D input ", s.str(), " (C x T x H x W)");
  }
}

// Conv and pools: output shape, checks and receptive-field update.
Shape spatial_row(const SpecRow& r, const Shape& in, const SpecRow* flattener, std::vector<int64_t>& rf,
                  std::vector<int64_t>& jump) {
  const LayerDesc& d = r.desc;
  bool conv = r.kind == RowKind::Conv;
  if (in.rank() != 3 && in.rank() != 4) {
    if (in.rank() == 1 && flattener)
      throw Fail{at_row(r, str_cat(conv ? "a convolution" : "a pool", " needs an image (C x H x W or C x T x H x W) but gets ",
                                   describe(in, flattener), "; convolutions and pools must come before FC / FLATTEN"))};
    throw Fail{at_row(r, str_cat(conv ? "a convolution" : "a pool", " needs an image (C x H x W or C x T x H x W) but gets ",
                                 describe(in, flattener)))};
  }
  const int nsp = in.rank() - 1;
  for (const auto* v : {&d.kernel, &d.stride, &d.pad}) {
    if (v->size() == 1 || static_cast<int>(v->size()) == nsp) continue;
    if (v->size() == 3)
      throw Fail{at_row(r, str_cat("a 3D layer (", v == &d.kernel ? "kernel" : v == &d.stride ? "stride" : "pad",
                                   " has 3 values) on ", describe(in, nullptr),
                                   "; 3D layers need INPUT C x T x H x W"))};
    throw Fail{at_row(r, str_cat(v == &d.kernel ? "kernel" : v == &d.stride ? "stride" : "pad", " has ", v->size(),
                                 " values but ", describe(in, nullptr), " has ", nsp, " spatial axes; give 1 or ", nsp))};
  }
  auto axes = spatial_axis_names(in);
  Shape out = in;
  if (conv) out[0] = d.units;
  for (int a = 0; a < nsp; ++a) {
    int k = axis_val(d.kernel, a), s = axis_val(d.stride, a), p = axis_val(d.pad, a), n = in[a + 1];
    if (!conv && 2 * p > k)
      throw Fail{at_row(r, str_cat("pad ", p, " is more than half the pool size ", k, " on the ", axes[a], " axis"))};
    int64_t span = int64_t{n} + 2 * p - k;
    int64_t o = (span >= 0 ? span / s : -((-span + s - 1) / s)) + 1;  // floor division, as PyTorch
    if (o <= 0)
      throw Fail{at_row(r, str_cat("output ", axes[a], " would be ", o, " (input ", in.str(), ", kernel ", k, ", pad ",
                                   p, ", stride ", s, ")"))};
    out[a + 1] = static_cast<int>(o);
    rf[a] = std::min<int64_t>(sat_add(rf[a], sat_mul(k - 1, jump[a])), INT_MAX);
    jump[a] = std::min<int64_t>(sat_mul(jump[a], s), INT_MAX);
  }
  return out;
}

// A valid prefix that cannot be trained as it stands: a note on the summary, not an error.
void note_untrainable(const ModelSpec& spec, const Shape& out, ModelSummary& S) {
  std::string why;
  if (spec.rows.size() <= 1)
    why = "the network has no layers yet; add layers after INPUT, ending with FC-<classes>";
  else if (!spec.has_loss_row && out.rank() != 1)
    why = str_cat("the network ends with ", out.str(), " but the default loss SOFTMAX needs a vector of class "
                  "scores; end with FC-<classes> (or write MSE)");
  if (why.empty()) return;
  S.trainable = false;
  S.untrainable_reason = "cannot be trained yet: " + why;
  S.untrainable_row = static_cast<int>(spec.rows.size()) - 1;
}

}  // namespace

const std::vector<std::string>& summary_conventions() {
  static const std::vector<std::string> lines = {
      "Multiplications are the forward pass's multiply-adds per sample (FLOPs are about 2x); bias additions are "
      "not counted.",
      "Convolution as matrix multiplication: kernel volume x output positions x C_in x C_out. FC: D_in x D_out. "
      "RNN/LSTM/GRU: T x G x H x (D + H).",
      "Pooling, batch norm, dropout, flatten and activations count 0 multiplications.",
      "Parameters = weights + biases + batch norm gamma and beta (2C); batch norm running mean and var (2C) are "
      "listed apart and are not parameters.",
      "RNN/LSTM/GRU follow PyTorch: G = 1/4/3 gate blocks, weight_ih (G*H x D), weight_hh (G*H x H) and both "
      "bias vectors b_ih, b_hh (2 x G*H).",
      "Activation memory: output floats x 4 bytes per sample.",
      "Receptive field: input positions per axis (T, H, W) one output sees; r += (k - 1) x jump, jump *= "
      "stride, shown clipped to the input's size on that axis (padding is not input). The INPUT row is 1 per "
      "axis (1 x 1 x 1 for a clip); FC and recurrent layers see the whole input; feature inputs have no axes.",
      "Training memory (Adam, float32): 4 B x (4 x params [value, grad, 2 moments] + BN running stats + 2 x batch "
      "x activations [input and every engine layer's output, and their gradients]); layer scratch (im2col, "
      "masks, gate caches) not included.",
  };
  return lines;
}

std::string format_bytes(int64_t b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(b);
  int u = 0;
  while (v >= 1024.0 && u < 6) v /= 1024.0, ++u;
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(b));
  else if (v == static_cast<double>(static_cast<int64_t>(v))) std::snprintf(buf, sizeof buf, "%lld %s", static_cast<long long>(v), units[u]);
  else std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

ModelSummary summarize_trainable(const ModelSpec& spec) {
  SummaryResult sum = summarize_spec(spec, 1, false);
  if (sum.error) throw SpecException(*sum.error);
  if (!sum.summary.trainable) {
    const SpecRow& r = spec.rows[static_cast<size_t>(sum.summary.untrainable_row)];
    throw SpecException(SpecError{r.line, r.col, std::max(1, static_cast<int>(r.text.size())),
                                  str_cat("line ", r.line, ", col ", r.col, ": ", r.text, ": ", sum.summary.untrainable_reason)});
  }
  return std::move(sum.summary);
}

SummaryResult summarize_spec(const ModelSpec& spec, int batch, bool check_budget) {
  SummaryResult res;
  ModelSummary& S = res.summary;
  S.input_shape = spec.input;
  S.batch = batch;
  const Shape& input = spec.input;
  // Spatial extents of the input: H, W / T, H, W / T; none for features.
  std::vector<int64_t> extent;
  if (input.rank() >= 2)
    for (int a = input.rank() == 2 ? 0 : 1; a < (input.rank() == 2 ? 1 : input.rank()); ++a) extent.push_back(input[a]);
  std::vector<int64_t> rf(extent.size(), 1), jump(extent.size(), 1);
  Shape cur = input;
  const SpecRow* flattener = nullptr;
  S.activation_floats = input.numel();
  try {
    for (size_t i = 0; i < spec.rows.size(); ++i) {
      const SpecRow& r = spec.rows[i];
      const LayerDesc& d = r.desc;
      RowSummary row;
      row.row = static_cast<int>(i);
      row.kind = r.kind;
      row.spec = print_row(r);
      Shape out = cur;
      switch (r.kind) {
        case RowKind::Input: break;
        case RowKind::Conv: {
          out = spatial_row(r, cur, flattener, rf, jump);
          std::vector<int64_t> k, pos;
          for (int a = 0; a < cur.rank() - 1; ++a) k.push_back(axis_val(d.kernel, a)), pos.push_back(out[a + 1]);
          std::vector<int64_t> w = k, m = k;
          w.insert(w.end(), {cur[0], d.units});
          m.insert(m.end(), pos.begin(), pos.end());
          m.insert(m.end(), {cur[0], d.units});
          row.weights = product(w), row.weights_expr = join_x(w);
          row.biases = d.units, row.biases_expr = std::to_string(d.units);
          row.mults = product(m), row.mults_expr = join_x(m);
          break;
        }
        case RowKind::MaxPool:
        case RowKind::AvgPool: out = spatial_row(r, cur, flattener, rf, jump); break;
        case RowKind::FC: {
          out = Shape{d.units};
          std::vector<int64_t> w = {cur.numel(), d.units};
          row.weights = row.mults = product(w);
          row.weights_expr = row.mults_expr = join_x(w);
          row.biases = d.units, row.biases_expr = std::to_string(d.units);
          rf = extent;  // sees the whole input
          flattener = &r;
          break;
        }
        case RowKind::BatchNorm:
          if (cur.rank() == 2)
            throw Fail{at_row(r, str_cat("batch norm on ", describe(cur, nullptr),
                                         " is not supported; use it on features (D) or images"))};
          row.bn_params = row.bn_running = 2 * int64_t{cur[0]};
          row.bn_expr = str_cat("2 x ", cur[0]);
          break;
        case RowKind::Dropout:
        case RowKind::Activation: break;
        case RowKind::Flatten:
          if (cur.numel() > INT_MAX) throw Fail{at_row(r, "output too large")};
          out = Shape{static_cast<int>(cur.numel())};
          flattener = &r;
          break;
        case RowKind::Frames:  // C x T x H x W -> T x (C*H*W); each value moves, the receptive field stays
          if (cur.rank() != 4)
            throw Fail{at_row(r, str_cat("FRAMES turns a clip (C x T x H x W) into a sequence of frames but gets ",
                                         describe(cur, flattener)))};
          out = Shape{cur[1], static_cast<int>(cur.numel() / cur[1])};
          break;
        case RowKind::RNN:
        case RowKind::LSTM:
        case RowKind::GRU: {
          if (cur.rank() != 2)
            throw Fail{at_row(r, str_cat("a recurrent layer needs a sequence (T x D, written INPUT SEQ T x D) but gets ",
                                         describe(cur, flattener)))};
          int64_t G = r.kind == RowKind::RNN ? 1 : r.kind == RowKind::LSTM ? 4 : 3, T = cur[0], D = cur[1], H = d.units;
          std::string gh = G == 1 ? std::to_string(H) : str_cat(G, " x ", H);
          row.weights = sat_mul(G * H, D + H);
          row.weights_expr = str_cat(gh, " x (", D, " + ", H, ")");
          row.biases = 2 * G * H;
          row.biases_expr = str_cat("2 x ", gh);
          row.mults = sat_mul(T, row.weights);
          row.mults_expr = str_cat(T, " x ", row.weights_expr);
          out = d.return_sequences ? Shape{static_cast<int>(T), d.units} : Shape{d.units};
          rf = extent;
          if (!d.return_sequences) flattener = &r;
          break;
        }
        case RowKind::Loss: {
          bool classify = r.loss.kind == LossKind::SoftmaxCE || r.loss.kind == LossKind::SVM;
          if (classify && cur.rank() != 1)
            throw Fail{at_row(r, str_cat("the loss needs a vector of class scores but the network ends with ", cur.str(),
                                         "; end with FC-<classes>"))};
          out = Shape();
          break;
        }
        case RowKind::Count: break;
      }
      if (out.numel() > INT_MAX) throw Fail{at_row(r, str_cat("output ", out.str(), " is too large"))};
      row.output_shape = out;
      if (r.kind != RowKind::Loss) {
        row.activation_bytes = sat_mul(out.numel(), 4);
        row.activation_expr = out.str() + " x 4 B";
      }
      for (size_t a = 0; a < rf.size(); ++a)  // clipped to the input, as FC rows: no more than it has
        row.receptive_field.push_back(static_cast<int>(std::min(rf[a], extent[a])));
      // Totals saturate; a saturated total is a model whose counts int64 cannot hold: refused here, so no
      // wrapped (small or negative) count can reach the budget check.
      S.activation_floats = sat_add(S.activation_floats, sat_mul(out.numel(), static_cast<int64_t>(r.layers.size())));
      S.total_weights = sat_add(S.total_weights, row.weights);
      S.total_biases = sat_add(S.total_biases, row.biases);
      S.total_bn_params = sat_add(S.total_bn_params, row.bn_params);
      S.total_bn_running = sat_add(S.total_bn_running, row.bn_running);
      S.total_mults = sat_add(S.total_mults, row.mults);
      const int64_t params = sat_add(sat_add(S.total_weights, S.total_biases), S.total_bn_params);
      for (int64_t total : {params, S.total_mults, S.activation_floats, S.total_bn_running})
        if (total == kCountMax)
          throw Fail{at_row(r, "the model's parameter, multiplication or activation count exceeds 2^63 - 1 "
                               "(9.2e18) here; it cannot be counted, let alone trained")};
      S.rows.push_back(std::move(row));
      if (r.kind != RowKind::Loss) cur = out;
    }
    note_untrainable(spec, cur, S);
  } catch (const Fail& f) {
    res.error = f.err;
    return res;
  }
  S.total_params = sat_add(sat_add(S.total_weights, S.total_biases), S.total_bn_params);
  int64_t floats = sat_add(sat_add(sat_mul(4, S.total_params), S.total_bn_running),
                           sat_mul(sat_mul(2, batch), S.activation_floats));
  S.train_bytes = sat_mul(4, floats);
  S.train_bytes_formula = str_cat("4 B x (4 x ", S.total_params, " params + ", S.total_bn_running, " BN stats + 2 x ",
                                  batch, " x ", S.activation_floats, " activations) = ", format_bytes(S.train_bytes));
  if (check_budget) res.error = check_train_budget(spec, S, kTrainBudgetBytes, "the page's");
  return res;
}

std::optional<SpecError> check_train_budget(const ModelSpec& spec, const ModelSummary& s, int64_t budget_bytes,
                                            const std::string& owner) {
  if (s.train_bytes <= budget_bytes || spec.rows.empty()) return std::nullopt;
  const SpecRow& in = spec.rows.front();
  return SpecError{in.line, in.col, std::max(1, static_cast<int>(in.text.size())),
                   str_cat("line ", in.line, ", col ", in.col, ": this model needs ", format_bytes(s.train_bytes),
                           " to train at batch ", s.batch, "; ", owner, " budget is ", format_bytes(budget_bytes),
                           " (", s.train_bytes_formula, ")")};
}

std::optional<std::string> check_page_budget(const ModelSpec& spec, const std::vector<int>& batches) {
  int64_t total = 0;
  for (int b : batches) {
    SummaryResult r = summarize_spec(spec, b, false);
    if (r.error) return r.error->message;
    total = sat_add(total, r.summary.train_bytes);
  }
  if (total <= kTrainBudgetBytes) return std::nullopt;
  std::string runs = batches.size() == 1 ? str_cat("at batch ", batches[0])
                                         : str_cat(batches.size(), " runs side by side (batch");
  for (size_t i = 0; batches.size() > 1 && i < batches.size(); ++i) runs += str_cat(i ? ", " : " ", batches[i]);
  if (batches.size() > 1) runs += ")";
  return str_cat("training this model ", runs, " needs ", format_bytes(total), "; the page's budget is ",
                 format_bytes(kTrainBudgetBytes), " (a smaller batch or model fits)");
}

}  // namespace gl
