// GRU cell with PyTorch's nn.GRU gate order (r, z, n); b_hn stays inside the reset gate's product:
//   r = sig(x W_ir^T + b_ir + h W_hr^T + b_hr),  z = sig(x W_iz^T + b_iz + h W_hz^T + b_hz)
//   n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn)),  h_t = (1 - z) n + z h_{t-1}
// Only the per-step math lives here; the time loop and GEMMs are in recurrent.cpp.
#include <cmath>

#include "engine/layers/recurrent.h"

namespace gl {

namespace {

class GruLayer final : public RecurrentLayer {
 public:
  GruLayer(const LayerDesc& desc, const Shape& in_shape) : RecurrentLayer(LayerKind::GRU, 3, desc, in_shape) {}

 protected:
  void begin_forward(int N) override {
    gates_.resize(Shape{steps(), N, 3 * units()});
    hn_.resize(Shape{steps(), N, units()});
  }

  void step_forward(int t, const float* xw, int ld, const float* hw) override {
    const int N = batch(), H = units(), gh = 3 * H;
    float* gate = gates_.data() + static_cast<int64_t>(t) * N * gh;  // N x 3H: r, z, n after activation
    float* hn = hn_.data() + static_cast<int64_t>(t) * N * H;        // N x H: h W_hn^T + b_hn
    const float* h_prev = state(t);
    float* h = state(t + 1);
    for (int n = 0; n < N; ++n) {
      const float* x = xw + static_cast<int64_t>(n) * ld;
      const float* hh = hw + n * gh;
      float* gn = gate + n * gh;
      for (int j = 0; j < H; ++j) {
        const int s = n * H + j;
        const float r = sigmoid(x[j] + hh[j]);
        const float z = sigmoid(x[H + j] + hh[H + j]);
        hn[s] = hh[2 * H + j];
        const float nn = std::tanh(x[2 * H + j] + r * hn[s]);
        gn[j] = r;
        gn[H + j] = z;
        gn[2 * H + j] = nn;
        h[s] = (1.0f - z) * nn + z * h_prev[s];
      }
    }
  }

  //   dn = dh (1-z);  dz = dh (h_{t-1} - n);  da_n = dn (1-n^2);  dr = da_n hn;
  //   da_r = dr r (1-r);  da_z = dz z (1-z);  W_ih side gets da_n, W_hh side gets da_n * r;
  //   dh_{t-1} = dh z (direct) + dgate_h W_hh (added by the caller).
  void step_backward(int t, float* dh, float* dgate_h, float* dgate_x, int ld) override {
    const int N = batch(), H = units(), gh = 3 * H;
    const float* gate = gates_.data() + static_cast<int64_t>(t) * N * gh;
    const float* hn = hn_.data() + static_cast<int64_t>(t) * N * H;
    const float* h_prev = state(t);
    for (int n = 0; n < N; ++n) {
      const float* gn = gate + n * gh;
      float* dgh = dgate_h + n * gh;
      float* dgx = dgate_x + static_cast<int64_t>(n) * ld;
      for (int j = 0; j < H; ++j) {
        const int s = n * H + j;
        const float r = gn[j], z = gn[H + j], nn = gn[2 * H + j];
        const float da_n = dh[s] * (1.0f - z) * (1.0f - nn * nn);
        const float da_z = dh[s] * (h_prev[s] - nn) * z * (1.0f - z);
        const float da_r = da_n * hn[s] * r * (1.0f - r);
        dgh[j] = dgx[j] = da_r;
        dgh[H + j] = dgx[H + j] = da_z;
        dgx[2 * H + j] = da_n;
        dgh[2 * H + j] = da_n * r;
        dh[s] *= z;
      }
    }
  }

 private:
  Tensor gates_;  // T x N x 3H: r, z, n of every step (after their activations)
  Tensor hn_;     // T x N x H: h_{t-1} W_hn^T + b_hn, needed for dr
};

}  // namespace

std::unique_ptr<RecurrentLayer> make_gru(const LayerDesc& desc, const Shape& in_shape) {
  return std::make_unique<GruLayer>(desc, in_shape);
}

}  // namespace gl
