// export_pytorch (export_pytorch.h): walks the spec's rows and their engine LayerDescs with the per-row
// shapes from summarize_spec and writes one PyTorch module per engine layer. Layout conventions match
// GradLab's (batch-first; N x C x T x H x W for 3D; N x T x D sequences with batch_first recurrent layers).
#include "engine/spec/export_pytorch.h"

#include <cmath>

#include "engine/model/summary.h"

namespace gl {

namespace {

std::string py_tuple(const std::vector<int>& v, int n) {
  std::string s = "(";
  for (int a = 0; a < n; ++a) s += (a ? ", " : "") + std::to_string(v.size() == 1 ? v[0] : v[static_cast<size_t>(a)]);
  return s + (n == 1 ? ",)" : ")");
}

// Every float the export writes goes through here: a Python float literal that reads back as v (inf and
// NaN, which parsed specs cannot hold, as float('inf') / float('nan') rather than JSON's null).
std::string py_float(float v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "float('nan')" : v > 0 ? "float('inf')" : "-float('inf')";
  std::string s = format_number(v);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

const char* kPrelude = R"PY(import torch
import torch.nn as nn
from collections import OrderedDict


class Recurrent(nn.Module):
    """An nn.RNN / nn.LSTM / nn.GRU over N x T x D (batch_first) returning every step, N x T x H
    (GradLab's -seq suffix), or only the last step, N x H."""

    def __init__(self, rnn, return_sequences):
        super().__init__()
        self.rnn = rnn
        self.return_sequences = return_sequences

    def forward(self, x):
        out, _ = self.rnn(x)
        return out if self.return_sequences else out[:, -1]


class Frames(nn.Module):
    """GradLab's FRAMES: a clip N x C x T x H x W as a sequence of frames N x T x (C*H*W)."""

    def forward(self, x):
        return x.permute(0, 2, 1, 3, 4).flatten(2)


def _t(a):
    return torch.as_tensor(a, dtype=torch.float32)


class Formula(nn.Module):
    """Element-wise activation written as a formula in x (GradLab's ACT(...)); ^ is the power."""

    NAMES = {"relu": lambda a: torch.relu(_t(a)), "sigmoid": lambda a: torch.sigmoid(_t(a)),
             "tanh": lambda a: torch.tanh(_t(a)), "exp": lambda a: torch.exp(_t(a)),
             "log": lambda a: torch.log(_t(a)), "sqrt": lambda a: torch.sqrt(_t(a)),
             "abs": lambda a: torch.abs(_t(a)), "max": lambda a, b: torch.maximum(_t(a), _t(b)),
             "min": lambda a, b: torch.minimum(_t(a), _t(b))}

    def __init__(self, formula):
        super().__init__()
        self.formula = formula
        self.code = compile(formula.replace("^", "**"), "<formula>", "eval")

    def forward(self, x):
        y = eval(self.code, {"__builtins__": {}}, dict(self.NAMES, x=x))
        return _t(y) + torch.zeros_like(x)  # constants broadcast to x's shape

    def extra_repr(self):
        return repr(self.formula)


)PY";

// One module for one engine layer; in is the layer's per-sample input shape.
std::string module_for(const LayerDesc& d, const Shape& in) {
  const int nsp = in.rank() - 1;  // spatial axes of an image input
  const std::string dim = in.rank() == 4 ? "3d" : "2d";
  switch (d.kind) {
    case LayerKind::Conv:
      return str_cat("nn.Conv", dim, "(", in[0], ", ", d.units, ", kernel_size=", py_tuple(d.kernel, nsp),
                     ", stride=", py_tuple(d.stride, nsp), ", padding=", py_tuple(d.pad, nsp), ")");
    case LayerKind::MaxPool:
    case LayerKind::AvgPool:
      return str_cat(d.kind == LayerKind::MaxPool ? "nn.MaxPool" : "nn.AvgPool", dim, "(kernel_size=",
                     py_tuple(d.kernel, nsp), ", stride=", py_tuple(d.stride, nsp), ", padding=", py_tuple(d.pad, nsp),
                     ")");
    case LayerKind::Dense: return str_cat("nn.Linear(", in.numel(), ", ", d.units, ")");
    case LayerKind::BatchNorm:
      return str_cat("nn.BatchNorm", in.rank() == 1 ? "1d" : dim, "(", in[0], ", eps=", py_float(d.bn_eps),
                     ", momentum=", py_float(d.bn_momentum), ")");
    case LayerKind::Dropout: return str_cat("nn.Dropout(p=", py_float(d.dropout_p), ")");
    case LayerKind::Flatten: return "nn.Flatten()";
    case LayerKind::Activation:
      switch (d.act) {
        case ActKind::Identity: return "nn.Identity()";
        case ActKind::ReLU: return "nn.ReLU()";
        case ActKind::LeakyReLU: return str_cat("nn.LeakyReLU(negative_slope=", py_float(d.act_param), ")");
        case ActKind::Sigmoid: return "nn.Sigmoid()";
        case ActKind::Tanh: return "nn.Tanh()";
        case ActKind::ELU: return str_cat("nn.ELU(alpha=", py_float(d.elu_alpha), ")");
        case ActKind::GELU: return "nn.GELU()";
        case ActKind::Formula: return str_cat("Formula(\"", json_escape(d.formula), "\")");
        case ActKind::Count: break;
      }
      break;
    case LayerKind::RNN:
    case LayerKind::LSTM:
    case LayerKind::GRU:
      return str_cat("Recurrent(nn.", d.kind == LayerKind::RNN ? "RNN" : d.kind == LayerKind::LSTM ? "LSTM" : "GRU", "(",
                     in[1], ", ", d.units, ", batch_first=True), return_sequences=",
                     d.return_sequences ? "True" : "False", ")");
    case LayerKind::Frames: return "Frames()";
    case LayerKind::Count: break;
  }
  NN_CHECK(false, "export_pytorch: no PyTorch module for layer '", layer_kind_name(d.kind), "'");
  return {};
}

std::string module_name(const LayerDesc& d, int row) {
  std::string k = d.kind == LayerKind::Dense        ? "fc"
                  : d.kind == LayerKind::Activation ? act_kind_name(d.act)
                                                    : layer_kind_name(d.kind);
  return str_cat(k, "_r", row);
}

}  // namespace

std::string export_pytorch(const ModelSpec& spec) {
  SummaryResult sum = summarize_spec(spec, 1, false);
  if (sum.error) throw SpecException(*sum.error);
  std::string head = "# PyTorch model exported by gradlab-cli export-pytorch from the GradLab spec:\n";
  for (const SpecRow& r : spec.rows) head += "#   " + print_row(r) + "\n";
  if (!sum.summary.trainable) head += "# note: " + sum.summary.untrainable_reason + "\n";
  head += "# Layout as in GradLab: batch first; N x C x H x W, N x C x T x H x W (3D), N x T x D (sequences).\n";
  std::string body = "model = nn.Sequential(OrderedDict([\n";
  std::string rows = "module_rows = [";
  int n = 0;
  for (size_t i = 1; i < spec.rows.size(); ++i) {
    const SpecRow& r = spec.rows[i];
    Shape in = sum.summary.rows[i - 1].output_shape;
    for (size_t k = 0; k < r.layers.size(); ++k) {
      const LayerDesc& d = r.layers[k];
      if (k > 0) in = sum.summary.rows[i].output_shape;  // the row's later layers (its ReLU) keep its shape
      auto emit = [&](const std::string& name, const std::string& module) {
        body += str_cat("    (\"", name, "\", ", module, "),  # line ", r.line, ": ", r.text, "\n");
        rows += str_cat(n++ ? ", " : "", i);
      };
      if (d.kind == LayerKind::Dense && in.rank() > 1) emit(str_cat("flatten_r", i), "nn.Flatten()");
      emit(module_name(d, static_cast<int>(i)), module_for(d, in));
    }
  }
  body += "]))\n";
  rows += "]  # spec row of each module (row 0 is INPUT)\n";
  std::string tail = "input_shape = (";
  for (int a = 0; a < spec.input.rank(); ++a) tail += (a ? ", " : "") + std::to_string(spec.input[a]);
  tail += spec.input.rank() == 1 ? ",)\n" : ")\n";
  switch (spec.loss.kind) {
    case LossKind::SoftmaxCE: tail += "loss_fn = nn.CrossEntropyLoss()\n"; break;
    case LossKind::SVM:
      tail += str_cat("# GradLab's SVM sums the hinge over the wrong classes (CS231n); PyTorch's MultiMarginLoss also\n",
                      "# divides by the number of classes.\nloss_fn = nn.MultiMarginLoss(margin=",
                      py_float(spec.loss.margin), ")\n");
      break;
    case LossKind::MSE: tail += "loss_fn = nn.MSELoss()\n"; break;
    case LossKind::BCEWithLogits: tail += "loss_fn = nn.BCEWithLogitsLoss()\n"; break;
    case LossKind::Count: break;
  }
  if (!spec.has_loss_row) tail = "# no loss row in the spec: GradLab's default, SOFTMAX\n" + tail;
  return head + kPrelude + body + rows + tail;
}

std::vector<std::string> export_module_names(const ModelSpec& spec) {
  std::vector<std::string> names;
  for (size_t i = 1; i < spec.rows.size(); ++i)
    for (const LayerDesc& d : spec.rows[i].layers) names.push_back(module_name(d, static_cast<int>(i)));
  return names;
}

}  // namespace gl
