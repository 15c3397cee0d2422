// `gradlab-cli export-pytorch SPEC`: prints Python source building the same network as an nn.Sequential
// (plus input_shape, loss_fn and module_rows). A bad spec exits 2 with the error and the line underlined.
#include <cstdio>

#include "engine/cli/commands.h"
#include "engine/spec/export_pytorch.h"

namespace gl::cli {

namespace {

int cmd_export(const std::vector<std::string>& args) {
  NN_CHECK(args.size() == 1, "export-pytorch: expected exactly one SPEC argument (spec text or a file), got ", args.size());
  std::string text = read_text_or_file(args[0], InputKind::SpecText);
  SpecResult parsed = parse_spec(text);
  if (!parsed.ok()) {
    std::fprintf(stderr, "error: %s\n%s\n", parsed.error->message.c_str(), spec_error_context(text, *parsed.error).c_str());
    return 2;
  }
  std::printf("%s", export_pytorch(parsed.spec).c_str());
  return 0;
}

static bool reg = register_command({"export-pytorch", "export-pytorch SPEC", cmd_export});

}  // namespace

}  // namespace gl::cli
