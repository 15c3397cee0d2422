// LSTM cell with PyTorch's nn.LSTM gate order (i, f, g, o) and both biases:
//   [a_i a_f a_g a_o] = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh
//   i = sig(a_i), f = sig(a_f), g = tanh(a_g), o = sig(a_o);  c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
// Only the per-step math lives here; the time loop and GEMMs are in recurrent.cpp. No peepholes, no
// projection (proj_size), zero initial cell state.
#include <algorithm>
#include <cmath>

#include "engine/layers/recurrent.h"

namespace gl {

namespace {

class LstmLayer final : public RecurrentLayer {
 public:
  LstmLayer(const LayerDesc& desc, const Shape& in_shape) : RecurrentLayer(LayerKind::LSTM, 4, desc, in_shape) {}

 protected:
  void begin_forward(int N) override {
    const int T = steps(), H = units();
    gates_.resize(Shape{T, N, 4 * H});
    cs_.resize(Shape{T + 1, N, H});
    std::fill(cs_.data(), cs_.data() + static_cast<int64_t>(N) * H, 0.0f);  // c_{-1} = 0
  }

  void step_forward(int t, const float* xw, int ld, const float* hw) override {
    const int N = batch(), H = units(), gh = 4 * H;
    float* gate = gates_.data() + static_cast<int64_t>(t) * N * gh;  // N x 4H: i, f, g, o after activation
    const float* c_prev = cell(t);
    float* c = cell(t + 1);
    float* h = state(t + 1);
    for (int n = 0; n < N; ++n) {
      float* gn = gate + n * gh;
      for (int k = 0; k < gh; ++k) {
        const float a = xw[n * ld + k] + hw[n * gh + k];
        gn[k] = (k >= 2 * H && k < 3 * H) ? std::tanh(a) : sigmoid(a);
      }
      for (int j = 0; j < H; ++j) {
        const float i = gn[j], f = gn[H + j], g = gn[2 * H + j], o = gn[3 * H + j];
        const int s = n * H + j;
        c[s] = f * c_prev[s] + i * g;
        h[s] = o * std::tanh(c[s]);
      }
    }
  }

  // dc carries dL/dc_t from step t+1 (reset at the last step, where backward() begins):
  //   dc += dh o (1 - tanh^2 c_t);  do = dh tanh c_t;  di = dc g;  dg = dc i;  df = dc c_{t-1};  dc <- dc f
  //   then through the activations: da_i = di i (1-i), da_f = df f (1-f), da_g = dg (1-g^2), da_o = do o (1-o).
  void step_backward(int t, float* dh, float* dgate_h, float* dgate_x, int ld) override {
    const int N = batch(), H = units(), gh = 4 * H;
    if (t == steps() - 1) {
      dc_.resize(Shape{N, H});
      dc_.zero();
    }
    const float* gate = gates_.data() + static_cast<int64_t>(t) * N * gh;
    const float* c_prev = cell(t);
    const float* c = cell(t + 1);
    for (int n = 0; n < N; ++n) {
      const float* gn = gate + n * gh;
      float* dgh = dgate_h + n * gh;
      float* dgx = dgate_x + static_cast<int64_t>(n) * ld;
      for (int j = 0; j < H; ++j) {
        const int s = n * H + j;
        const float i = gn[j], f = gn[H + j], g = gn[2 * H + j], o = gn[3 * H + j];
        const float tc = std::tanh(c[s]);
        const float dc = dc_[s] + dh[s] * o * (1.0f - tc * tc);
        const float d_o = dh[s] * tc;
        dgh[j] = dc * g * i * (1.0f - i);
        dgh[H + j] = dc * c_prev[s] * f * (1.0f - f);
        dgh[2 * H + j] = dc * i * (1.0f - g * g);
        dgh[3 * H + j] = d_o * o * (1.0f - o);
        dc_[s] = dc * f;
        dh[s] = 0.0f;
      }
      std::copy(dgh, dgh + gh, dgx);
    }
  }

 private:
  float* cell(int t) { return cs_.data() + static_cast<int64_t>(t) * batch() * units(); }

  Tensor gates_;  // T x N x 4H: i, f, g, o of every step (after their activations)
  Tensor cs_;     // (T+1) x N x H: cs[0] = 0, cs[t+1] = c_t
  Tensor dc_;     // N x H: dL/dc_t carried backwards in time
};

}  // namespace

std::unique_ptr<RecurrentLayer> make_lstm(const LayerDesc& desc, const Shape& in_shape) {
  return std::make_unique<LstmLayer>(desc, in_shape);
}

}  // namespace gl
