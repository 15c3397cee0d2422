// gradlab-cli: the engine without a UI, for tests, benchmarks and scripting. Dispatches to the commands
// registered in cmd_*.cpp; errors in user input exit 2 with a message on stderr.
#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "engine/cli/commands.h"
#include "engine/core/check.h"

namespace gl::cli {

static std::vector<Command>& table() {
  static std::vector<Command> t;
  return t;
}
bool register_command(const Command& c) {
  table().push_back(c);
  return true;
}
const std::vector<Command>& commands() { return table(); }

std::string read_text_or_file(const std::string& arg, InputKind kind) {
  struct stat st {};
  if (arg.size() < 4096 && stat(arg.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    if (auto too_big = check_input_size(kind, static_cast<size_t>(st.st_size)))
      throw EngineError(str_cat("file '", arg, "': ", *too_big));
    std::ifstream f(arg);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  if (auto too_big = check_input_size(kind, arg.size())) throw EngineError(str_cat("argument: ", *too_big));
  return arg;
}

}  // namespace gl::cli

static void usage() {
  std::fprintf(stderr, "gradlab-cli " GRADLAB_VERSION ": GradLab's engine from the command line\nusage:\n");
  for (const auto& c : gl::cli::commands()) std::fprintf(stderr, "  gradlab-cli %s\n", c.usage);
}

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    usage();
    return argc < 2 ? 2 : 0;
  }
  std::string name = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : gl::cli::commands()) {
    if (name != c.name) continue;
    try {
      return c.fn(args);
    } catch (const gl::EngineError& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "internal error: %s\n", e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "error: unknown command '%s'\n", name.c_str());
  usage();
  return 2;
}
