// doctest entry point for the engine suite (native under ASan/UBSan, and WASM under Node). Prints the
// worst relative error seen against the PyTorch golden cases, and writes the numbers the suite checked to
// the file given as --dump=PATH (an argument, since a WASM program under Node does not see the environment)
// so tests/compare_dumps.mjs can verify native and WASM agree.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tests/engine/testing.h"

int main(int argc, char** argv) {
  std::string dump;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--dump=", 7) == 0) dump = argv[i] + 7;
    else args.push_back(argv[i]);
  }
  doctest::Context ctx(static_cast<int>(args.size()), args.data());
  int rc = ctx.run();
  std::printf("golden: %d cases compared, worst relative error %.3g (%s)\n", gl::test::golden_stats().cases,
              gl::test::golden_stats().worst, gl::test::golden_stats().worst_where.c_str());
  if (!dump.empty()) gl::test::write_dump(dump.c_str());
  return rc;
}
