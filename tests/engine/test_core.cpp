// Core pieces: JSON round trip, RNG determinism, GEMM fast path against the naive reference.
#include <doctest/doctest.h>

#include "engine/core/check.h"
#include "engine/core/json.h"
#include "engine/core/rng.h"
#include "engine/ops/gemm.h"
#include "tests/engine/testing.h"

using namespace gl;

TEST_CASE("json round trip keeps order, floats and escapes") {
  Json j = Json::parse(R"({"b":1,"a":[0.1,-2.5e-3,3],"s":"x\"y\n","t":true,"n":null})");
  CHECK(j.dump() == R"({"b":1,"a":[0.1,-0.0025,3],"s":"x\"y\n","t":true,"n":null})");
  CHECK(Json::parse(j.dump()).dump() == j.dump());
  CHECK(static_cast<float>(Json::parse(Json(0.1f).dump()).num()) == 0.1f);
  CHECK_THROWS_WITH_AS(Json::parse("{\"a\":}"), "json: unexpected character at offset 5", EngineError);
}

TEST_CASE("rng is deterministic and roughly standard normal") {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) CHECK(a.next_u32() == b.next_u32());
  CHECK(a.next_u32() != c.next_u32());
  Rng r(1);
  double s = 0, s2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    double x = r.normal();
    s += x;
    s2 += x * x;
  }
  CHECK(std::fabs(s / n) < 0.03);
  CHECK(std::fabs(s2 / n - 1.0) < 0.05);
  float u = r.uniform();
  CHECK(u >= 0.0f);
  CHECK(u < 1.0f);
}

TEST_CASE("gemm matches the naive reference for every transpose and odd sizes") {
  Rng rng(3);
  for (int M : {1, 7, 33}) {
    for (int N : {1, 5, 40}) {
      for (int K : {1, 9, 65}) {
        for (int t = 0; t < 4; ++t) {
          Trans ta = (t & 1) ? Trans::Yes : Trans::No, tb = (t & 2) ? Trans::Yes : Trans::No;
          Tensor A = test::random_tensor(Shape{M * K}, rng), B = test::random_tensor(Shape{K * N}, rng);
          Tensor C1 = test::random_tensor(Shape{M * N}, rng), C2 = C1;
          int lda = ta == Trans::Yes ? M : K, ldb = tb == Trans::Yes ? K : N;
          gemm(ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, 0.25f, C1.data(), N);
          gemm_ref(ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, 0.25f, C2.data(), N);
          for (int64_t i = 0; i < C1.size(); ++i) REQUIRE(C1[i] == doctest::Approx(C2[i]).epsilon(1e-4));
        }
      }
    }
  }
}
