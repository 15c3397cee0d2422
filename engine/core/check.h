// Error reporting for the engine: every failed precondition throws EngineError with a message that
// names the layer / operation and the shapes involved. Not for hot-loop asserts (use NN_DEBUG_ASSERT).
#pragma once
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gl {

struct EngineError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace detail {
inline void append(std::ostringstream&) {}
template <class T, class... R>
void append(std::ostringstream& os, const T& v, const R&... rest) {
  os << v;
  append(os, rest...);
}
}  // namespace detail

// Builds a message from any streamable pieces: str_cat("conv1: kernel ", 5, " > input ", 3).
template <class... A>
std::string str_cat(const A&... a) {
  std::ostringstream os;
  detail::append(os, a...);
  return os.str();
}

// A number as printf's %g writes it ("0.001", "1e+03"): for labels and messages.
inline std::string fmt_g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace gl

// NN_CHECK(cond, pieces...) throws gl::EngineError(str_cat(pieces...)) when cond is false.
#define NN_CHECK(cond, ...)                                   \
  do {                                                        \
    if (!(cond)) throw ::gl::EngineError(::gl::str_cat(__VA_ARGS__)); \
  } while (0)

#ifdef NDEBUG
#define NN_DEBUG_ASSERT(cond) ((void)0)
#else
#define NN_DEBUG_ASSERT(cond) NN_CHECK(cond, "internal check failed: " #cond " at " __FILE__ ":", __LINE__)
#endif
