// What RNN, LSTM and GRU share: parameter setup and init, the time loop with its GEMMs (input projection
// for all steps at once, one hidden projection per step, weight gradients in one GEMM each after the loop),
// per-step hidden-gradient norms, and make_recurrent(). The per-step cell math is in rnn.cpp / lstm.cpp /
// gru.cpp. Not here: bidirectional or stacked layers, initial states other than zero.
#include "engine/layers/recurrent.h"

#include <algorithm>
#include <cmath>

#include "engine/core/check.h"
#include "engine/layers/init.h"
#include "engine/ops/gemm.h"

namespace gl {

namespace {

Param make_param(const char* name, Shape s, bool decay) {
  Param p;
  p.name = name;
  p.value = Tensor(s);
  p.grad = Tensor(s);
  p.decay = decay;
  return p;
}

// out[r, :] += v for every row r of a rows x cols block (rows with stride ld).
void add_row_vector(float* out, int rows, int cols, int ld, const float* v) {
  for (int r = 0; r < rows; ++r) {
    float* o = out + static_cast<int64_t>(r) * ld;
    for (int c = 0; c < cols; ++c) o[c] += v[c];
  }
}

// acc[c] += sum_r m[r, c] over a contiguous rows x cols matrix (bias gradients).
void add_column_sums(float* acc, const float* m, int64_t rows, int cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = m + r * cols;
    for (int c = 0; c < cols; ++c) acc[c] += row[c];
  }
}

}  // namespace

RecurrentLayer::RecurrentLayer(LayerKind kind, int gates, const LayerDesc& desc, const Shape& in_shape)
    : kind_(kind), G_(gates), return_sequences_(desc.return_sequences) {
  NN_CHECK(in_shape.rank() == 2, name(), ": expects T x D input per sample, got ", in_shape.str());
  NN_CHECK(in_shape[0] > 0 && in_shape[1] > 0, name(), ": expects T x D input per sample with T, D > 0, got ",
           in_shape.str());
  NN_CHECK(desc.units > 0, name(), ": hidden size (units) must be positive, got ", desc.units, " (input ",
           in_shape.str(), ")");
  T_ = in_shape[0];
  D_ = in_shape[1];
  H_ = desc.units;
  const int gh = G_ * H_;
  w_ih_ = make_param("weight_ih", Shape{gh, D_}, true);
  w_hh_ = make_param("weight_hh", Shape{gh, H_}, true);
  b_ih_ = make_param("bias_ih", Shape{gh}, false);
  b_hh_ = make_param("bias_hh", Shape{gh}, false);
}

Shape RecurrentLayer::output_shape() const { return return_sequences_ ? Shape{T_, H_} : Shape{H_}; }

void RecurrentLayer::init_params(const InitDesc& init, Rng& rng) {
  // Per layers/init.h with fan_in = D (weight_ih) or H (weight_hh) and fan_out = G*H (all gates' rows).
  // Biases are zero: no LSTM forget-gate bias of 1 (PyTorch does not use one either). PyTorch's own default
  // is init_params_pytorch().
  init_weight(w_ih_.value, init, D_, G_ * H_, rng);
  init_weight(w_hh_.value, init, H_, G_ * H_, rng);
  b_ih_.value.zero();
  b_hh_.value.zero();
}

void RecurrentLayer::init_params_pytorch(Rng& rng) {
  const float k = 1.0f / std::sqrt(static_cast<float>(H_));
  for (Param* p : params())
    for (int64_t i = 0; i < p->value.size(); ++i) p->value[i] = rng.uniform(-k, k);
}

void RecurrentLayer::forward(const Tensor& inp, Tensor& out, bool /*train*/) {
  NN_CHECK(inp.rank() == 3 && inp.dim(1) == T_ && inp.dim(2) == D_, name(), ": built for input ",
           Shape{T_, D_}.str(), " per sample, got a batch of shape ", inp.shape().str());
  const int N = inp.dim(0), T = T_, H = H_, gh = G_ * H_;
  N_ = N;
  inp_ = inp;

  // xw[n, t] = x[n, t] W_ih^T + b_ih for all N*T rows in one GEMM: (N*T x D)(D x GH).
  xw_.resize(Shape{N * T, gh});
  gemm(Trans::No, Trans::Yes, N * T, gh, D_, 1.0f, inp.data(), D_, w_ih_.value.data(), D_, 0.0f, xw_.data(), gh);
  add_row_vector(xw_.data(), N * T, gh, gh, b_ih_.value.data());

  hs_.resize(Shape{T + 1, N, H});
  std::fill(hs_.data(), hs_.data() + static_cast<int64_t>(N) * H, 0.0f);  // h_{-1} = 0
  hw_.resize(Shape{N, gh});
  begin_forward(N);
  for (int t = 0; t < T; ++t) {
    // hw = h_{t-1} W_hh^T + b_hh: (N x H)(H x GH).
    for (int n = 0; n < N; ++n) std::copy(b_hh_.value.data(), b_hh_.value.data() + gh, hw_.data() + n * gh);
    gemm(Trans::No, Trans::Yes, N, gh, H, 1.0f, state(t), H, w_hh_.value.data(), H, 1.0f, hw_.data(), gh);
    step_forward(t, xw_.data() + static_cast<int64_t>(t) * gh, T * gh, hw_.data());
  }

  if (return_sequences_) {
    out.resize(Shape{N, T, H});  // out[n, t] = h_t[n]
    for (int t = 0; t < T; ++t)
      for (int n = 0; n < N; ++n)
        std::copy(state(t + 1) + n * H, state(t + 1) + (n + 1) * H, out.data() + (static_cast<int64_t>(n) * T + t) * H);
  } else {
    out.resize(Shape{N, H});  // out = h_{T-1}
    std::copy(state(T), state(T) + static_cast<int64_t>(N) * H, out.data());
  }
}

void RecurrentLayer::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(N_ > 0, name(), ": backward() called before forward()");
  const Shape want = output_shape().with_batch(N_);
  NN_CHECK(dout.shape() == want, name(), ": dout of shape ", dout.shape().str(), " does not match the output ",
           want.str());
  const int N = N_, T = T_, H = H_, gh = G_ * H_;
  dh_.resize(Shape{N, H});
  dh_.zero();
  dgate_h_.resize(Shape{T, N, gh});
  dgate_x_.resize(Shape{N * T, gh});
  hidden_grad_norms_.assign(static_cast<size_t>(T), 0.0f);

  // Backprop through time: dh holds dL/dh_t, the output's gradient at t plus what flowed back from t+1.
  for (int t = T - 1; t >= 0; --t) {
    float* dh = dh_.data();
    if (return_sequences_) {
      for (int n = 0; n < N; ++n) {
        const float* d = dout.data() + (static_cast<int64_t>(n) * T + t) * H;
        for (int j = 0; j < H; ++j) dh[n * H + j] += d[j];
      }
    } else if (t == T - 1) {
      for (int64_t i = 0; i < static_cast<int64_t>(N) * H; ++i) dh[i] += dout[i];
    }
    double sq = 0.0;
    for (int64_t i = 0; i < static_cast<int64_t>(N) * H; ++i) sq += static_cast<double>(dh[i]) * dh[i];
    hidden_grad_norms_[static_cast<size_t>(t)] = static_cast<float>(std::sqrt(sq));

    float* dgh = dgate_h_.data() + static_cast<int64_t>(t) * N * gh;
    step_backward(t, dh, dgh, dgate_x_.data() + static_cast<int64_t>(t) * gh, T * gh);
    // dL/dh_{t-1} += dgate_h W_hh: (N x GH)(GH x H).
    gemm(Trans::No, Trans::No, N, H, gh, 1.0f, dgh, gh, w_hh_.value.data(), H, 1.0f, dh, H);
  }

  // dweight_hh += sum_t dgate_h[t]^T h_{t-1}: (GH x T*N)(T*N x H); hs[0..T-1] are exactly the h_{t-1}.
  gemm(Trans::Yes, Trans::No, gh, H, T * N, 1.0f, dgate_h_.data(), gh, hs_.data(), H, 1.0f, w_hh_.grad.data(), H);
  add_column_sums(b_hh_.grad.data(), dgate_h_.data(), static_cast<int64_t>(T) * N, gh);
  // dweight_ih += dgate_x^T X: (GH x N*T)(N*T x D); dinp = dgate_x W_ih: (N*T x GH)(GH x D).
  gemm(Trans::Yes, Trans::No, gh, D_, N * T, 1.0f, dgate_x_.data(), gh, inp_.data(), D_, 1.0f, w_ih_.grad.data(),
       D_);
  add_column_sums(b_ih_.grad.data(), dgate_x_.data(), static_cast<int64_t>(N) * T, gh);
  if (!input_grad_) return;
  dinp.resize(inp_.shape());
  gemm(Trans::No, Trans::No, N * T, D_, gh, 1.0f, dgate_x_.data(), gh, w_ih_.value.data(), D_, 0.0f, dinp.data(), D_);
}

std::unique_ptr<Layer> make_recurrent(const LayerDesc& desc, const Shape& in_shape) {
  switch (desc.kind) {
    case LayerKind::RNN: return make_rnn(desc, in_shape);
    case LayerKind::LSTM: return make_lstm(desc, in_shape);
    case LayerKind::GRU: return make_gru(desc, in_shape);
    default: break;
  }
  NN_CHECK(false, "recurrent: layer kind ", layer_kind_name(desc.kind), " is not rnn, lstm or gru (input ",
           in_shape.str(), ")");
  return nullptr;
}

}  // namespace gl
