// The nine benchmark workloads shared by bench_train.cpp and bench_profile.cpp, and one training / inference
// step of each on GradLab's engine. Keep in sync with tests/bench/peers/workloads.js (the peers build the
// same networks by hand, from the same data and weights: bench_data.h). Not a test.
#pragma once
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/layers/layer.h"
#include "engine/losses/loss.h"
#include "engine/model/model.h"
#include "engine/spec/spec.h"
#include "tests/bench/bench_data.h"

namespace gl::bench {

enum class Mode { Train, Infer, Seq };

struct Workload {
  const char* id;
  const char* spec;  // Seq: "lstm" or "gru" (a recurrent layer, then FC-V applied at every step)
  int batch;
  Mode mode;
};

constexpr int kSeqT = 32, kSeqV = 65, kSeqH = 128;

inline const std::vector<Workload>& workloads() {
  static const std::vector<Workload> w = {
      {"W1", "INPUT 2, FC-8, TANH, FC-8, TANH, FC-2, SOFTMAX", 10, Mode::Train},
      {"W2", "INPUT 784, FC-128, FC-10, SOFTMAX", 64, Mode::Train},
      {"W3", "INPUT 1 x 28 x 28, CONV5-8-p2-s1, POOL2, CONV5-16-p2-s1, POOL2, FC-10, SOFTMAX", 32, Mode::Train},
      {"W4", "INPUT 3 x 32 x 32, CONV3-16-p1-s1, POOL2, CONV3-32-p1-s1, POOL2, FC-10, SOFTMAX", 32, Mode::Train},
      {"W5", "INPUT 3 x 8 x 64 x 64, CONV5-16-p2-s1, POOL2, CONV3-16-p1-s1, POOL2, CONV3-32-p1-s2, FC-256, FC-10, "
             "SOFTMAX", 2, Mode::Train},
      {"W6", "lstm", 16, Mode::Seq},
      {"W7", "gru", 16, Mode::Seq},
      {"W8", "INPUT 3 x 32 x 32, CONV3-16-p1-s1, BN, POOL2, CONV3-32-p1-s1, BN, POOL2, FC-10, SOFTMAX", 32,
       Mode::Train},
      {"W9", "INPUT 3 x 32 x 32, CONV3-16-p1-s1, POOL2, CONV3-32-p1-s1, POOL2, FC-10, SOFTMAX", 1, Mode::Infer},
  };
  return w;
}

inline void sgd(const std::vector<Param*>& params, float lr) {  // plain SGD: w -= lr * dw
  for (Param* p : params) {
    float* v = p->value.data();
    const float* g = p->grad.data();
    for (int64_t i = 0; i < p->value.size(); ++i) v[i] -= lr * g[i];
  }
}

// A recurrent layer over N x T x V one-hot symbols, every step's N x T x H output viewed as (N*T) x H rows
// through one FC-V, softmax cross-entropy averaged over all N*T predictions (a char-level language model).
struct SeqNet {
  std::unique_ptr<Layer> rnn, head;
  Tensor h, rows, scores, dscores, drows, dh, dx;
  std::vector<Param*> params;

  explicit SeqNet(LayerKind kind) {
    LayerDesc r;
    r.kind = kind;
    r.units = kSeqH;
    r.return_sequences = true;
    rnn = make_layer(r, Shape{kSeqT, kSeqV});
    rnn->set_input_grad(false);  // the input is data
    LayerDesc d;
    d.units = kSeqV;
    head = make_layer(d, Shape{kSeqH});
    for (Layer* l : {rnn.get(), head.get()})
      for (Param* p : l->params()) params.push_back(p);
  }
  float step(const Tensor& x, const Tensor& y, float lr) {
    for (Param* p : params) p->grad.zero();
    rnn->forward(x, h, true);  // N x T x H
    rows.resize(Shape{static_cast<int>(h.size() / kSeqH), kSeqH});
    std::memcpy(rows.data(), h.data(), sizeof(float) * static_cast<size_t>(h.size()));
    head->forward(rows, scores, true);  // (N*T) x V
    const float loss = loss_forward_backward(LossDesc{}, scores, y, dscores);
    head->backward(dscores, drows);
    dh.resize(h.shape());
    std::memcpy(dh.data(), drows.data(), sizeof(float) * static_cast<size_t>(h.size()));
    rnn->backward(dh, dx);
    sgd(params, lr);
    return loss;
  }
};

// One workload ready to step: the network with the shared initial weights and the shared batch.
struct Runner {
  const Workload& w;
  std::unique_ptr<Model> model;
  std::unique_ptr<SeqNet> seq;
  Tensor x, y, dscores;
  float lr = 0.01f;

  explicit Runner(const Workload& wl) : w(wl) {
    if (w.mode == Mode::Seq) {
      seq = std::make_unique<SeqNet>(std::strcmp(w.spec, "lstm") == 0 ? LayerKind::LSTM : LayerKind::GRU);
      canon_init(seq->params);
      x.resize(Shape{w.batch, kSeqT, kSeqV});
      y.resize(Shape{w.batch * kSeqT});
      canon_seq_batch(w.batch, kSeqT, kSeqV, x, y);
      return;
    }
    model = std::make_unique<Model>(parse_spec_or_throw(w.spec));
    canon_init(model->params());
    x.resize(model->input_shape().with_batch(w.batch));
    y.resize(Shape{w.batch});
    canon_batch(w.batch, static_cast<int>(model->input_shape().numel()),
                static_cast<int>(model->output_shape().numel()), x, y);
  }
  // One step; returns the loss (for inference, of the scores: 10 numbers, negligible next to the forward).
  float step() {
    switch (w.mode) {
      case Mode::Seq: return seq->step(x, y, lr);
      case Mode::Infer: return loss_forward_backward(LossDesc{}, model->forward(x, false), y, dscores);
      case Mode::Train: break;
    }
    model->forward(x, true);
    const float loss = model->backward(y);
    sgd(model->params(), lr);
    return loss;
  }
};

}  // namespace gl::bench
