// Implementation of the shared test helpers (see testing.h).
#include "tests/engine/testing.h"

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/core/check.h"

#ifndef GRADLAB_REF_DIR
#error "GRADLAB_REF_DIR must point at tests/reference/cases"
#endif

namespace gl::test {

GoldenStats& golden_stats() {
  static GoldenStats s;
  return s;
}

Json load_golden(const std::string& name) {
  std::string path = std::string(GRADLAB_REF_DIR) + "/" + name + ".json";
  std::ifstream f(path);
  NN_CHECK(f.good(), "golden case not found: ", path);
  std::stringstream ss;
  ss << f.rdbuf();
  return Json::parse(ss.str());
}

std::vector<std::string> list_golden(const std::string& prefix) {
  std::vector<std::string> out;
  if (DIR* d = opendir(GRADLAB_REF_DIR)) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0 && n.compare(0, prefix.size(), prefix) == 0)
        out.push_back(n.substr(0, n.size() - 5));
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Tensor tensor_from_json(const Json& j) {
  Tensor t(Shape(j["shape"].ints()));
  std::vector<float> v = j["data"].floats();
  NN_CHECK(static_cast<int64_t>(v.size()) == t.size(), "golden tensor: ", v.size(), " values for shape ",
           t.shape().str());
  std::copy(v.begin(), v.end(), t.data());
  return t;
}

double rel_err(double a, double b, double floor) {
  return std::fabs(a - b) / std::max({std::fabs(a), std::fabs(b), floor});
}

void check_close(const std::string& what, const float* got, const std::vector<float>& want, double tol,
                 bool golden, double floor) {
  double worst = 0;
  size_t worst_i = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    double e = rel_err(got[i], want[i], floor);
    if (!(e <= worst)) {  // also catches NaN
      worst = std::isnan(e) ? INFINITY : e;
      worst_i = i;
    }
  }
  if (golden) {
    auto& s = golden_stats();
    ++s.cases;
    if (worst > s.worst) {
      s.worst = worst;
      s.worst_where = what;
    }
  }
  record(what, got, static_cast<int64_t>(want.size()));
  CHECK_MESSAGE(worst < tol, what << ": worst relative error " << worst << " at index " << worst_i << " (got "
                                  << (want.empty() ? 0.f : got[worst_i]) << ", want "
                                  << (want.empty() ? 0.f : want[worst_i]) << ")");
}

Tensor random_tensor(const Shape& s, Rng& rng, float scale) {
  Tensor t(s);
  for (int64_t i = 0; i < t.size(); ++i) t[i] = scale * rng.normal();
  return t;
}

namespace {
double dot(const Tensor& a, const Tensor& b) {
  double s = 0;
  for (int64_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}
// Indices to check: all when few, else max_checks spread evenly.
std::vector<int64_t> pick(int64_t n, int max_checks) {
  std::vector<int64_t> idx;
  if (n <= max_checks) {
    for (int64_t i = 0; i < n; ++i) idx.push_back(i);
  } else {
    for (int k = 0; k < max_checks; ++k) idx.push_back(k * n / max_checks);
  }
  return idx;
}
}  // namespace

void check_layer_grads(Layer& layer, const Tensor& inp_in, const GradCheckDesc& desc) {
  Rng rng(desc.seed);
  Tensor inp = inp_in, out, dinp;
  layer.set_seed(desc.seed);
  layer.forward(inp, out, desc.train);
  Tensor r = random_tensor(out.shape(), rng);
  for (Param* p : layer.params()) p->grad.zero();
  layer.backward(r, dinp);
  REQUIRE(dinp.shape() == inp.shape());

  auto loss = [&]() {
    Tensor o;
    layer.set_seed(desc.seed);  // same dropout mask every evaluation
    layer.forward(inp, o, desc.train);
    return dot(o, r);
  };
  auto check_vec = [&](const std::string& what, Tensor& x, const Tensor& analytic) {
    double gmax = 0;
    for (int64_t i = 0; i < analytic.size(); ++i) gmax = std::max(gmax, std::fabs(double(analytic[i])));
    double worst = 0;
    int64_t worst_i = -1;
    double worst_a = 0, worst_n = 0;
    for (int64_t i : pick(x.size(), desc.max_checks)) {
      float old = x[i];
      x[i] = old + desc.eps;
      double lp = loss();
      x[i] = old - desc.eps;
      double lm = loss();
      x[i] = old;
      double num = (lp - lm) / (2.0 * desc.eps);
      double e = rel_err(analytic[i], num, std::max(1e-2 * gmax, 1e-4));
      if (!(e <= worst)) {
        worst = std::isnan(e) ? INFINITY : e;
        worst_i = i;
        worst_a = analytic[i];
        worst_n = num;
      }
    }
    CHECK_MESSAGE(worst < desc.tol, "gradcheck " << layer_kind_name(layer.kind()) << " " << what
                                                 << ": relative error " << worst << " at " << worst_i
                                                 << " (analytic " << worst_a << ", numeric " << worst_n << ")");
  };
  check_vec("dinp", inp, dinp);
  for (Param* p : layer.params()) {
    Tensor g = p->grad;
    check_vec(p->name, p->value, g);
  }
}

std::vector<double> numeric_grad(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x,
                                 double eps) {
  std::vector<double> g(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    double old = x[i];
    x[i] = old + eps;
    double fp = f(x);
    x[i] = old - eps;
    double fm = f(x);
    x[i] = old;
    g[i] = (fp - fm) / (2 * eps);
  }
  return g;
}

namespace {
std::map<std::string, std::vector<float>>& dump_store() {
  static std::map<std::string, std::vector<float>> m;
  return m;
}
}  // namespace

void record(const std::string& name, const float* v, int64_t n) {
  dump_store()[name] = std::vector<float>(v, v + n);
}

void write_dump(const char* path) {
  Json j = Json::object();
  for (const auto& kv : dump_store()) j.set(kv.first, Json::array_of(kv.second));
  std::ofstream f(path);
  f << j.dump() << "\n";
  std::printf("wrote %zu recorded checks to %s\n", dump_store().size(), path);
}

ExprGraph run_expr(const std::string& formula, const ExprValues& values) {
  ExprGraph g = parse_expr_or_throw(formula);
  ExprError e = expr_forward(g, values);
  REQUIRE_MESSAGE(e.ok(), e.message);
  expr_backward(g);
  return g;
}

}  // namespace gl::test

