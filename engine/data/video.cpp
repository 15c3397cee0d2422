// Synthetic video clips for 3D convolution, C x T x H x W: a bright square moving in one of the first k of 8
// directions on a torus (it wraps around the edges). Start positions are uniform over the whole frame, so
// every single frame has the same distribution in every class: a 2D net on one frame is at chance, a net
// that sees time can win. k <= 8: speed 1 or 2 at random; k in 9..16: classes 0..7 move 1 pixel per frame
// and classes 8..k-1 ("fast ...") 2 pixels, so speed matters too. With C > 1 channels the square has a
// random colour (each channel's brightness uniform in [0.3, 1]), the same in every class.
// Not here: natural video or optical flow.
#include <algorithm>
#include <cmath>

#include "engine/core/check.h"
#include "engine/core/limits.h"
#include "engine/data/generators.h"

namespace gl::data_detail {

namespace {

struct Dir {
  int dx, dy;
  const char* name;
};
// First 2 / 4 / 8 entries give the 2-, 4- and 8-direction tasks (y grows downwards).
const Dir kDirs[8] = {{1, 0, "right"},      {-1, 0, "left"},    {0, 1, "down"},      {0, -1, "up"},
                      {1, 1, "down-right"}, {-1, -1, "up-left"}, {-1, 1, "down-left"}, {1, -1, "up-right"}};

int wrap(int v, int n) { return ((v % n) + n) % n; }

}  // namespace

Dataset make_video(const DataDesc& desc) {
  Dataset ds;
  ds.kind = DataKind::VideoMotion;
  ds.name = data_kind_name(ds.kind);
  const int k = desc.num_classes, C = desc.channels, T = desc.frames, H = desc.height, W = desc.width;
  NN_CHECK(k >= 2 && k <= kVideoMaxClasses, "video: num_classes ", k, " must be in [2, ", kVideoMaxClasses,
           "] (8 directions, 9..16 add fast ones)");
  NN_CHECK(C >= 1 && C <= 4 && T >= 2 && T <= 64 && H >= 8 && H <= 128 && W >= 8 && W <= 128, "video: clip ", C,
           " x ", T, " x ", H, " x ", W, " must have 1..4 channels, 2..64 frames and 8..128 pixels per side");
  NN_CHECK(desc.num_samples >= 2 * k && desc.num_samples <= 20000, "video: num_samples ", desc.num_samples,
           " must be in [", 2 * k, ", 20000]");
  NN_CHECK(desc.noise >= 0.0f && desc.noise <= 2.0f, "video: noise ", desc.noise, " must be in [0, 2]");
  const int64_t clip_bytes = int64_t{4} * C * T * H * W;
  NN_CHECK(desc.num_samples * clip_bytes <= kMaxClipSetBytes, "video: ", desc.num_samples, " clips of ", C, " x ", T,
           " x ", H, " x ", W, " need ", fmt_g(static_cast<double>(desc.num_samples * clip_bytes) / (1 << 20)), " MiB; a clip set holds at most ",
           kMaxClipSetBytes >> 20, " MiB (", kMaxClipSetBytes / clip_bytes, " clips of this size)");
  ds.num_classes = k;
  for (int c = 0; c < k; ++c) ds.class_names.push_back(c < 8 ? kDirs[c].name : str_cat("fast ", kDirs[c - 8].name));

  Rng rng(desc.seed);
  Samples s;
  s.sample_shape = Shape{C, T, H, W};
  s.target_shape = Shape{};
  s.n = desc.num_samples;
  const int64_t per = s.sample_shape.numel();
  s.x.assign(static_cast<size_t>(per * s.n), 0.0f);
  const int side = std::max(3, std::min(H, W) / 6);  // square side in pixels
  for (int i = 0; i < s.n; ++i) {
    const int c = i % k;  // equal class counts
    const Dir& dir = kDirs[c % 8];
    // 1 or 2 pixels per frame (k <= 8: at random; more classes: fixed by the class)
    const int speed = k <= 8 ? 1 + static_cast<int>(rng.below(2)) : 1 + c / 8;
    const int x0 = static_cast<int>(rng.below(static_cast<uint32_t>(W)));
    const int y0 = static_cast<int>(rng.below(static_cast<uint32_t>(H)));
    float colour[4] = {1.0f, 1.0f, 1.0f, 1.0f};
    if (C > 1)
      for (int ch = 0; ch < C; ++ch) colour[ch] = rng.uniform(0.3f, 1.0f);
    float* clip = s.x.data() + i * per;  // C x T x H x W
    for (int ch = 0; ch < C; ++ch)
      for (int t = 0; t < T; ++t) {
        const int cx = x0 + t * speed * dir.dx, cy = y0 + t * speed * dir.dy;
        float* frame = clip + (static_cast<int64_t>(ch) * T + t) * H * W;  // H x W
        for (int yy = 0; yy < side; ++yy)
          for (int xx = 0; xx < side; ++xx) frame[wrap(cy + yy, H) * W + wrap(cx + xx, W)] = colour[ch];
        if (desc.noise > 0.0f)
          for (int p = 0; p < H * W; ++p) frame[p] += desc.noise * rng.normal();
      }
    s.y.push_back(static_cast<float>(c));
  }
  split_into(ds, s, desc.train_frac, rng);
  return ds;
}

}  // namespace gl::data_detail
