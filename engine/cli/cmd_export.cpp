// `gradlab-cli export-pytorch SPEC`: prints Python source building the same network as an nn.Sequential
// (plus input_shape, loss_fn and module_rows). A bad spec exits 2 with the error and the line underlined.
// `gradlab-cli export-pytorch --run RUN.json [--data DIR]`: a whole training script continuing the run
// (engine/train/run_export.h); --data DIR holds images.glpack for the image sets.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "engine/cli/commands.h"
#include "engine/spec/export_pytorch.h"
#include "engine/train/run_export.h"

namespace gl::cli {

namespace {

int cmd_export_run(const std::vector<std::string>& args) {
  std::string run_path, data_dir;
  for (size_t i = 0; i < args.size(); ++i) {
    const bool value = i + 1 < args.size();
    if (args[i] == "--run" && value) run_path = args[++i];
    else if (args[i] == "--data" && value) data_dir = args[++i];
    else NN_CHECK(false, "export-pytorch: unexpected argument '", args[i], "' (usage: export-pytorch --run RUN.json [--data DIR])");
  }
  std::ifstream in(run_path, std::ios::binary);
  NN_CHECK(in.good(), "export-pytorch: cannot read run file '", run_path, "'");
  std::stringstream text;
  text << in.rdbuf();
  RunFile run = parse_run_or_throw(text.str());
  if (!data_dir.empty()) run.data.pack_path = data_dir + "/images.glpack";
  const Dataset data = make_dataset(run.data);
  // The weights must fit the model before a script is written.
  auto trainer = make_trainer_from_run(run, std::make_shared<const Dataset>(data));
  std::printf("%s", export_pytorch_run(run, data).c_str());
  return 0;
}

int cmd_export(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "--run") return cmd_export_run(args);
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

static bool reg = register_command({"export-pytorch", "export-pytorch SPEC | --run RUN.json [--data DIR]", cmd_export});

}  // namespace

}  // namespace gl::cli
