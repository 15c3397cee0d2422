// gradlab-cli's command table: each cmd_*.cpp registers one subcommand at static-initialisation time
// (they are compiled straight into the executable, so the registrations are kept). Exit codes: 0 ok,
// 2 bad input (message on stderr), 1 internal failure.
#pragma once
#include <string>
#include <vector>

#include "engine/core/limits.h"

namespace gl::cli {

using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
  const char* name;
  const char* usage;  // one line: "grad [--json] FORMULA name=value ..."
  CommandFn fn;
};

bool register_command(const Command& c);
const std::vector<Command>& commands();

// Reads SPEC arguments: a path to an existing file yields its contents, anything else is the text itself.
// Either is checked against kind's byte limit (engine/core/limits.h) before it is read; over the limit
// throws EngineError naming the file (or argument), its size and the limit.
std::string read_text_or_file(const std::string& arg, InputKind kind = InputKind::CliFile);

}  // namespace gl::cli
