// probe_batchnorm and its helpers (see batchnorm_view.h).
#include "engine/session/batchnorm_view.h"

#include <algorithm>
#include <cmath>

#include "engine/session/probe.h"

namespace gl {

namespace {
constexpr int kHistBins = 40;

// Values of channel ch (-1: all) of an N x C x S... tensor, with their histogram, mean and std.
BnHist channel_hist(const Tensor& a, int ch) {
  BnHist h;
  const int N = a.dim(0), C = a.rank() > 1 ? a.dim(1) : 1;
  const int64_t S = a.shape().tail(2);
  std::vector<float> v;
  if (ch < 0) {
    v = a.vec();
  } else {
    v.reserve(static_cast<size_t>(N * S));
    for (int n = 0; n < N; ++n) {
      const float* src = a.data() + (static_cast<int64_t>(n) * C + ch) * S;
      v.insert(v.end(), src, src + S);
    }
  }
  if (v.empty()) return h;
  const Histogram hist = make_histogram(v.data(), static_cast<int64_t>(v.size()), kHistBins);
  h.lo = hist.lo;
  h.hi = hist.hi;
  h.counts.assign(hist.counts.begin(), hist.counts.end());
  double sum = 0, sq = 0;
  for (float x : v) sum += x;
  const double mean = sum / static_cast<double>(v.size());
  for (float x : v) sq += (x - mean) * (x - mean);
  h.mean = static_cast<float>(mean);
  h.std = static_cast<float>(std::sqrt(sq / static_cast<double>(v.size())));
  return h;
}

// One BN layer's statistics from the probe's activations (acts[i] in, acts[i + 1] out).
BnLayerView bn_layer_view(const ModelSpec& spec, Model& m, int i, const std::vector<Tensor>& acts) {
  const Tensor& in = acts[static_cast<size_t>(i)];
  const Tensor& out = acts[static_cast<size_t>(i) + 1];
  BnLayerView v;
  v.title = engine_layer_title(spec, m, i);
  const int row = m.layer_row(i);
  if (row >= 0 && row < static_cast<int>(spec.rows.size())) v.line = spec.rows[static_cast<size_t>(row)].line;
  v.layer = i;
  v.channels = in.rank() > 1 ? in.dim(1) : 1;
  v.per_channel = static_cast<int64_t>(in.dim(0)) * in.shape().tail(2);
  channel_moments(in, v.batch_mean, v.batch_var);
  std::vector<float> out_var;
  channel_moments(out, v.out_mean, out_var);
  v.out_std.resize(out_var.size());
  for (size_t c = 0; c < out_var.size(); ++c) v.out_std[c] = std::sqrt(out_var[c]);
  for (const auto& [name, t] : m.layer(i).buffers()) {
    if (name == "running_mean") v.running_mean = t->vec();
    if (name == "running_var") v.running_var = t->vec();
  }
  for (Param* prm : m.layer(i).params()) {
    if (prm->name == "gamma") v.gamma = prm->value.vec();
    if (prm->name == "beta") v.beta = prm->value.vec();
  }
    return v;
}

}  // namespace

std::string spec_with_batchnorm(const Dataset& d) {
  const Shape s = d.sample_shape();
  const bool cls = d.is_classification();
  const std::string out = "FC-" + std::to_string(cls ? d.num_classes : static_cast<int>(d.target_shape().numel()));
  const std::string loss = cls ? "SOFTMAX" : "MSE";
  std::string in = "INPUT ";
  if (s.rank() == 2) in += "SEQ ";
  for (int i = 0; i < s.rank(); ++i) in += (i ? " x " : "") + std::to_string(s[i]);
  if (s.rank() == 1) return in + "\nFC-16\nBN\nFC-16\nBN\n" + out + "\n" + loss;
  if (s.rank() == 2) return in + "\nLSTM-32\nBN\nFC-32\nBN\n" + out + "\n" + loss;
  return in + "\nCONV3-8-p1\nBN\nPOOL2\nFC-32\nBN\n" + out + "\n" + loss;
}

void channel_moments(const Tensor& a, std::vector<float>& mean, std::vector<float>& var) {
  const int N = a.dim(0), C = a.rank() > 1 ? a.dim(1) : 1;
  const int64_t S = a.shape().tail(2);
  mean.assign(static_cast<size_t>(C), 0.0f);
  var.assign(static_cast<size_t>(C), 0.0f);
  for (int c = 0; c < C; ++c) {
    double sum = 0, sq = 0;
    for (int n = 0; n < N; ++n) {
      const float* src = a.data() + (static_cast<int64_t>(n) * C + c) * S;
      for (int64_t k = 0; k < S; ++k) sum += src[k];
    }
    const double m = sum / static_cast<double>(N * S);
    for (int n = 0; n < N; ++n) {
      const float* src = a.data() + (static_cast<int64_t>(n) * C + c) * S;
      for (int64_t k = 0; k < S; ++k) sq += (src[k] - m) * (src[k] - m);
    }
    mean[static_cast<size_t>(c)] = static_cast<float>(m);
    var[static_cast<size_t>(c)] = static_cast<float>(sq / static_cast<double>(N * S));
  }
}

BnSnapshot probe_batchnorm(const TrainLab& lab, const BnProbeDesc& desc) {
  const Dataset* d = lab.data();
  const Trainer* tr = lab.trainer();
  const int B = desc.batch;
  BnSnapshot s;
  s.computed = true;
  s.train_mode = desc.train_mode;
  // After a failed rebuild the lab keeps the previous trainer, built for other data: show the error instead.
  if (!tr || !lab.error().empty() || !d || d->num_train() == 0) {
    s.message = lab.error().empty() ? "No model yet: enter a network that fits the data." : lab.error();
    return s;
  }
  s.step = tr->steps();
  Model& m = *lab.probe_model();
  std::vector<int> bn_layers;
  for (int i = 0; i < m.num_layers(); ++i)
    if (m.layer(i).kind() == LayerKind::BatchNorm) bn_layers.push_back(i);
  if (bn_layers.empty()) {
    s.message = "This network has no batch-norm (BN) layer.";
    s.suggestion = spec_with_batchnorm(*d);
    return s;
  }
  // The probe batch: B training samples from the offset on, wrapping around.
  const int N = d->num_train();
  s.batch = B;
  s.offset = desc.offset % N;
  const Shape shape = d->sample_shape();
  const int64_t per = shape.numel();
  Tensor x(shape.with_batch(B));
  for (int b = 0; b < B; ++b) {
    const int64_t src = static_cast<int64_t>((s.offset + b) % N) * per;
    std::copy(d->x_train.data() + src, d->x_train.data() + src + per, x.data() + b * per);
  }
  std::vector<Tensor> acts;
  try {
    probe_forward(m, x, desc.train_mode, acts);
  } catch (const std::exception& e) {
    s.message = e.what();
    return s;
  }
  for (int i : bn_layers) s.layers.push_back(bn_layer_view(lab.spec(), m, i, acts));
  s.selected = std::clamp(desc.selected, 0, static_cast<int>(s.layers.size()) - 1);
  const int li = s.layers[static_cast<size_t>(s.selected)].layer;
  const int ch = desc.channel < s.layers[static_cast<size_t>(s.selected)].channels ? desc.channel : -1;
  s.before = channel_hist(acts[static_cast<size_t>(li)], ch);
  s.after = channel_hist(acts[static_cast<size_t>(li) + 1], ch);
  return s;
}

}  // namespace gl
