// Feature extraction (features.h): histograms and HOG, straight loops over N x C x H x W; shapes in the
// comments. The HOG follows Dalal & Triggs' cell histograms (unsigned orientation, bilinear in angle) without
// their block normalisation; each cell is normalised on its own.
#include "engine/classic/features.h"

#include <algorithm>
#include <cmath>

namespace gl {

namespace {

const char* const kNames[] = {"pixels", "hist", "hog", "hoghist"};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(FeatureKind::Count));
constexpr double kPi = 3.14159265358979323846;

void check_desc(const Shape& s, const FeatureDesc& d) {
  NN_CHECK(s.rank() == 3, "features: images must be C x H x W per sample, got ", s.str());
  NN_CHECK(d.hist_bins >= 2 && d.hist_bins <= 256, "features: hist_bins ", d.hist_bins, " must be in [2, 256]");
  if (d.kind != FeatureKind::HOG && d.kind != FeatureKind::HOGHist) return;
  NN_CHECK(d.hog_bins >= 2 && d.hog_bins <= 36, "features: hog_bins ", d.hog_bins, " must be in [2, 36]");
  NN_CHECK(d.hog_cell >= 1 && d.hog_cell <= std::max(s[1], s[2]), "features: hog_cell ", d.hog_cell,
           " must be in [1, ", std::max(s[1], s[2]), "] for images ", s.str());
}

int cells(int n, int cell) { return (n + cell - 1) / cell; }

// img: C x H x W -> out: C x bins (fractions of the H x W pixels per channel).
void histogram(const float* img, int C, int H, int W, int bins, float* out) {
  std::fill(out, out + C * bins, 0.0f);
  const float share = 1.0f / static_cast<float>(H * W);
  for (int c = 0; c < C; ++c)
    for (int p = 0; p < H * W; ++p) {
      const int b = std::clamp(static_cast<int>(img[c * H * W + p] * static_cast<float>(bins)), 0, bins - 1);
      out[c * bins + b] += share;
    }
}

// img: C x H x W -> out: cells_y x cells_x x bins; gray: H x W scratch.
void hog(const float* img, int C, int H, int W, const FeatureDesc& d, std::vector<float>& gray, float* out) {
  const int cy = cells(H, d.hog_cell), cx = cells(W, d.hog_cell), B = d.hog_bins;
  gray.assign(static_cast<size_t>(H) * W, 0.0f);
  for (int c = 0; c < C; ++c)
    for (int p = 0; p < H * W; ++p) gray[static_cast<size_t>(p)] += img[c * H * W + p] / static_cast<float>(C);
  std::fill(out, out + cy * cx * B, 0.0f);
  auto at = [&](int y, int x) { return gray[static_cast<size_t>(std::clamp(y, 0, H - 1) * W + std::clamp(x, 0, W - 1))]; };
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      const double gx = at(y, x + 1) - at(y, x - 1), gy = at(y + 1, x) - at(y - 1, x);
      const double mag = std::sqrt(gx * gx + gy * gy);
      if (mag == 0.0) continue;
      double ang = std::atan2(gy, gx);       // (-pi, pi]
      if (ang < 0) ang += kPi;               // unsigned: [0, pi]
      const double pos = ang / kPi * B - 0.5;  // bin centres at (b + 0.5) * pi / B
      const int b0 = static_cast<int>(std::floor(pos));
      const double w1 = pos - b0;
      float* cell = out + ((y / d.hog_cell) * cx + x / d.hog_cell) * B;
      cell[(b0 % B + B) % B] += static_cast<float>(mag * (1.0 - w1));
      cell[((b0 + 1) % B + B) % B] += static_cast<float>(mag * w1);
    }
  for (int k = 0; k < cy * cx; ++k) {
    float* v = out + k * B;
    double s = 1e-6;
    for (int b = 0; b < B; ++b) s += static_cast<double>(v[b]) * v[b];
    const float inv = static_cast<float>(1.0 / std::sqrt(s));
    for (int b = 0; b < B; ++b) v[b] *= inv;
  }
}

}  // namespace

const char* feature_kind_name(FeatureKind k) { return kNames[static_cast<int>(k)]; }

FeatureKind parse_feature_kind(const std::string& name) {
  std::string valid;
  for (int i = 0; i < static_cast<int>(FeatureKind::Count); ++i) {
    if (name == kNames[i]) return static_cast<FeatureKind>(i);
    valid += (i ? ", " : "") + std::string(kNames[i]);
  }
  throw EngineError(str_cat("features: '", name, "' is not one of: ", valid));
}

int feature_count(const Shape& s, const FeatureDesc& d) {
  check_desc(s, d);
  const int hist = s[0] * d.hist_bins, hogn = cells(s[1], d.hog_cell) * cells(s[2], d.hog_cell) * d.hog_bins;
  switch (d.kind) {
    case FeatureKind::Pixels: return static_cast<int>(s.numel());
    case FeatureKind::Histogram: return hist;
    case FeatureKind::HOG: return hogn;
    case FeatureKind::HOGHist: return hogn + hist;
    case FeatureKind::Count: break;
  }
  return 0;
}

void extract_features(const Tensor& images, const FeatureDesc& d, Tensor& out) {
  NN_CHECK(images.rank() == 4, "features: images must be N x C x H x W, got ", images.shape().str());
  const Shape s = images.shape().drop_batch();
  const int N = images.dim(0), C = s[0], H = s[1], W = s[2], D = feature_count(s, d);
  out.resize(Shape{N, D});
  const int hogn = d.kind == FeatureKind::HOG || d.kind == FeatureKind::HOGHist
                       ? cells(H, d.hog_cell) * cells(W, d.hog_cell) * d.hog_bins : 0;
  std::vector<float> gray;
  for (int n = 0; n < N; ++n) {
    const float* img = images.data() + static_cast<int64_t>(n) * s.numel();  // C x H x W
    float* row = out.data() + static_cast<int64_t>(n) * D;                  // D
    switch (d.kind) {
      case FeatureKind::Pixels: std::copy_n(img, D, row); break;
      case FeatureKind::Histogram: histogram(img, C, H, W, d.hist_bins, row); break;
      case FeatureKind::HOG: hog(img, C, H, W, d, gray, row); break;
      case FeatureKind::HOGHist:
        hog(img, C, H, W, d, gray, row);
        histogram(img, C, H, W, d.hist_bins, row + hogn);
        break;
      case FeatureKind::Count: break;
    }
  }
}

void FeatureScaler::fit(const Tensor& x) {
  NN_CHECK(x.rank() == 2 && x.dim(0) > 0, "feature scaler: fit needs N x D rows, got ", x.shape().str());
  const int N = x.dim(0), D = x.dim(1);
  std::vector<double> m(static_cast<size_t>(D), 0.0), v(static_cast<size_t>(D), 0.0);
  for (int n = 0; n < N; ++n)
    for (int j = 0; j < D; ++j) m[static_cast<size_t>(j)] += x.data()[static_cast<int64_t>(n) * D + j];
  for (double& a : m) a /= N;
  for (int n = 0; n < N; ++n)
    for (int j = 0; j < D; ++j) {
      const double e = x.data()[static_cast<int64_t>(n) * D + j] - m[static_cast<size_t>(j)];
      v[static_cast<size_t>(j)] += e * e;
    }
  mean.assign(m.begin(), m.end());
  inv_std.resize(static_cast<size_t>(D));
  for (int j = 0; j < D; ++j) {
    const double sd = std::sqrt(v[static_cast<size_t>(j)] / N);
    inv_std[static_cast<size_t>(j)] = sd > 1e-6 ? static_cast<float>(1.0 / (sd + 1e-6)) : 0.0f;
  }
}

void FeatureScaler::apply(Tensor& x) const {
  NN_CHECK(x.rank() == 2 && x.dim(1) == static_cast<int>(mean.size()), "feature scaler: rows of ", mean.size(),
           " features expected, got ", x.shape().str());
  const int64_t D = x.dim(1);
  for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = (x.data()[i] - mean[static_cast<size_t>(i % D)]) * inv_std[static_cast<size_t>(i % D)];
}

void prepare_features(const Tensor& x_train, const Tensor& x_test, const FeatureDesc& desc, Tensor& f_train,
                      Tensor& f_test) {
  extract_features(x_train, desc, f_train);
  extract_features(x_test, desc, f_test);
  FeatureScaler scaler;
  scaler.fit(f_train);
  scaler.apply(f_train);
  scaler.apply(f_test);
}

}  // namespace gl
