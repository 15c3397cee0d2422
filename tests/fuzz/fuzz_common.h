// Shared by the libFuzzer harnesses in tests/fuzz: FUZZ_CHECK aborts (which libFuzzer records as a crash,
// saving the input) when a property that must hold for every input does not. Not a test framework: the
// regression cases found by fuzzing live in tests/engine/test_fuzz_regressions.cpp and in corpus/.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(cond, what)                                                         \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d): %s\n", #cond, __FILE__, __LINE__, \
                   std::string(what).c_str());                                         \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

inline std::string fuzz_text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}
