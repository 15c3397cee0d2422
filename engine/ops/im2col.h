// im2col / col2im for 2D and 3D convolutions (one code path: a 2D input is a 3D one with T = 1, kT = 1),
// plus a naive direct convolution (forward and backward) kept next to it as the reference the tests use.
// Works on ONE sample; the conv layer loops over the batch. No shape validation here: the layer resolves
// and checks the geometry (engine/layers/spatial.h) before calling in.
#pragma once
#include <cstdint>

namespace gl {

// Geometry of a convolution or pooling window over one sample C x T x H x W (2D: T = 1, k/s/p[0] = 1/1/0).
// Axis index 0 = T, 1 = H, 2 = W. out[a] = floor((in[a] + 2 p[a] - k[a]) / s[a]) + 1.
struct ConvGeom {
  int C = 1;
  int in[3] = {1, 1, 1};
  int k[3] = {1, 1, 1};
  int s[3] = {1, 1, 1};
  int p[3] = {0, 0, 0};
  int out[3] = {1, 1, 1};
  bool is3d = false;

  int64_t in_size() const { return int64_t(in[0]) * in[1] * in[2]; }     // T*H*W
  int64_t out_size() const { return int64_t(out[0]) * out[1] * out[2]; }  // oT*oH*oW
  int64_t kvol() const { return int64_t(k[0]) * k[1] * k[2]; }           // kT*kH*kW
  int64_t col_rows() const { return C * kvol(); }                          // K = C*kT*kH*kW
  // 1x1(x1) kernel, stride 1, no padding: the column matrix IS the input (im2col can be skipped).
  bool is_pointwise() const;
  void compute_out();
};

// col[K x P], K = C*kT*kH*kW (row index ((c*kT + kt)*kH + kh)*kW + kw), P = oT*oH*oW; zero padding.
void im2col(const ConvGeom& g, const float* x /* C x T x H x W */, float* col /* K x P */);
// dx = adjoint of im2col applied to dcol (overwrites dx; overlapping windows are summed).
void col2im(const ConvGeom& g, const float* dcol /* K x P */, float* dx /* C x T x H x W */);

// Reference: y[o, p] = b[o] + sum_{c,kt,kh,kw} w[o, c, kt, kh, kw] * x[c, p*s - pad + k]  (b may be null).
void conv_direct_ref(const ConvGeom& g, int c_out, const float* x, const float* w, const float* b,
                     float* y /* Cout x oT x oH x oW */);
// Reference backward: dx = sum_o w^T dy (overwritten), dw += x (*) dy, db += sum_p dy (db may be null).
void conv_direct_ref_backward(const ConvGeom& g, int c_out, const float* x, const float* w, const float* dy,
                              float* dx, float* dw, float* db);

}  // namespace gl
