// Recurrent layers over N x T x D sequences with backprop through time: vanilla RNN (tanh), LSTM, GRU,
// with PyTorch's gate layout and both bias vectors (b_ih, b_hh), so parameter counts match nn.LSTM/nn.GRU.
// RecurrentLayer owns what the three share (parameters, the one-GEMM input projection, the time loop, the
// weight-gradient GEMMs, per-step hidden-gradient norms); each cell (rnn.cpp, lstm.cpp, gru.cpp) supplies
// only its per-step math. One layer, one direction, zero initial state; no masking of variable lengths.
#pragma once
#include <cmath>
#include <memory>
#include <vector>

#include "engine/layers/layer.h"

namespace gl {

// The gate nonlinearity of LSTM and GRU cells.
inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

class RecurrentLayer : public Layer {
 public:
  LayerKind kind() const override { return kind_; }
  Shape output_shape() const override;
  void forward(const Tensor& inp, Tensor& out, bool train) override;
  void backward(const Tensor& dout, Tensor& dinp) override;
  std::vector<Param*> params() override { return {&w_ih_, &w_hh_, &b_ih_, &b_hh_}; }
  // Weights per layers/init.h with fan_in = D (weight_ih) or H (weight_hh), fan_out = G*H; biases zero.
  void init_params(const InitDesc& init, Rng& rng) override;
  // PyTorch's own default: every weight and bias ~ uniform(-1/sqrt(H), 1/sqrt(H)).
  void init_params_pytorch(Rng& rng);

  // ||dL/dh_t|| (Frobenius over the batch, N x H) for t = 0..T-1 from the last backward(): the total
  // gradient reaching hidden state t (from the output and from later steps). For the vanishing / exploding
  // gradient views; empty before the first backward().
  std::vector<float> hidden_grad_norms() const { return hidden_grad_norms_; }
  int steps() const { return T_; }
  int input_size() const { return D_; }
  int units() const { return H_; }
  int gates() const { return G_; }

 protected:
  // Validates the configuration (T x D input, units > 0); G = gates per unit (RNN 1, LSTM 4, GRU 3).
  // desc.kind is not read: the cell says what it is.
  RecurrentLayer(LayerKind kind, int gates, const LayerDesc& desc, const Shape& in_shape);

  // Cell hooks. Step t reads h_{t-1} = state(t) (N x H, zero at t = 0) and must write h_t into state(t + 1).
  // xw: N rows of x_t W_ih^T + b_ih with row stride ld (G*H wide); hw: h_{t-1} W_hh^T + b_hh, N x G*H.
  virtual void begin_forward(int N) = 0;  // size and reset the cell's per-batch storage
  virtual void step_forward(int t, const float* xw, int ld, const float* hw) = 0;
  // dh (N x H): on entry dL/dh_t; on exit the part of dL/dh_{t-1} that does not flow through W_hh (0 for
  // RNN / LSTM, dh * z for GRU). Writes the pre-activation gradients: dgate_h (N x G*H, the W_hh side,
  // contiguous) and dgate_x (N rows, stride ld, the W_ih side; equal to dgate_h except GRU's n gate).
  virtual void step_backward(int t, float* dh, float* dgate_h, float* dgate_x, int ld) = 0;

  const char* name() const { return layer_kind_name(kind_); }
  int batch() const { return N_; }
  float* state(int t) { return hs_.data() + static_cast<int64_t>(t) * N_ * H_; }
  const float* state(int t) const { return hs_.data() + static_cast<int64_t>(t) * N_ * H_; }

 private:
  LayerKind kind_;
  int T_, D_, H_, G_;
  bool return_sequences_;
  int N_ = 0;  // batch of the last forward, 0 before any
  Param w_ih_, w_hh_, b_ih_, b_hh_;
  Tensor inp_;       // N x T x D, copy of the last input (for dweight_ih)
  Tensor xw_;        // N x T x GH: X W_ih^T + b_ih for every step, one GEMM
  Tensor hw_;        // N x GH: per-step workspace, h_{t-1} W_hh^T + b_hh
  Tensor hs_;        // (T+1) x N x H, time-major: hs[0] = 0, hs[t+1] = h_t
  Tensor dh_;        // N x H: running dL/dh_t in backward
  Tensor dgate_h_;   // T x N x GH, time-major (rows line up with hs[0..T-1] for dweight_hh)
  Tensor dgate_x_;   // N x T x GH, batch-major (rows line up with inp_ for dweight_ih, dinp)
  std::vector<float> hidden_grad_norms_;
};

// desc.kind is RNN, LSTM or GRU; in_shape is T x D. Output T x H with return_sequences, else H.
std::unique_ptr<Layer> make_recurrent(const LayerDesc& desc, const Shape& in_shape);

// One per cell, defined in rnn.cpp, lstm.cpp, gru.cpp; make_recurrent dispatches on desc.kind.
std::unique_ptr<RecurrentLayer> make_rnn(const LayerDesc& desc, const Shape& in_shape);
std::unique_ptr<RecurrentLayer> make_lstm(const LayerDesc& desc, const Shape& in_shape);
std::unique_ptr<RecurrentLayer> make_gru(const LayerDesc& desc, const Shape& in_shape);

}  // namespace gl
