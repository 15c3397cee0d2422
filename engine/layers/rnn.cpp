// Vanilla (Elman) RNN cell, PyTorch's nn.RNN with nonlinearity='tanh':
//   h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
// Only the per-step math lives here; the time loop and GEMMs are in recurrent.cpp. No ReLU variant.
#include <cmath>

#include "engine/layers/recurrent.h"

namespace gl {

namespace {

class RnnLayer final : public RecurrentLayer {
 public:
  RnnLayer(const LayerDesc& desc, const Shape& in_shape) : RecurrentLayer(LayerKind::RNN, 1, desc, in_shape) {}

 protected:
  void begin_forward(int) override {}  // the hidden states (kept by the base) are all the cell needs

  void step_forward(int t, const float* xw, int ld, const float* hw) override {
    const int N = batch(), H = units();
    float* h = state(t + 1);  // N x H
    for (int n = 0; n < N; ++n)
      for (int j = 0; j < H; ++j) h[n * H + j] = std::tanh(xw[n * ld + j] + hw[n * H + j]);
  }

  // da = dh * (1 - h_t^2), the same on the W_ih and W_hh sides; nothing bypasses W_hh.
  void step_backward(int t, float* dh, float* dgate_h, float* dgate_x, int ld) override {
    const int N = batch(), H = units();
    const float* h = state(t + 1);
    for (int n = 0; n < N; ++n)
      for (int j = 0; j < H; ++j) {
        const int i = n * H + j;
        const float da = dh[i] * (1.0f - h[i] * h[i]);
        dgate_h[i] = da;
        dgate_x[n * ld + j] = da;
        dh[i] = 0.0f;
      }
  }
};

}  // namespace

std::unique_ptr<RecurrentLayer> make_rnn(const LayerDesc& desc, const Shape& in_shape) {
  return std::make_unique<RnnLayer>(desc, in_shape);
}

}  // namespace gl
