// ModelSpec beyond parsing: expansion of rows into engine LayerDescs, the canonical printer, the JSON form
// and structural equality. The text parser is spec_parse.cpp; shape checks live in model/summary.cpp.
#include <algorithm>

#include "engine/core/checked.h"
#include "engine/core/limits.h"
#include "engine/expr/expr.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "engine/spec/spec_internal.h"

namespace gl {

namespace {

const char* const kRowNames[] = {"input",   "conv",       "maxpool", "avgpool", "fc",   "batchnorm", "dropout",
                                 "flatten", "activation", "rnn",     "lstm",    "gru",  "frames", "loss"};
static_assert(sizeof(kRowNames) / sizeof(kRowNames[0]) == static_cast<size_t>(RowKind::Count));


// Text keywords of the activations, in ActKind order.
const char* const kActWords[] = {"LINEAR", "RELU", "LEAKYRELU", "SIGMOID", "TANH", "ELU", "GELU", "ACT"};
static_assert(sizeof(kActWords) / sizeof(kActWords[0]) == static_cast<size_t>(ActKind::Count));

bool desc_equal(const LayerDesc& a, const LayerDesc& b) {
  return a.kind == b.kind && a.units == b.units && a.kernel == b.kernel && a.stride == b.stride && a.pad == b.pad &&
         a.act == b.act && a.act_param == b.act_param && a.elu_alpha == b.elu_alpha && a.formula == b.formula &&
         a.dropout_p == b.dropout_p && a.return_sequences == b.return_sequences && a.bias == b.bias &&
         a.bn_eps == b.bn_eps && a.bn_momentum == b.bn_momentum;
}

// "5" or "(3x1x1)" (kernels use x, pads and strides use commas, as the course writes them).
std::string tuple_str(const std::vector<int>& v, const char* sep) {
  if (v.size() == 1) return std::to_string(v[0]);
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + std::to_string(v[i]);
  return s + ")";
}

LayerDesc activation_desc(ActKind k) {
  LayerDesc d;
  d.kind = LayerKind::Activation;
  d.act = k;
  return d;
}

SpecError row_error(const SpecRow& r, const std::string& why) {
  return SpecError{r.line, r.col, std::max(1, static_cast<int>(r.text.size())),
                   str_cat("line ", r.line, ", col ", r.col, ": ", why)};
}

// A float field of a JSON row: finite, within float32, and not a non-zero value float32 would turn into 0.
bool read_json_real(const Json& o, const char* key, float fallback, float& out) {
  std::optional<float> f = checked_float(o.get(key, static_cast<double>(fallback)));
  if (f) out = *f;
  return f.has_value();
}

// The INPUT of the JSON form, checked as the text form checks INPUT. An error message, or nullopt.
std::optional<std::string> read_json_input(const Json& j, SpecRow& in) {
  in.kind = RowKind::Input;
  in.line = in.col = 1;
  in.input = Shape(j["input"].ints());
  bool seq = j.find("sequence") && j["sequence"].as_bool();
  if (in.input.rank() < 1 || in.input.rank() > 4 || (in.input.rank() == 2) != seq)
    return str_cat("input ", in.input.str(), " is not D, T x D (with \"sequence\":true), C x H x W or C x T x H x W");
  for (int dd : in.input.dims)
    if (dd < 1 || dd > kMaxSpecNumber) return str_cat("input dimension ", dd, " out of range");
  // The text form's limit too, so the canonical text of every spec read here parses back.
  if (in.input.numel() > kMaxInputValues)
    return str_cat("input ", in.input.str(), " is too large (", in.input.numel(), " values per sample; the limit is ",
                   kMaxInputValues, ", kMaxInputValues)");
  return std::nullopt;
}

// An activation row of the JSON form: "act", its "param" (LeakyReLU slope, ELU alpha) or "formula", checked
// as the text form checks them so the canonical text parses back. An error message, or nullopt.
std::optional<std::string> read_json_activation(const Json& o, LayerDesc& d) {
  std::string act = o.get("act", "");
  int a = 0;
  while (a < static_cast<int>(ActKind::Count) && act != act_kind_name(static_cast<ActKind>(a))) ++a;
  if (a == static_cast<int>(ActKind::Count)) return str_cat("unknown activation '", act, "'");
  d.act = static_cast<ActKind>(a);
  float& param = d.act == ActKind::ELU ? d.elu_alpha : d.act_param;
  if ((d.act == ActKind::LeakyReLU || d.act == ActKind::ELU) && (!read_json_real(o, "param", param, param) || param < 0))
    return str_cat(act, ": \"param\" must be a number from 0 to 3.4e38 (float32, not below 1.2e-38 unless 0)");
  if (d.act != ActKind::Formula) return std::nullopt;
  std::string f = o.get("formula", "");
  size_t a0 = f.find_first_not_of(" \t"), b0 = f.find_last_not_of(" \t");
  if (a0 == std::string::npos) return std::string("formula activation without \"formula\"");
  d.formula = f.substr(a0, b0 - a0 + 1);  // trimmed, as the text form reads it
  // A '\r' inside a line is whitespace to both forms; only a newline would split the canonical text.
  if (d.formula.find('\n') != std::string::npos) return std::string("the formula must be one line");
  ExprGraph g;
  ExprParseDesc pd;
  pd.restrict_vars = true;
  pd.allowed_vars = {"x"};
  ExprError ee = parse_expr(d.formula, g, pd);
  if (!ee.ok()) return str_cat("bad formula '", d.formula, "': ", ee.message, " of the formula");
  return std::nullopt;
}

}  // namespace

const char* row_kind_name(RowKind k) { return kRowNames[static_cast<int>(k)]; }

std::vector<std::string> spatial_axis_names(const Shape& s) {
  switch (s.rank()) {
    case 2: return {"time"};
    case 3: return {"height", "width"};
    case 4: return {"time", "height", "width"};
    default: return {};
  }
}

bool operator==(const SpecRow& a, const SpecRow& b) {
  if (a.kind != b.kind || !desc_equal(a.desc, b.desc) || a.input != b.input || a.loss.kind != b.loss.kind ||
      a.loss.margin != b.loss.margin || a.layers.size() != b.layers.size())
    return false;
  for (size_t i = 0; i < a.layers.size(); ++i)
    if (!desc_equal(a.layers[i], b.layers[i])) return false;
  return true;
}

bool operator==(const ModelSpec& a, const ModelSpec& b) {
  return a.input == b.input && a.loss.kind == b.loss.kind && a.loss.margin == b.loss.margin &&
         a.has_loss_row == b.has_loss_row && a.rows == b.rows;
}

namespace detail {

std::optional<SpecError> finish_spec(ModelSpec& spec) {
  auto& rows = spec.rows;
  if (rows.empty()) return SpecError{1, 1, 1, "line 1, col 1: empty spec: start with INPUT, e.g. INPUT 3 x 32 x 32"};
  if (rows[0].kind != RowKind::Input)
    return row_error(rows[0], str_cat("missing INPUT: the spec must start with INPUT (e.g. INPUT 3 x 32 x 32), not '",
                                      rows[0].text, "'"));
  spec.input = rows[0].input;
  spec.loss = LossDesc{};
  spec.has_loss_row = false;
  int last_fc = -1;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].kind == RowKind::Input)
      return row_error(rows[i], str_cat("INPUT may appear only once, as the first row (first on line ", rows[0].line, ")"));
    if (spec.has_loss_row)
      return row_error(rows[i], str_cat("'", rows[i].text, "' comes after the loss; the loss must be the last row"));
    if (rows[i].kind == RowKind::Loss) {
      spec.has_loss_row = true;
      spec.loss = rows[i].loss;
    }
    if (rows[i].kind == RowKind::FC) last_fc = static_cast<int>(i);
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    SpecRow& r = rows[i];
    LayerDesc& d = r.desc;
    bool next_is_act = i + 1 < rows.size() && rows[i + 1].kind == RowKind::Activation;
    r.layers.clear();
    switch (r.kind) {
      case RowKind::Input:
      case RowKind::Loss: break;
      case RowKind::Conv: d.kind = LayerKind::Conv; break;
      case RowKind::MaxPool: d.kind = LayerKind::MaxPool; break;
      case RowKind::AvgPool: d.kind = LayerKind::AvgPool; break;
      case RowKind::FC: d.kind = LayerKind::Dense; break;
      case RowKind::BatchNorm: d.kind = LayerKind::BatchNorm; break;
      case RowKind::Dropout: d.kind = LayerKind::Dropout; break;
      case RowKind::Flatten: d.kind = LayerKind::Flatten; break;
      case RowKind::Frames: d.kind = LayerKind::Frames; break;
      case RowKind::Activation: d.kind = LayerKind::Activation; break;
      case RowKind::RNN: d.kind = LayerKind::RNN; break;
      case RowKind::LSTM: d.kind = LayerKind::LSTM; break;
      case RowKind::GRU: d.kind = LayerKind::GRU; break;
      case RowKind::Count: break;
    }
    if (r.kind == RowKind::Input || r.kind == RowKind::Loss) continue;
    r.layers.push_back(d);
    // CONV and FC carry a ReLU, unless an explicit activation row follows (it replaces the ReLU) or this is
    // the last FC (it produces the scores).
    bool relu = (r.kind == RowKind::Conv || (r.kind == RowKind::FC && static_cast<int>(i) != last_fc)) && !next_is_act;
    if (relu) r.layers.push_back(activation_desc(ActKind::ReLU));
  }
  SummaryResult s = summarize_spec(spec, 1, false);
  return s.error;
}

}  // namespace detail

std::string print_row(const SpecRow& r) {
  const LayerDesc& d = r.desc;
  switch (r.kind) {
    case RowKind::Input: return (r.input.rank() == 2 ? "INPUT SEQ " : "INPUT ") + r.input.str();
    case RowKind::Conv:
      return str_cat("CONV", tuple_str(d.kernel, "x"), "-", d.units, "-p", tuple_str(d.pad, ","), "-s",
                     tuple_str(d.stride, ","));
    case RowKind::MaxPool:
    case RowKind::AvgPool: {
      std::string s = str_cat(r.kind == RowKind::MaxPool ? "POOL" : "AVGPOOL", tuple_str(d.kernel, "x"));
      if (d.stride != d.kernel) s += "-s" + tuple_str(d.stride, ",");
      if (d.pad != std::vector<int>{0}) s += "-p" + tuple_str(d.pad, ",");
      return s;
    }
    case RowKind::FC: return str_cat("FC-", d.units);
    case RowKind::BatchNorm: return "BN";
    case RowKind::Dropout: return "DROPOUT-" + format_number(d.dropout_p);
    case RowKind::Flatten: return "FLATTEN";
    case RowKind::Frames: return "FRAMES";
    case RowKind::Activation:
      if (d.act == ActKind::Formula) return "ACT(" + d.formula + ")";
      if (d.act == ActKind::LeakyReLU) return "LEAKYRELU-" + format_number(d.act_param);
      if (d.act == ActKind::ELU && d.elu_alpha != LayerDesc{}.elu_alpha) return "ELU-" + format_number(d.elu_alpha);
      return kActWords[static_cast<int>(d.act)];
    case RowKind::RNN:
    case RowKind::LSTM:
    case RowKind::GRU:
      return str_cat(r.kind == RowKind::RNN ? "RNN-" : r.kind == RowKind::LSTM ? "LSTM-" : "GRU-", d.units,
                     d.return_sequences ? "-seq" : "");
    case RowKind::Loss:
      if (r.loss.kind == LossKind::SVM && r.loss.margin != 1.0f) return "SVM-" + format_number(r.loss.margin);
      return r.loss.kind == LossKind::SoftmaxCE ? "SOFTMAX" : r.loss.kind == LossKind::SVM ? "SVM"
             : r.loss.kind == LossKind::MSE     ? "MSE"
                                                : "BCE";
    case RowKind::Count: break;
  }
  return "?";
}

std::string print_spec(const ModelSpec& spec, const std::string& sep) {
  std::string s;
  for (size_t i = 0; i < spec.rows.size(); ++i) s += (i ? sep : "") + print_row(spec.rows[i]);
  return s;
}

Json spec_to_json(const ModelSpec& spec) {
  Json j = Json::object();
  j.set("input", Json::array_of(spec.input.dims));
  j.set("sequence", spec.input.rank() == 2);
  Json rows = Json::array();
  for (size_t i = 1; i < spec.rows.size(); ++i) {
    const SpecRow& r = spec.rows[i];
    const LayerDesc& d = r.desc;
    Json o = Json::object();
    o.set("layer", row_kind_name(r.kind));
    switch (r.kind) {
      case RowKind::Conv:
      case RowKind::MaxPool:
      case RowKind::AvgPool:
        if (r.kind == RowKind::Conv) o.set("units", d.units);
        o.set("kernel", Json::array_of(d.kernel));
        o.set("stride", Json::array_of(d.stride));
        o.set("pad", Json::array_of(d.pad));
        break;
      case RowKind::FC: o.set("units", d.units); break;
      case RowKind::Dropout: o.set("p", d.dropout_p); break;
      case RowKind::Activation:
        o.set("act", act_kind_name(d.act));
        if (d.act == ActKind::LeakyReLU) o.set("param", d.act_param);
        if (d.act == ActKind::ELU) o.set("param", d.elu_alpha);
        if (d.act == ActKind::Formula) o.set("formula", d.formula);
        break;
      case RowKind::RNN:
      case RowKind::LSTM:
      case RowKind::GRU:
        o.set("units", d.units);
        o.set("sequences", d.return_sequences);
        break;
      case RowKind::Loss:
        o.set("loss", loss_kind_name(r.loss.kind));
        if (r.loss.kind == LossKind::SVM) o.set("margin", r.loss.margin);
        break;
      default: break;
    }
    rows.push(std::move(o));
  }
  j.set("rows", std::move(rows));
  return j;
}

SpecResult spec_from_json(const Json& j) {
  SpecResult res;
  int at = 1;  // line of the row being read: INPUT is line 1, rows[k] is line k + 2
  auto fail = [&](const std::string& why) {
    res.error = SpecError{at, 1, 1, str_cat("line ", at, ", col 1: spec JSON: ", why)};
    return res;
  };
  try {
    if (!j.is_object() || !j.has("input") || !j["input"].is_array()) return fail("missing \"input\": [dims]");
    SpecRow in;
    if (auto why = read_json_input(j, in)) return fail(*why);
    res.spec.rows.push_back(in);
    const Json* rows = j.find("rows");
    for (size_t k = 0; rows && k < rows->size(); ++k) {
      at = static_cast<int>(k) + 2;
      const Json& o = (*rows)[k];
      SpecRow r;
      r.line = at;
      r.col = 1;
      std::string name = o.get("layer", "");
      auto kind_it = std::find(std::begin(kRowNames), std::end(kRowNames), name);
      if (kind_it == std::end(kRowNames) || name == "input") return fail(str_cat("unknown layer '", name, "'"));
      r.kind = static_cast<RowKind>(kind_it - std::begin(kRowNames));
      LayerDesc& d = r.desc;
      auto positive = [&](const std::vector<int>& v, int min_value) {
        return !v.empty() && v.size() <= 3 && std::all_of(v.begin(), v.end(), [&](int x) { return x >= min_value && x <= kMaxSpecNumber; });
      };
      if (r.kind == RowKind::Conv || r.kind == RowKind::FC || r.kind == RowKind::RNN || r.kind == RowKind::LSTM ||
          r.kind == RowKind::GRU) {
        std::optional<int> units = checked_int(o.get("units", 0.0), 1, kMaxSpecNumber);
        if (!units) return fail(str_cat(name, ": \"units\" must be a whole number from 1 to 1000000"));
        d.units = *units;
      }
      if (r.kind == RowKind::Conv || r.kind == RowKind::MaxPool || r.kind == RowKind::AvgPool) {
        d.kernel = o.has("kernel") ? o["kernel"].ints() : std::vector<int>{};
        d.stride = o.has("stride") ? o["stride"].ints() : (r.kind == RowKind::Conv ? std::vector<int>{1} : d.kernel);
        d.pad = o.has("pad") ? o["pad"].ints() : std::vector<int>{0};
        if (!positive(d.kernel, 1) || !positive(d.stride, 1) || !positive(d.pad, 0))
          return fail(str_cat(name, ": kernel, stride and pad need 1 to 3 values (kernel, stride >= 1, pad >= 0)"));
      }
      if (r.kind == RowKind::Dropout) {
        if (!read_json_real(o, "p", 0.5f, d.dropout_p) || !(d.dropout_p >= 0.0f && d.dropout_p < 1.0f))
          return fail("dropout \"p\" must be in [0, 1)");
      }
      if (r.kind == RowKind::Activation)
        if (auto why = read_json_activation(o, d)) return fail(*why);
      if (r.kind == RowKind::RNN || r.kind == RowKind::LSTM || r.kind == RowKind::GRU)
        d.return_sequences = o.find("sequences") && o["sequences"].as_bool();
      if (r.kind == RowKind::Loss) {
        std::string loss = o.get("loss", "");
        int k = 0;
        while (k < static_cast<int>(LossKind::Count) && loss != loss_kind_name(static_cast<LossKind>(k))) ++k;
        if (k == static_cast<int>(LossKind::Count)) return fail(str_cat("unknown loss '", loss, "'"));
        r.loss.kind = static_cast<LossKind>(k);
        if (r.loss.kind == LossKind::SVM && (!read_json_real(o, "margin", 1.0f, r.loss.margin) || r.loss.margin < 0))
          return fail("\"margin\" must be a number from 0 to 3.4e38 (float32, not below 1.2e-38 unless 0)");
      }
      res.spec.rows.push_back(std::move(r));
    }
  } catch (const EngineError& e) {
    return fail(e.what());
  }
  size_t text_bytes = 0;
  for (SpecRow& r : res.spec.rows) {
    r.text = print_row(r);  // canonical text; errors quote it
    text_bytes += r.text.size() + 1;
  }
  if (auto too_big = check_input_size(InputKind::SpecText, text_bytes - 1)) {  // the text form's limit
    at = 1;
    return fail(str_cat("its canonical text would be too long: ", *too_big));
  }
  res.error = detail::finish_spec(res.spec);
  return res;
}

}  // namespace gl
