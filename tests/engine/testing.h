// Shared test helpers: golden-case loading (PyTorch JSON under tests/reference/cases), closeness checks
// that track the worst relative error, a central-difference gradient checker for any Layer, and the
// record()/write_dump() pair that lets native and WASM runs be compared number by number.
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/rng.h"
#include "engine/core/tensor.h"
#include "engine/expr/expr.h"
#include "engine/layers/layer.h"

namespace gl::test {

struct GoldenStats {
  int cases = 0;
  double worst = 0.0;
  std::string worst_where;
};
GoldenStats& golden_stats();

// Loads tests/reference/cases/<name>.json.
Json load_golden(const std::string& name);
// Names of all golden files whose name starts with prefix (sorted), without ".json".
std::vector<std::string> list_golden(const std::string& prefix);

// Tensor from a golden entry {"shape":[...],"data":[...]}.
Tensor tensor_from_json(const Json& j);

// Relative error |a-b| / max(|a|, |b|, floor): the floor keeps near-zero values from dominating.
double rel_err(double a, double b, double floor = 1e-3);

// Checks every element of got against want with relative error below tol (rel_err with `floor`); names
// `what` on failure and records the worst error into golden_stats() when golden is true. Also records the
// values for the dump.
void check_close(const std::string& what, const float* got, const std::vector<float>& want, double tol,
                 bool golden = true, double floor = 1e-3);
inline void check_close(const std::string& what, const Tensor& got, const std::vector<float>& want, double tol,
                        bool golden = true, double floor = 1e-3) {
  REQUIRE_MESSAGE(got.size() == static_cast<int64_t>(want.size()), what << ": size " << got.size() << " vs "
                                                                       << want.size());
  check_close(what, got.data(), want, tol, golden, floor);
}

// Central-difference gradient check of a layer: L = sum(out * R) for a fixed random R, so dout = R.
// Checks dinp and every parameter's grad (up to max_checks elements each, spread evenly) with step eps;
// passes when the relative error (floor 1e-2 x max |grad|) is below tol. Layers run in float, so the
// differences are taken in float and accumulated in double; tol ~1e-2 is the meaningful bar here.
struct GradCheckDesc {
  bool train = true;
  float eps = 1e-2f;
  double tol = 2e-2;
  int max_checks = 60;
  uint64_t seed = 7;
};
void check_layer_grads(Layer& layer, const Tensor& inp, const GradCheckDesc& desc = {});

// Numeric derivative of a scalar function of a vector, central differences in double.
std::vector<double> numeric_grad(const std::function<double(const std::vector<double>&)>& f,
                                 std::vector<double> x, double eps = 1e-5);

// Values recorded for the native-vs-WASM comparison.
void record(const std::string& name, const float* v, int64_t n);
void write_dump(const char* path);

Tensor random_tensor(const Shape& s, Rng& rng, float scale = 1.0f);

// Parses formula, evaluates it at values and backpropagates (REQUIREs success): the expression tests' setup.
using ExprValues = std::vector<std::pair<std::string, double>>;
ExprGraph run_expr(const std::string& formula, const ExprValues& values);

}  // namespace gl::test
