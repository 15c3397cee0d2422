// `gradlab-cli summary [--json] [--batch B] [--parallel] SPEC`: the inspector from the command line. Prints
// the per-row table (shapes, weights, biases, BN, multiplications, memory, receptive field) with totals and
// the counting conventions, or one JSON object (--json); an unfinished network is summarized with a note
// ("cannot be trained yet: ..."). --parallel applies every layer row alone to the INPUT (summary_parallel.h).
// A bad spec exits 2 with the error and the line
// underlined; a model over the page's training-memory budget is still summarized, with a warning on stderr
// (and "budget_error" in the JSON), since the inspector is for looking at big models too.
#include <cstdio>
#include <cstdlib>

#include "engine/cli/commands.h"
#include "engine/model/summary.h"
#include "engine/model/summary_parallel.h"
#include "engine/spec/spec.h"

namespace gl::cli {

namespace {

int print_parallel(const std::string& text, bool json) {
  ParallelResult par = summarize_parallel(text);
  if (!par.ok()) {
    std::fprintf(stderr, "error: %s\n%s\n", par.error->message.c_str(), spec_error_context(text, *par.error).c_str());
    return 2;
  }
  if (json) std::printf("%s\n", parallel_to_json(par.summary).dump().c_str());
  else std::printf("%s", parallel_to_text(par.summary).c_str());
  return 0;
}

int cmd_summary(const std::vector<std::string>& args) {
  bool json = false, parallel = false;
  int batch = kDefaultSummaryBatch;
  std::string spec_arg;
  bool have_spec = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--parallel") {
      parallel = true;
    } else if (args[i] == "--batch") {
      NN_CHECK(i + 1 < args.size(), "summary: --batch needs a number");
      char* end = nullptr;
      long b = std::strtol(args[i + 1].c_str(), &end, 10);
      NN_CHECK(*end == '\0' && b >= 1 && b <= 1000000, "summary: --batch expects a positive integer, got '", args[i + 1], "'");
      batch = static_cast<int>(b);
      ++i;
    } else {
      NN_CHECK(!have_spec, "summary: one SPEC argument expected (quote the spec), got also '", args[i], "'");
      spec_arg = args[i];
      have_spec = true;
    }
  }
  NN_CHECK(have_spec, "summary: missing SPEC (spec text or a file), e.g. gradlab-cli summary \"INPUT 3 x 32 x 32, CONV5-10-p2-s1, FC-10\"");
  std::string text = read_text_or_file(spec_arg, InputKind::SpecText);
  if (parallel) return print_parallel(text, json);
  SpecResult parsed = parse_spec(text);
  if (!parsed.ok()) {
    std::fprintf(stderr, "error: %s\n%s\n", parsed.error->message.c_str(), spec_error_context(text, *parsed.error).c_str());
    return 2;
  }
  SummaryResult sum = summarize_spec(parsed.spec, batch, true);
  if (json) {
    Json j = summary_to_json(sum.summary);
    if (sum.error) j.set("budget_error", sum.error->message);
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("%s", summary_to_text(sum.summary).c_str());
  }
  if (sum.error) std::fprintf(stderr, "warning: %s\n", sum.error->message.c_str());
  return 0;
}

static bool reg = register_command({"summary", "summary [--json] [--batch B] [--parallel] SPEC", cmd_summary});

}  // namespace

}  // namespace gl::cli
