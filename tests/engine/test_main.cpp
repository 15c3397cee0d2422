// doctest entry point for the engine suite (native under ASan/UBSan, and WASM under Node). Prints the
// worst relative error seen against the PyTorch golden cases, and writes the numbers the suite checked to
// $GRADLAB_DUMP (when set) so tests/compare_dumps.mjs can verify native and WASM agree.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>

#include "tests/engine/testing.h"

int main(int argc, char** argv) {
  doctest::Context ctx(argc, argv);
  int rc = ctx.run();
  std::printf("golden: %d cases compared, worst relative error %.3g (%s)\n", gl::test::golden_stats().cases,
              gl::test::golden_stats().worst, gl::test::golden_stats().worst_where.c_str());
  if (const char* path = std::getenv("GRADLAB_DUMP")) gl::test::write_dump(path);
  return rc;
}
