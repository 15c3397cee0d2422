// Geometry resolution and checks for conv and pool layers (see spatial.h).
#include "engine/layers/spatial.h"

#include "engine/core/check.h"

namespace gl {

Shape spatial_shape(const ConvGeom& g, int channels) {
  if (g.is3d) return Shape{channels, g.out[0], g.out[1], g.out[2]};
  return Shape{channels, g.out[1], g.out[2]};
}

namespace {
// One value per spatial axis (nsp of them) from a desc vector of 1 or nsp values.
std::vector<int> expand(const std::vector<int>& v, int nsp, const char* what, const char* name, const Shape& in) {
  NN_CHECK(v.size() == 1 || static_cast<int>(v.size()) == nsp, name, ": ", what, " has ", v.size(), " values (",
           join_x(v), ") but the input ", in.str(), " is ", nsp, "D (give 1 or ", nsp, ")");
  return v.size() == 1 ? std::vector<int>(static_cast<size_t>(nsp), v[0]) : v;
}
}  // namespace

ConvGeom resolve_geom(const LayerDesc& desc, const Shape& in, const char* name) {
  NN_CHECK(in.rank() == 3 || in.rank() == 4, name, ": expects input C x H x W or C x T x H x W, got ",
           in.rank() ? in.str() : std::string("a scalar"), " (rank ", in.rank(), ")");
  for (int d : in.dims) NN_CHECK(d > 0, name, ": input ", in.str(), " has a zero or negative size");
  const int nsp = in.rank() - 1;
  std::vector<int> k = expand(desc.kernel, nsp, "kernel", name, in);
  std::vector<int> s = expand(desc.stride, nsp, "stride", name, in);
  std::vector<int> p = expand(desc.pad, nsp, "pad", name, in);
  for (int v : k) NN_CHECK(v > 0, name, ": kernel ", join_x(k), " must be positive (input ", in.str(), ")");
  for (int v : s) NN_CHECK(v > 0, name, ": stride ", join_x(s), " must be at least 1 (input ", in.str(), ")");
  for (int v : p) NN_CHECK(v >= 0, name, ": pad ", join_x(p), " must not be negative (input ", in.str(), ")");

  ConvGeom g;
  g.is3d = nsp == 3;
  g.C = in[0];
  const int a0 = 3 - nsp;  // first axis used: 2D fills H, W (axes 1, 2); 3D fills T, H, W
  std::vector<int> padded(static_cast<size_t>(nsp));
  bool fits = true;
  for (int i = 0; i < nsp; ++i) {
    g.in[a0 + i] = in[1 + i];
    g.k[a0 + i] = k[size_t(i)];
    g.s[a0 + i] = s[size_t(i)];
    g.p[a0 + i] = p[size_t(i)];
    padded[size_t(i)] = in[1 + i] + 2 * p[size_t(i)];
    fits = fits && k[size_t(i)] <= padded[size_t(i)];
  }
  NN_CHECK(fits, name, ": kernel ", join_x(k), " larger than padded input ", join_x(padded), " (input ",
           in.str(), ", pad ", join_x(desc.pad), ")");
  g.compute_out();
  return g;
}

ConvGeom resolve_pool_geom(const LayerDesc& desc, const Shape& in, const char* name) {
  ConvGeom g = resolve_geom(desc, in, name);
  std::vector<int> k, p;
  bool ok = true;
  for (int a = g.is3d ? 0 : 1; a < 3; ++a) {
    k.push_back(g.k[a]);
    p.push_back(g.p[a]);
    ok = ok && 2 * g.p[a] <= g.k[a];
  }
  NN_CHECK(ok, name, ": pad ", join_x(p), " must be at most half the kernel ", join_x(k), " (input ",
           in.str(), ")");
  return g;
}

}  // namespace gl
