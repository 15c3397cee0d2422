// GEMM paths (gemm, gemm_packed, gemm_small, gemm_eigen) against the naive gemm_ref: many shapes 1..130 and
// past the cache blocks, all four transpose combinations, leading dimensions larger than the rows (padding
// filled with NaN so any stray read shows), alpha/beta values, beta = 0 over NaN garbage, pack-buffer reuse.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/ops/gemm.h"
#include "engine/ops/gemm_packed.h"

using namespace gl;

namespace {

using GemmFn = void (*)(Trans, Trans, int, int, int, float, const float*, int, const float*, int, float, float*,
                        int);
struct Path {
  const char* name;
  GemmFn fn;
};
const Path kPaths[] = {{"gemm", gemm}, {"gemm_packed", gemm_packed}, {"gemm_small", gemm_small},
                       {"gemm_eigen", gemm_eigen}};

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct Case {
  Trans ta = Trans::No, tb = Trans::No;
  int M = 1, N = 1, K = 1;
  int pad_a = 0, pad_b = 0, pad_c = 0;  // extra columns in each row-major buffer (lda = cols + pad)
  float alpha = 1.0f, beta = 0.0f;
  bool nan_c = false;                    // fill C with NaN before the call (only meaningful with beta = 0)
  std::string str() const {
    std::ostringstream s;
    s << "M=" << M << " N=" << N << " K=" << K << " ta=" << (ta == Trans::Yes) << " tb=" << (tb == Trans::Yes)
      << " pads=" << pad_a << "," << pad_b << "," << pad_c << " alpha=" << alpha << " beta=" << beta
      << (nan_c ? " C=NaN" : "");
    return s.str();
  }
};

// Runs one case through `path` and gemm_ref; returns the worst error relative to the magnitude bound
// |alpha| * |op(A)| |op(B)| + |beta| |C| (so cancellation does not inflate it), or +inf on a bad value.
double run_case(const Case& c, const Path& path, Rng& rng) {
  const bool at = c.ta == Trans::Yes, bt = c.tb == Trans::Yes;
  const int a_rows = at ? c.K : c.M, a_cols = at ? c.M : c.K;  // stored A
  const int b_rows = bt ? c.N : c.K, b_cols = bt ? c.K : c.N;  // stored B
  const int lda = a_cols + c.pad_a, ldb = b_cols + c.pad_b, ldc = c.N + c.pad_c;
  auto fill = [&](std::vector<float>& v, int rows, int cols, int ld) {
    v.assign(static_cast<size_t>(rows) * ld, kNaN);  // padding stays NaN: reading it poisons C
    for (int r = 0; r < rows; ++r)
      for (int q = 0; q < cols; ++q) v[static_cast<size_t>(r) * ld + q] = 2.0f * rng.uniform() - 1.0f;
  };
  std::vector<float> A, B, C0;
  fill(A, a_rows, a_cols, lda);
  fill(B, b_rows, b_cols, ldb);
  fill(C0, c.M, c.N, ldc);
  for (size_t i = 0; i < C0.size(); ++i)
    if ((i % static_cast<size_t>(ldc)) >= static_cast<size_t>(c.N)) C0[i] = 12345.0f;  // sentinel in C's padding
  if (c.nan_c)
    for (int i = 0; i < c.M; ++i)
      for (int j = 0; j < c.N; ++j) C0[static_cast<size_t>(i) * ldc + j] = kNaN;

  std::vector<float> got = C0, want = C0, bound(C0.size(), 0.0f);
  path.fn(c.ta, c.tb, c.M, c.N, c.K, c.alpha, A.data(), lda, B.data(), ldb, c.beta, got.data(), ldc);
  gemm_ref(c.ta, c.tb, c.M, c.N, c.K, c.alpha, A.data(), lda, B.data(), ldb, c.beta, want.data(), ldc);
  // bound = |alpha| |op(A)| |op(B)| + |beta| |C0|, from the same reference on absolute values.
  std::vector<float> absA = A, absB = B, absC = C0;
  for (float& v : absA) v = std::fabs(v);
  for (float& v : absB) v = std::fabs(v);
  for (float& v : absC) v = c.nan_c ? 0.0f : std::fabs(v);
  bound = absC;
  gemm_ref(c.ta, c.tb, c.M, c.N, c.K, std::fabs(c.alpha), absA.data(), lda, absB.data(), ldb, std::fabs(c.beta),
           bound.data(), ldc);

  double worst = 0.0;
  for (int i = 0; i < c.M; ++i) {
    for (int j = 0; j < ldc; ++j) {
      const size_t at_ij = static_cast<size_t>(i) * ldc + j;
      if (j >= c.N) {  // padding of C must be untouched
        if (got[at_ij] != 12345.0f) return std::numeric_limits<double>::infinity();
        continue;
      }
      if (!std::isfinite(got[at_ij])) return std::numeric_limits<double>::infinity();
      const double err = std::fabs(static_cast<double>(got[at_ij]) - want[at_ij]) / (bound[at_ij] + 1e-6);
      worst = std::max(worst, err);
    }
  }
  return worst;
}

void check_all_paths(const Case& c, Rng& rng, double tol = 1e-5) {
  for (const Path& p : kPaths) {
    const double err = run_case(c, p, rng);
    INFO(p.name, ": ", c.str(), " worst scaled error ", err);
    CHECK(err < tol);
  }
}

Trans trans_of(int bit) { return bit ? Trans::Yes : Trans::No; }

}  // namespace

TEST_CASE("gemm paths match gemm_ref on every size 1..17 and every transpose") {
  Rng rng(11);
  for (int M = 1; M <= 17; M += 2)
    for (int N = 1; N <= 17; N += 3)
      for (int K = 1; K <= 17; K += 4)
        for (int t = 0; t < 4; ++t) {
          Case c;
          c.M = M, c.N = N, c.K = K, c.ta = trans_of(t & 1), c.tb = trans_of(t & 2);
          c.alpha = 1.0f, c.beta = (M + N) % 2 ? 0.0f : 0.5f;
          check_all_paths(c, rng);
        }
}

TEST_CASE("gemm paths match gemm_ref on random shapes up to 130 with padding, alpha and beta") {
  Rng rng(12);
  const float alphas[] = {1.0f, -0.5f, 2.0f, 0.0f};
  const float betas[] = {0.0f, 1.0f, 0.25f, -1.0f};
  for (int trial = 0; trial < 48; ++trial) {
    Case c;
    c.M = 1 + static_cast<int>(rng.below(130));
    c.N = 1 + static_cast<int>(rng.below(130));
    c.K = 1 + static_cast<int>(rng.below(130));
    c.ta = trans_of(trial & 1), c.tb = trans_of(trial & 2);
    c.pad_a = static_cast<int>(rng.below(5)), c.pad_b = static_cast<int>(rng.below(5));
    c.pad_c = static_cast<int>(rng.below(3));
    c.alpha = alphas[(trial / 4) % 4];
    c.beta = betas[(trial / 16 + trial) % 4];
    check_all_paths(c, rng);
  }
}

TEST_CASE("gemm paths cross the cache blocks: K > KC, M > MC, N > NC") {
  const GemmBlocking blk = gemm_blocking();
  CHECK(blk.mr > 0);
  CHECK(blk.kc >= blk.mr);
  Rng rng(13);
  const int shapes[][3] = {{blk.mc + 3, 9, 20}, {6, 9, blk.kc + 45}, {3, blk.nc + 11, 5}, {blk.mc + 1, 33, blk.kc + 1}};
  for (const auto& s : shapes)
    for (int t = 0; t < 4; ++t) {
      Case c;
      c.M = s[0], c.N = s[1], c.K = s[2], c.ta = trans_of(t & 1), c.tb = trans_of(t & 2);
      c.pad_a = 1, c.pad_b = 2, c.pad_c = 1, c.alpha = 0.75f, c.beta = t % 2 ? 0.0f : 0.5f;
      check_all_paths(c, rng, 2e-5);
    }
}

TEST_CASE("gemm with beta = 0 overwrites NaN garbage in C, also with K = 0") {
  Rng rng(14);
  for (int K : {0, 1, 5, 64, 300}) {
    for (int t = 0; t < 4; ++t) {
      Case c;
      c.M = 37, c.N = 21, c.K = K, c.ta = trans_of(t & 1), c.tb = trans_of(t & 2);
      c.beta = 0.0f, c.nan_c = true, c.alpha = 1.5f;
      check_all_paths(c, rng);
    }
  }
  // K = 0 with beta != 0 just scales C.
  Case c;
  c.M = 5, c.N = 7, c.K = 0, c.beta = -2.0f;
  check_all_paths(c, rng);
}

TEST_CASE("gemm layer-shaped products: FC batch 10 x 8 units, conv im2col forward and backward") {
  Rng rng(15);
  const int shapes[][5] = {
      // M, N, K, ta, tb
      {10, 8, 2, 0, 1},    {10, 8, 8, 0, 1},  {10, 2, 8, 0, 0},  {8, 2, 10, 1, 0},  // MLP 2-8-8-2, batch 10
      {8, 784, 25, 0, 0},  {8, 25, 784, 0, 1}, {25, 784, 8, 1, 0},                  // CONV5-8 on 28 x 28
      {64, 128, 784, 0, 1}, {128, 784, 64, 1, 0}, {64, 784, 128, 0, 0},             // FC 784 -> 128, batch 64
  };
  for (const auto& s : shapes) {
    Case c;
    c.M = s[0], c.N = s[1], c.K = s[2], c.ta = trans_of(s[3]), c.tb = trans_of(s[4]);
    c.beta = 1.0f;  // weight gradients accumulate
    check_all_paths(c, rng, 2e-5);
  }
}

TEST_CASE("gemm pack buffers are reused after warm-up") {
  std::vector<float> A(200 * 300, 0.5f), B(300 * 180, 0.25f), C(200 * 200);
  auto calls = [&] {
    gemm_packed(Trans::No, Trans::No, 200, 180, 300, 1.0f, A.data(), 300, B.data(), 180, 0.0f, C.data(), 180);
    CHECK(C[0] == doctest::Approx(300 * 0.125));
    gemm_packed(Trans::Yes, Trans::Yes, 180, 200, 300, 1.0f, B.data(), 180, A.data(), 300, 0.0f, C.data(), 200);
    gemm_packed(Trans::No, Trans::No, 17, 9, 33, 1.0f, A.data(), 33, B.data(), 9, 0.0f, C.data(), 9);
  };
  calls();  // warm-up: buffers grow to the largest block
  const long bytes = gemm_pack_bytes();
  CHECK(bytes > 0);
  for (int rep = 0; rep < 3; ++rep) {
    calls();
    CHECK(gemm_pack_bytes() == bytes);
  }
  CHECK(std::string(gemm_simd_name()).size() > 0);
}
