// Frames forward / backward: a transpose of the C and T axes of each sample, H x W blocks moved whole.
//   out[n, t, c*HW + p] = inp[n, c, t, p]      dinp[n, c, t, p] = dout[n, t, c*HW + p]
#include "engine/layers/frames.h"

#include <algorithm>

#include "engine/core/check.h"
#include "engine/layers/batch_shape.h"

namespace gl {

namespace {

// Copies the H x W blocks of one sample between C x T x HW (clip) and T x C x HW (frames) order.
void move_blocks(const float* src, float* dst, int C, int T, int64_t HW, bool to_frames) {
  for (int c = 0; c < C; ++c)
    for (int t = 0; t < T; ++t) {
      const int64_t clip = (static_cast<int64_t>(c) * T + t) * HW, frame = (static_cast<int64_t>(t) * C + c) * HW;
      std::copy_n(src + (to_frames ? clip : frame), HW, dst + (to_frames ? frame : clip));
    }
}

}  // namespace

Frames::Frames(const LayerDesc&, const Shape& in_shape) : in_shape_(in_shape) {
  NN_CHECK(in_shape.rank() == 4, "frames: needs a clip C x T x H x W, got ", in_shape.str());
  const int64_t per_frame = in_shape.numel() / in_shape[1];
  NN_CHECK(per_frame <= (int64_t{1} << 30), "frames: frames of ", per_frame, " values are too large");
  out_shape_ = Shape{in_shape[1], static_cast<int>(per_frame)};
}

void Frames::forward(const Tensor& inp, Tensor& out, bool) {
  NN_CHECK(has_sample_shape(inp, in_shape_), "frames: expected input N x ", in_shape_.str(), ", got ", inp.shape().str());
  n_ = inp.dim(0);
  out.resize(set_batched(shape_n_, n_, out_shape_));
  const int64_t per = in_shape_.numel(), HW = int64_t{in_shape_[2]} * in_shape_[3];
  for (int n = 0; n < n_; ++n) move_blocks(inp.data() + n * per, out.data() + n * per, in_shape_[0], in_shape_[1], HW, true);
}

void Frames::backward(const Tensor& dout, Tensor& dinp) {
  NN_CHECK(has_sample_shape(dout, out_shape_) && dout.dim(0) == n_, "frames: dout ", dout.shape().str(),
           " does not match output ", out_shape_.with_batch(n_).str(), " of the last forward");
  if (!input_grad_) return;
  dinp.resize(set_batched(shape_n_, n_, in_shape_));
  const int64_t per = in_shape_.numel(), HW = int64_t{in_shape_[2]} * in_shape_[3];
  for (int n = 0; n < n_; ++n) move_blocks(dout.data() + n * per, dinp.data() + n * per, in_shape_[0], in_shape_[1], HW, false);
}

}  // namespace gl
