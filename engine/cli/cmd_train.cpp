// `gradlab-cli train CONFIG.json | --resume RUN.json [options]`: trains a spec on a data set from a
// JSON config, printing one JSON line per epoch and a final line. Exit 0 when done, 2 on a bad config (the
// message names the field) or a model over the training-memory budget (the page's 640 MiB unless
// --memory-budget-mib says otherwise), 3 on divergence (the message says at which step and why).
// Config fields (all but "spec" and "data" optional):
//   "spec": course notation, or a path to a file holding it (relative paths: to the config's folder)
//   "data": {"name": "spirals" | "digits" | ..., plus any DataDesc field: "num_points", "noise", "num_classes",
//            "train_frac", "margin", "num_samples", "channels", "frames", "height", "width", "seq_len", "lag",
//            "predict_steps", "max_train", "max_test", "seed" (default: the top-level seed)}
//   "data_path": the image pack (images.glpack, built by engine/data/pack_images.py), relative to the config;
//                --data DIR overrides it with DIR/images.glpack
//   "optimizer": {"kind": "sgd"|"momentum"|"nesterov"|"adagrad"|"rmsprop"|"adam"|"adamw", "lr", "momentum",
//                 "nesterov", "beta1", "beta2", "alpha", "eps", "weight_decay"}  (PyTorch defaults per kind)
//   "schedule": {"kind": "constant"|"step"|"exponential"|"cosine", "step_size", "gamma", "t_max", "eta_min",
//                "warmup_steps", "warmup_start_factor"}
//   "batch_size" (32), "epochs" (10), "l2" (0), "seed" (1), "init": "kaiming"|"xavier"|"gaussian"|"zeros",
//   "init_sigma", "clip_norm", "clip_value", "eval_max_samples" (2000), "divergence_factor" (1000),
//   "print_every" (epochs, 1), "stop_at": {"acc_train": x, "acc_test": y} (stop once an evaluation reaches all)
// Run files (engine/train/run_file.h): --save-run RUN.json writes the run when training ends; `train --resume
// RUN.json` continues one bit for bit (settings from the file) for --epochs E (1) or --steps N. --steps N trains
// exactly N steps instead of whole epochs (an evaluation line at every epoch end); --print-steps adds one line
// per step: {"step", "epoch", "loss_batch", "acc_batch", "reg_loss", "lr", "grad_norm"}.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "engine/cli/commands.h"
#include "engine/core/check.h"
#include "engine/core/checked.h"
#include "engine/core/json.h"
#include "engine/data/dataset.h"
#include "engine/data/image_pack.h"
#include "engine/model/summary.h"
#include "engine/spec/spec.h"
#include "engine/train/run_file.h"
#include "engine/train/trainer.h"

namespace gl::cli {

namespace {

// Reads typed config fields and rejects unknown ones, naming the field path ("optimizer.lr").
class Fields {
 public:
  Fields(const Json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {
    NN_CHECK(obj.is_object(), "config: ", prefix_.empty() ? "the config" : "field '" + prefix_ + "'",
             " must be a JSON object");
  }
  const Json* get(const std::string& key) {
    used_.push_back(key);
    return obj_.find(key);
  }
  double num(const std::string& key, double fallback, double lo, double hi) {
    const Json* v = get(key);
    if (!v) return fallback;
    NN_CHECK(v->is_number(), "config: field '", path(key), "' must be a number");
    double x = v->num();
    NN_CHECK(x >= lo && x <= hi, "config: field '", path(key), "' = ", format_number(x), " must be in [",
             format_number(lo), ", ", format_number(hi), "]");
    return x;
  }
  int integer(const std::string& key, int fallback, int lo, int hi) {
    double x = num(key, fallback, lo, hi);
    NN_CHECK(x == std::floor(x), "config: field '", path(key), "' must be an integer");
    return static_cast<int>(x);
  }
  std::string str(const std::string& key, const std::string& fallback) {
    const Json* v = get(key);
    if (!v) return fallback;
    NN_CHECK(v->is_string(), "config: field '", path(key), "' must be a string");
    return v->str();
  }
  bool flag(const std::string& key, bool fallback) {
    const Json* v = get(key);
    if (!v) return fallback;
    NN_CHECK(v->is_bool(), "config: field '", path(key), "' must be true or false");
    return v->as_bool();
  }
  std::string path(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }
  // Call after reading every known field.
  void reject_unknown() const {
    for (const auto& [key, value] : obj_.obj())
      NN_CHECK(std::find(used_.begin(), used_.end(), key) != used_.end(), "config: unknown field '", path(key), "'");
  }

 private:
  const Json& obj_;
  std::string prefix_;
  std::vector<std::string> used_;
};

template <class Kind>
Kind parse_kind(const std::string& field, const std::string& name, const char* (*kind_name)(Kind)) {
  std::string valid;
  for (int i = 0; i < static_cast<int>(Kind::Count); ++i) {
    if (name == kind_name(static_cast<Kind>(i))) return static_cast<Kind>(i);
    valid += (i ? ", " : "") + std::string(kind_name(static_cast<Kind>(i)));
  }
  NN_CHECK(false, "config: field '", field, "' = '", name, "' is not one of: ", valid);
  return Kind::Count;
}

std::string dir_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}
std::string resolve(const std::string& dir, const std::string& p) { return p.empty() || p[0] == '/' ? p : dir + p; }

Json num_or_null(float v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json eval_line(const EvalRecord& e) {
  Json j = Json::object();
  j.set("epoch", e.epoch);
  j.set("step", Json(static_cast<long long>(e.step)));
  j.set("loss_train", num_or_null(e.loss_train));
  j.set("loss_test", num_or_null(e.loss_test));
  j.set("acc_train", num_or_null(e.acc_train));
  j.set("acc_test", num_or_null(e.acc_test));
  j.set("reg_loss", num_or_null(e.loss_reg));
  j.set("lr", num_or_null(e.lr));
  return j;
}

// ---- run files and step-exact training (--save-run, --resume, --steps, --print-steps) ----------------------
struct RunOptions {
  std::string save_run, resume;
  int64_t steps = -1;  // >= 0: train exactly this many steps
  int epochs = -1;     // --epochs E (resume; a config has its own "epochs")
  bool print_steps = false;
};

// Consumes a run option at args[i] (and its value); false when args[i] is not one.
bool parse_run_option(const std::vector<std::string>& args, size_t& i, RunOptions& ro) {
  const std::string& a = args[i];
  const bool has_value = i + 1 < args.size();
  if (a == "--print-steps") {
    ro.print_steps = true;
  } else if ((a == "--save-run" || a == "--resume" || a == "--steps" || a == "--epochs") && has_value) {
    const std::string& v = args[++i];
    if (a == "--save-run") ro.save_run = v;
    if (a == "--resume") ro.resume = v;
    if (a == "--steps" || a == "--epochs") {
      char* end = nullptr;
      const long long n = std::strtoll(v.c_str(), &end, 10);
      NN_CHECK(end && *end == 0 && n >= 0 && n <= 1000000000, "train: ", a, " needs a whole number >= 0, got '", v, "'");
      if (a == "--steps") ro.steps = n;
      else ro.epochs = static_cast<int>(n);
    }
  } else {
    return false;
  }
  return true;
}

Json step_line(const StepRecord& r) {
  Json j = Json::object();
  j.set("step", Json(static_cast<long long>(r.step)));
  j.set("epoch", r.epoch);
  j.set("loss_batch", num_or_null(r.loss_data));
  j.set("acc_batch", num_or_null(r.acc_batch));
  j.set("reg_loss", num_or_null(r.loss_reg));
  j.set("lr", num_or_null(r.lr));
  j.set("grad_norm", num_or_null(r.grad_norm));
  return j;
}

// Exactly n steps (fewer on divergence); one line per step with print_steps, one per evaluation it records.
void train_steps(Trainer& trainer, int64_t n, bool print_steps) {
  for (int64_t k = 0; k < n && !trainer.diverged(); ++k) {
    const size_t evals = trainer.evals().size();
    trainer.step();
    if (print_steps) std::printf("%s\n", step_line(trainer.last_step()).dump().c_str());
    if (trainer.evals().size() > evals) std::printf("%s\n", eval_line(trainer.evals().back()).dump().c_str());
    std::fflush(stdout);
  }
}

void write_run_file(const std::string& path, const Trainer& trainer, const ModelSpec& spec, const DataDesc& dd) {
  const std::string text = save_run_json(trainer, spec, dd);
  std::ofstream out(path, std::ios::binary);
  NN_CHECK(out.good(), "train: cannot write run file '", path, "'");
  out << text;
  out.close();
  NN_CHECK(out.good(), "train: writing run file '", path, "' failed");
}

// The final line, the run file if asked for, and the exit code (3 on divergence).
int finish_run(const Trainer& trainer, double ms, bool stopped_early, const RunOptions& ro, const ModelSpec& spec,
               const DataDesc& dd) {
  Json fin = trainer.evals().empty() ? Json::object() : eval_line(trainer.evals().back());
  fin.set("final", true);
  fin.set("steps", Json(static_cast<long long>(trainer.steps())));
  fin.set("epochs_done", trainer.epoch());
  fin.set("stopped_early", stopped_early);
  fin.set("diverged", trainer.diverged());
  fin.set("time_ms", std::round(ms));
  if (trainer.diverged()) fin.set("message", trainer.message());
  std::printf("%s\n", fin.dump().c_str());
  std::fflush(stdout);
  if (!ro.save_run.empty()) write_run_file(ro.save_run, trainer, spec, dd);
  if (trainer.diverged()) {
    std::fprintf(stderr, "error: %s\n", trainer.message().c_str());
    return 3;
  }
  return 0;
}

// `train --resume RUN.json`: settings, data description, weights and state from the run file.
int resume_run(const RunOptions& ro, const std::string& data_dir, int64_t budget_bytes) {
  std::ifstream in(ro.resume, std::ios::binary);
  NN_CHECK(in.good(), "train: cannot read run file '", ro.resume, "'");
  std::stringstream text;
  text << in.rdbuf();
  RunFile run = parse_run_or_throw(text.str());
  if (auto over = check_train_budget(run.spec, summarize_spec(run.spec, run.train.batch_size, false).summary,
                                     budget_bytes, "gradlab-cli's (raise it with --memory-budget-mib N)"))
    throw SpecException(*over);
  if (!data_dir.empty()) run.data.pack_path = data_dir + "/images.glpack";
  auto data = std::make_shared<const Dataset>(make_dataset(run.data));
  std::unique_ptr<Trainer> trainer = make_trainer_from_run(run, data);
  const auto t0 = std::chrono::steady_clock::now();
  if (ro.steps >= 0) {
    train_steps(*trainer, ro.steps, ro.print_steps);
  } else {
    for (int e = 0; e < (ro.epochs < 0 ? 1 : ro.epochs) && !trainer->diverged(); ++e) {
      trainer->run_epoch();
      if (!trainer->diverged() && !trainer->evals().empty())
        std::printf("%s\n", eval_line(trainer->evals().back()).dump().c_str());
    }
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return finish_run(*trainer, ms, false, ro, run.spec, run.data);
}

int cmd_train(const std::vector<std::string>& args) {
  std::string config_path, data_dir;
  RunOptions ro;
  int64_t budget_bytes = kTrainBudgetBytes;  // the page's; --memory-budget-mib raises (or lowers) it
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data" && i + 1 < args.size()) {
      data_dir = args[++i];
    } else if (args[i] == "--memory-budget-mib") {
      const std::optional<int> mib =
          i + 1 < args.size() ? checked_int(std::strtod(args[i + 1].c_str(), nullptr), 1, 1 << 20) : std::nullopt;
      NN_CHECK(mib, "train: --memory-budget-mib needs a whole number of MiB from 1 to 1048576");
      budget_bytes = int64_t{*mib} << 20;
      ++i;
    } else if (parse_run_option(args, i, ro)) {
    } else {
      NN_CHECK(config_path.empty() && args[i].rfind("--", 0) != 0, "train: unexpected argument '", args[i], "'");
      config_path = args[i];
    }
  }
  NN_CHECK(!ro.print_steps || ro.steps >= 0, "train: --print-steps goes with --steps N");
  NN_CHECK(ro.epochs < 0 || !ro.resume.empty(), "train: --epochs goes with --resume (a config sets \"epochs\")");
  if (!ro.resume.empty()) {
    NN_CHECK(config_path.empty(), "train: --resume RUN.json takes its settings from the run file, not from '",
             config_path, "'");
    return resume_run(ro, data_dir, budget_bytes);
  }
  NN_CHECK(!config_path.empty(), "train: missing CONFIG.json");
  const std::string text = read_text_or_file(config_path);
  NN_CHECK(text != config_path, "train: cannot read config file '", config_path, "'");
  const Json config = Json::parse(text);
  const std::string base = dir_of(config_path);
  Fields top(config, "");

  // The spec: text, or a file next to the config.
  const Json* spec_field = top.get("spec");
  NN_CHECK(spec_field && spec_field->is_string(), "config: field 'spec' (model text or file) is required");
  const std::string spec_path = resolve(base, spec_field->str());
  std::string spec_text = read_text_or_file(spec_path);
  if (spec_text == spec_path) spec_text = spec_field->str();  // not a file: the text itself
  const ModelSpec spec = parse_spec_or_throw(spec_text);

  TrainDesc td;
  td.seed = static_cast<uint64_t>(top.num("seed", 1, 0, 4294967295.0));
  td.batch_size = top.integer("batch_size", 32, 1, 65536);
  // The page's memory budget (or --memory-budget-mib's), checked before anything is allocated.
  if (auto over = check_train_budget(spec, summarize_spec(spec, td.batch_size, false).summary, budget_bytes,
                                     "gradlab-cli's (raise it with --memory-budget-mib N)"))
    throw SpecException(*over);
  const int epochs = top.integer("epochs", 10, 0, 1000000);
  td.l2 = static_cast<float>(top.num("l2", 0, 0, 1e3));
  td.clip_norm = static_cast<float>(top.num("clip_norm", 0, 0, 1e9));
  td.clip_value = static_cast<float>(top.num("clip_value", 0, 0, 1e9));
  td.eval_max_samples = top.integer("eval_max_samples", 2000, 1, 1000000);
  td.divergence_factor = static_cast<float>(top.num("divergence_factor", 1e3, 1, 1e30));
  const int print_every = top.integer("print_every", 1, 1, 1000000);
  td.init.kind = parse_kind<InitKind>("init", top.str("init", "kaiming"), init_kind_name);
  td.init.sigma = static_cast<float>(top.num("init_sigma", 0.01, 0, 100));

  // Data set.
  const Json* data_field = top.get("data");
  NN_CHECK(data_field, "config: field 'data' ({\"name\": ...}) is required");
  Fields df(*data_field, "data");
  DataDesc dd;
  dd.kind = parse_kind<DataKind>("data.name", df.str("name", ""), data_kind_name);
  dd.seed = static_cast<uint64_t>(df.num("seed", static_cast<double>(td.seed), 0, 4294967295.0));
  dd.train_frac = static_cast<float>(df.num("train_frac", dd.train_frac, 0.01, 1));
  dd.num_points = df.integer("num_points", dd.num_points, 1, 100000);
  dd.noise = static_cast<float>(df.num("noise", dd.noise, 0, 2));
  dd.num_classes = df.integer("num_classes", dd.num_classes, 1, 64);
  dd.margin = static_cast<float>(df.num("margin", dd.margin, 0, 1));
  dd.max_train = df.integer("max_train", 0, 0, 1000000);
  dd.max_test = df.integer("max_test", 0, 0, 1000000);
  dd.num_samples = df.integer("num_samples", dd.num_samples, 1, 100000);
  dd.channels = df.integer("channels", dd.channels, 1, 4);
  dd.frames = df.integer("frames", dd.frames, 1, 64);
  dd.height = df.integer("height", dd.height, 1, 128);
  dd.width = df.integer("width", dd.width, 1, 128);
  dd.seq_len = df.integer("seq_len", dd.seq_len, 1, 1000);
  dd.lag = df.integer("lag", dd.lag, 0, 200);
  dd.predict_steps = df.integer("predict_steps", dd.predict_steps, 1, 32);
  df.reject_unknown();
  std::string pack = resolve(base, top.str("data_path", ""));
  if (!data_dir.empty()) pack = data_dir + "/images.glpack";
  dd.pack_path = pack;
  if ((dd.kind == DataKind::Digits || dd.kind == DataKind::FashionMnist) && pack.empty())
    NN_CHECK(false, "config: field 'data_path' (or --data DIR) is required for the image set '",
             data_kind_name(dd.kind), "'");

  // Optimizer and schedule.
  if (const Json* of = top.get("optimizer")) {
    Fields f(*of, "optimizer");
    td.optim = optim_defaults(parse_kind<OptimKind>("optimizer.kind", f.str("kind", "sgd"), optim_kind_name));
    td.optim.lr = static_cast<float>(f.num("lr", td.optim.lr, 0, 1e6));
    td.optim.momentum = static_cast<float>(f.num("momentum", td.optim.momentum, 0, 1));
    td.optim.nesterov = f.flag("nesterov", td.optim.nesterov);
    td.optim.beta1 = static_cast<float>(f.num("beta1", td.optim.beta1, 0, 1));
    td.optim.beta2 = static_cast<float>(f.num("beta2", td.optim.beta2, 0, 1));
    td.optim.alpha = static_cast<float>(f.num("alpha", td.optim.alpha, 0, 1));
    td.optim.eps = static_cast<float>(f.num("eps", td.optim.eps, 0, 1));
    td.optim.weight_decay = static_cast<float>(f.num("weight_decay", td.optim.weight_decay, 0, 1e3));
    f.reject_unknown();
  }
  if (const Json* sf = top.get("schedule")) {
    Fields f(*sf, "schedule");
    td.schedule.kind = parse_kind<ScheduleKind>("schedule.kind", f.str("kind", "constant"), schedule_kind_name);
    td.schedule.step_size = f.integer("step_size", td.schedule.step_size, 1, 100000000);
    td.schedule.gamma = static_cast<float>(f.num("gamma", td.schedule.gamma, 0, 10));
    td.schedule.t_max = f.integer("t_max", td.schedule.t_max, 1, 100000000);
    td.schedule.eta_min = static_cast<float>(f.num("eta_min", td.schedule.eta_min, 0, 1e6));
    td.schedule.warmup_steps = f.integer("warmup_steps", 0, 0, 100000000);
    td.schedule.warmup_start_factor = static_cast<float>(f.num("warmup_start_factor", 0.1, 0, 1));
    f.reject_unknown();
  }
  float stop_acc_train = -1, stop_acc_test = -1;
  if (const Json* st = top.get("stop_at")) {
    Fields f(*st, "stop_at");
    stop_acc_train = static_cast<float>(f.num("acc_train", -1, 0, 1));
    stop_acc_test = static_cast<float>(f.num("acc_test", -1, 0, 1));
    f.reject_unknown();
  }
  top.reject_unknown();

  auto data = std::make_shared<const Dataset>(make_dataset(dd));
  Trainer trainer(spec, data, td);
  const auto t0 = std::chrono::steady_clock::now();
  bool stopped_early = false;
  if (ro.steps >= 0) train_steps(trainer, ro.steps, ro.print_steps);
  for (int e = 0; ro.steps < 0 && e < epochs && !trainer.diverged(); ++e) {
    trainer.run_epoch();
    if (trainer.diverged() || trainer.evals().empty()) break;
    const EvalRecord& ev = trainer.evals().back();
    const bool last = e + 1 == epochs;
    const bool reached = (stop_acc_train >= 0 || stop_acc_test >= 0) &&
                         (stop_acc_train < 0 || ev.acc_train >= stop_acc_train) &&
                         (stop_acc_test < 0 || ev.acc_test >= stop_acc_test);
    if ((e + 1) % print_every == 0 || last || reached) std::printf("%s\n", eval_line(ev).dump().c_str());
    std::fflush(stdout);
    if (reached) {
      stopped_early = !last;
      break;
    }
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return finish_run(trainer, ms, stopped_early, ro, spec, dd);
}

const bool reg = register_command(
    {"train",
     "train CONFIG.json | --resume RUN.json [--data DIR] [--steps N] [--print-steps] [--save-run RUN.json] "
     "[--memory-budget-mib N]   train a spec on a data set; one JSON line per epoch",
     cmd_train});

}  // namespace

}  // namespace gl::cli
