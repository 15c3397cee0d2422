// Run files (run_file.h): JSON writer and validating reader, base64 tensors, and applying a run to a trainer.
// Layout: {"format": "gradlab-run", "version", "spec", "data", "train", "state", "params", "buffers"}; a
// tensor is {"layer", "name", "shape", "f32": base64}. Not here: deciding when to save (CLI, page).
#include "engine/train/run_file.h"

#include <bit>
#include <cmath>
#include <cstring>

#include "engine/core/check.h"
#include "engine/layers/batch_norm.h"

namespace gl {

static_assert(std::endian::native == std::endian::little, "run files store little-endian values as they are in memory");

namespace {

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string b64_encode(const unsigned char* p, size_t n) {
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  for (size_t i = 0; i < n; i += 3) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (i + 1 < n ? uint32_t{p[i + 1]} << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < n ? kB64[(v >> 6) & 63] : '=';
    out += i + 2 < n ? kB64[v & 63] : '=';
  }
  return out;
}

std::vector<unsigned char> b64_decode(const std::string& s, const std::string& where) {
  NN_CHECK(s.size() % 4 == 0, where, ": base64 text of length ", s.size(), " is not a multiple of 4");
  auto val = [&](char c, size_t at) -> uint32_t {
    const char* f = std::strchr(kB64, c);
    NN_CHECK(c != 0 && f != nullptr, where, ": invalid base64 character at ", at);
    return static_cast<uint32_t>(f - kB64);
  };
  std::vector<unsigned char> out;
  out.reserve(s.size() / 4 * 3);
  for (size_t i = 0; i < s.size(); i += 4) {
    const bool last = i + 4 == s.size();
    const int pad = last ? (s[i + 3] == '=') + (s[i + 2] == '=') : 0;
    NN_CHECK(pad < 2 || s[i + 2] == '=', where, ": invalid base64 padding");
    uint32_t v = val(s[i], i) << 18 | val(s[i + 1], i + 1) << 12;
    if (pad < 2) v |= val(s[i + 2], i + 2) << 6;
    if (pad < 1) v |= val(s[i + 3], i + 3);
    out.push_back(static_cast<unsigned char>(v >> 16));
    if (pad < 2) out.push_back(static_cast<unsigned char>(v >> 8));
    if (pad < 1) out.push_back(static_cast<unsigned char>(v));
  }
  return out;
}

// Typed access to a JSON object's fields, naming the path in every error.
struct Reader {
  const Json& j;
  std::string path;
  Reader(const Json& obj, std::string p) : j(obj), path(std::move(p)) {
    NN_CHECK(j.is_object(), "field '", path, "' must be a JSON object");
  }
  std::string at(const std::string& k) const { return path.empty() ? k : path + "." + k; }
  const Json& need(const std::string& k) const {
    const Json* v = j.find(k);
    NN_CHECK(v != nullptr, "field '", at(k), "' is missing");
    return *v;
  }
  double num(const std::string& k) const {
    const Json& v = need(k);
    NN_CHECK(v.is_number(), "field '", at(k), "' must be a number");
    return v.num();
  }
  // Numbers written as null (NaN, e.g. a regression's accuracy) read back as NaN.
  float num_or_nan(const std::string& k) const {
    const Json& v = need(k);
    return v.is_null() ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(num(k));
  }
  float f32(const std::string& k) const { return static_cast<float>(num(k)); }
  int64_t integer(const std::string& k, double lo, double hi) const {
    const double x = num(k);
    NN_CHECK(x == std::floor(x) && x >= lo && x <= hi, "field '", at(k), "' = ", format_number(x),
             " must be an integer in [", format_number(lo), ", ", format_number(hi), "]");
    return static_cast<int64_t>(x);
  }
  int i32(const std::string& k, int lo = 0, int hi = 1 << 30) const { return static_cast<int>(integer(k, lo, hi)); }
  bool flag(const std::string& k) const {
    const Json& v = need(k);
    NN_CHECK(v.is_bool(), "field '", at(k), "' must be true or false");
    return v.as_bool();
  }
  const std::string& str(const std::string& k) const {
    const Json& v = need(k);
    NN_CHECK(v.is_string(), "field '", at(k), "' must be a string");
    return v.str();
  }
  const Json::Array& arr(const std::string& k) const {
    const Json& v = need(k);
    NN_CHECK(v.is_array(), "field '", at(k), "' must be an array");
    return v.arr();
  }
  Reader sub(const std::string& k) const { return Reader(need(k), at(k)); }
};

template <class Kind>
Kind kind_named(const std::string& name, const char* (*kind_name)(Kind), const std::string& field) {
  std::string valid;
  for (int i = 0; i < static_cast<int>(Kind::Count); ++i) {
    if (name == kind_name(static_cast<Kind>(i))) return static_cast<Kind>(i);
    valid += (i ? ", " : "") + std::string(kind_name(static_cast<Kind>(i)));
  }
  NN_CHECK(false, "field '", field, "' = '", name, "' is not one of: ", valid);
  return Kind::Count;
}

constexpr double kMaxExactInt = 9007199254740992.0;  // 2^53: larger integers do not survive a JSON number

Json seed_json(uint64_t seed, const char* what) {
  NN_CHECK(static_cast<double>(seed) < kMaxExactInt, "run file: ", what, " ", seed, " is too large to store (max 2^53)");
  return Json(static_cast<unsigned long long>(seed));
}

Json rng_to_json(const Rng::State& s) {
  Json j = Json::object();
  j.set("s", Json::array_of(std::vector<unsigned>{s.s[0], s.s[1], s.s[2], s.s[3]}));
  j.set("has_spare", s.has_spare);
  j.set("spare", s.spare);
  return j;
}

Rng::State rng_from_json(const Reader& r) {
  Rng::State s;
  const Json::Array& a = r.arr("s");
  NN_CHECK(a.size() == 4, "field '", r.at("s"), "' must hold 4 numbers");
  for (size_t i = 0; i < 4; ++i) {
    NN_CHECK(a[i].is_number() && a[i].num() >= 0 && a[i].num() <= 4294967295.0 && a[i].num() == std::floor(a[i].num()),
             "field '", r.at("s"), "' must hold 32-bit unsigned integers");
    s.s[i] = static_cast<uint32_t>(a[i].num());
  }
  s.has_spare = r.flag("has_spare");
  s.spare = r.f32("spare");
  return s;
}

Json tensor_json(int layer, const std::string& name, const Tensor& t) {
  Json j = Json::object();
  j.set("layer", layer);
  j.set("name", name);
  j.set("shape", Json::array_of(t.shape().dims));
  j.set("f32", base64_floats(t.data(), static_cast<size_t>(t.size())));
  return j;
}

RunTensor tensor_from_json(const Json& j, const std::string& where) {
  Reader r(j, where);
  RunTensor t;
  t.layer = r.i32("layer");
  t.name = r.str("name");
  std::vector<int> dims;
  for (const Json& d : r.arr("shape")) {
    NN_CHECK(d.is_number() && d.num() >= 1 && d.num() <= 1e9 && d.num() == std::floor(d.num()), "field '",
             r.at("shape"), "' must hold positive integers");
    dims.push_back(static_cast<int>(d.num()));
  }
  std::vector<float> v = floats_from_base64(r.str("f32"), "field '" + r.at("f32") + "'");
  Shape s(dims);
  NN_CHECK(static_cast<int64_t>(v.size()) == s.numel(), "field '", r.at("f32"), "' holds ", v.size(),
           " values but its shape ", s.str(), " needs ", s.numel());
  t.value = Tensor(s);
  t.value.vec() = std::move(v);
  return t;
}

Json step_json(const StepRecord& s) {
  auto n = [](float v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  return Json(Json::Array{Json(static_cast<long long>(s.step)), Json(s.epoch), n(s.loss_data), n(s.loss_reg),
                          n(s.acc_batch), n(s.lr), n(s.grad_norm)});
}

Json eval_json(const EvalRecord& e) {
  auto n = [](float v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  return Json(Json::Array{Json(static_cast<long long>(e.step)), Json(e.epoch), n(e.loss_train), n(e.loss_test),
                          n(e.acc_train), n(e.acc_test), n(e.loss_reg), n(e.lr)});
}

// A record: an array of numbers (null = NaN) of the given length.
std::vector<double> record(const Json& j, size_t len, const std::string& where) {
  NN_CHECK(j.is_array() && j.size() == len, where, " must be an array of ", len, " numbers");
  std::vector<double> v;
  for (const Json& x : j.arr()) {
    NN_CHECK(x.is_number() || x.is_null(), where, " must hold numbers");
    v.push_back(x.is_null() ? std::nan("") : x.num());
  }
  return v;
}

// A record's step (v[0]) and epoch (v[1]) are whole numbers in range before they are cast (NaN or 1e300 would
// be undefined behaviour).
void require_step_epoch(const std::vector<double>& v, const std::string& where) {
  NN_CHECK(v[0] == std::floor(v[0]) && v[0] >= 0 && v[0] < kMaxExactInt, where, ": the step must be a whole number >= 0");
  NN_CHECK(v[1] == std::floor(v[1]) && v[1] >= 0 && v[1] <= 2147483647.0, where, ": the epoch must be a whole number >= 0");
}

Json state_to_json(const TrainerState& st) {
  Json j = Json::object();
  j.set("step", Json(static_cast<long long>(st.step)));
  j.set("epoch", st.epoch);
  j.set("first_loss", st.first_loss);
  j.set("diverged", st.diverged);
  j.set("message", st.message);
  j.set("order_i32", base64_ints(st.order.data(), st.order.size()));
  j.set("cursor", Json(static_cast<long long>(st.cursor)));
  j.set("order_rng", rng_to_json(st.order_rng));
  Json lr = Json::array();
  for (const auto& [layer, s] : st.layer_rngs) {
    Json e = rng_to_json(s);
    e.set("layer", layer);
    lr.push(std::move(e));
  }
  j.set("layer_rngs", std::move(lr));
  Json opt = Json::object();
  opt.set("steps", Json(static_cast<long long>(st.optim.steps)));
  Json slots = Json::array();
  for (const auto& bufs : st.optim.slots) {
    Json b = Json::array();
    for (const Tensor& t : bufs) b.push(base64_floats(t.data(), static_cast<size_t>(t.size())));
    slots.push(std::move(b));
  }
  opt.set("slots_f32", std::move(slots));
  j.set("optimizer", std::move(opt));
  Json h = Json::array();
  for (const StepRecord& s : st.history) h.push(step_json(s));
  j.set("history", std::move(h));
  j.set("history_stride", Json(static_cast<long long>(st.history_stride)));
  j.set("bucket_fill", Json(static_cast<long long>(st.bucket_fill)));
  Json ev = Json::array();
  for (const EvalRecord& e : st.evals) ev.push(eval_json(e));
  j.set("evals", std::move(ev));
  if (st.eval_pending) j.set("eval_pending", Json(true));  // written only when set: older files stay valid
  return j;
}

TrainerState state_from_json(const Reader& r) {
  TrainerState st;
  st.step = r.integer("step", 0, kMaxExactInt);
  st.epoch = r.i32("epoch");
  st.first_loss = r.f32("first_loss");
  st.diverged = r.flag("diverged");
  st.message = r.str("message");
  st.order = ints_from_base64(r.str("order_i32"), "field '" + r.at("order_i32") + "'");
  st.cursor = r.integer("cursor", 0, kMaxExactInt);
  st.order_rng = rng_from_json(r.sub("order_rng"));
  const Json::Array& lr = r.arr("layer_rngs");
  for (size_t i = 0; i < lr.size(); ++i) {
    Reader e(lr[i], r.at("layer_rngs") + "[" + std::to_string(i) + "]");
    st.layer_rngs.push_back({e.i32("layer"), rng_from_json(e)});
  }
  Reader opt = r.sub("optimizer");
  st.optim.steps = opt.integer("steps", 0, kMaxExactInt);
  const Json::Array& slots = opt.arr("slots_f32");
  for (size_t i = 0; i < slots.size(); ++i) {
    const std::string where = "field '" + opt.at("slots_f32") + "[" + std::to_string(i) + "]'";
    NN_CHECK(slots[i].is_array(), where, " must be an array of base64 strings");
    std::vector<Tensor> bufs;
    for (const Json& b : slots[i].arr()) {
      NN_CHECK(b.is_string(), where, " must be an array of base64 strings");
      std::vector<float> v = floats_from_base64(b.str(), where);
      Tensor t(Shape{static_cast<int>(v.size())});
      t.vec() = std::move(v);
      bufs.push_back(std::move(t));
    }
    st.optim.slots.push_back(std::move(bufs));
  }
  const Json::Array& h = r.arr("history");
  for (size_t i = 0; i < h.size(); ++i) {
    std::vector<double> v = record(h[i], 7, "field '" + r.at("history") + "[" + std::to_string(i) + "]'");
    require_step_epoch(v, "field '" + r.at("history") + "[" + std::to_string(i) + "]'");
    st.history.push_back({static_cast<int64_t>(v[0]), static_cast<int>(v[1]), static_cast<float>(v[2]),
                          static_cast<float>(v[3]), static_cast<float>(v[4]), static_cast<float>(v[5]),
                          static_cast<float>(v[6])});
  }
  st.history_stride = r.integer("history_stride", 1, kMaxExactInt);
  st.bucket_fill = r.integer("bucket_fill", 0, kMaxExactInt);
  const Json::Array& ev = r.arr("evals");
  for (size_t i = 0; i < ev.size(); ++i) {
    std::vector<double> v = record(ev[i], 8, "field '" + r.at("evals") + "[" + std::to_string(i) + "]'");
    require_step_epoch(v, "field '" + r.at("evals") + "[" + std::to_string(i) + "]'");
    st.evals.push_back({static_cast<int64_t>(v[0]), static_cast<int>(v[1]), static_cast<float>(v[2]),
                        static_cast<float>(v[3]), static_cast<float>(v[4]), static_cast<float>(v[5]),
                        static_cast<float>(v[6]), static_cast<float>(v[7])});
  }
  st.eval_pending = r.j.find("eval_pending") != nullptr && r.flag("eval_pending");
  return st;
}

}  // namespace

std::string base64_floats(const float* v, size_t n) {
  return b64_encode(reinterpret_cast<const unsigned char*>(v), n * sizeof(float));
}

std::vector<float> floats_from_base64(const std::string& s, const std::string& where) {
  std::vector<unsigned char> bytes = b64_decode(s, where);
  NN_CHECK(bytes.size() % 4 == 0, where, ": ", bytes.size(), " bytes is not a whole number of float32 values");
  std::vector<float> v(bytes.size() / 4);
  if (!bytes.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

std::string base64_ints(const int* v, size_t n) {
  static_assert(sizeof(int) == 4);
  return b64_encode(reinterpret_cast<const unsigned char*>(v), n * sizeof(int));
}

std::vector<int> ints_from_base64(const std::string& s, const std::string& where) {
  std::vector<unsigned char> bytes = b64_decode(s, where);
  NN_CHECK(bytes.size() % 4 == 0, where, ": ", bytes.size(), " bytes is not a whole number of int32 values");
  std::vector<int> v(bytes.size() / 4);
  if (!bytes.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

Json data_desc_to_json(const DataDesc& d) {
  Json j = Json::object();
  j.set("name", data_kind_name(d.kind));
  j.set("seed", seed_json(d.seed, "data seed"));
  j.set("train_frac", d.train_frac);
  j.set("num_points", d.num_points);
  j.set("noise", d.noise);
  j.set("num_classes", d.num_classes);
  j.set("margin", d.margin);
  j.set("pack_path", d.pack_path);
  j.set("max_train", d.max_train);
  j.set("max_test", d.max_test);
  j.set("num_samples", d.num_samples);
  j.set("frames", d.frames);
  j.set("height", d.height);
  j.set("width", d.width);
  j.set("seq_len", d.seq_len);
  j.set("lag", d.lag);
  j.set("predict_steps", d.predict_steps);
  return j;
}

DataDesc data_desc_from_json(const Json& j, const std::string& where) {
  Reader r(j, where);
  DataDesc d;
  d.kind = kind_named<DataKind>(r.str("name"), data_kind_name, r.at("name"));
  d.seed = static_cast<uint64_t>(r.integer("seed", 0, kMaxExactInt));
  d.train_frac = r.f32("train_frac");
  d.num_points = r.i32("num_points");
  d.noise = r.f32("noise");
  d.num_classes = r.i32("num_classes");
  d.margin = r.f32("margin");
  d.pack_path = r.str("pack_path");
  d.max_train = r.i32("max_train");
  d.max_test = r.i32("max_test");
  d.num_samples = r.i32("num_samples");
  d.frames = r.i32("frames");
  d.height = r.i32("height");
  d.width = r.i32("width");
  d.seq_len = r.i32("seq_len");
  d.lag = r.i32("lag");
  d.predict_steps = r.i32("predict_steps");
  return d;
}

Json train_desc_to_json(const TrainDesc& d) {
  Json o = Json::object();
  o.set("kind", optim_kind_name(d.optim.kind));
  o.set("lr", d.optim.lr);
  o.set("momentum", d.optim.momentum);
  o.set("dampening", d.optim.dampening);
  o.set("nesterov", d.optim.nesterov);
  o.set("beta1", d.optim.beta1);
  o.set("beta2", d.optim.beta2);
  o.set("alpha", d.optim.alpha);
  o.set("eps", d.optim.eps);
  o.set("weight_decay", d.optim.weight_decay);
  Json s = Json::object();
  s.set("kind", schedule_kind_name(d.schedule.kind));
  s.set("step_size", d.schedule.step_size);
  s.set("gamma", d.schedule.gamma);
  s.set("t_max", d.schedule.t_max);
  s.set("eta_min", d.schedule.eta_min);
  s.set("warmup_steps", d.schedule.warmup_steps);
  s.set("warmup_start_factor", d.schedule.warmup_start_factor);
  Json j = Json::object();
  j.set("batch_size", d.batch_size);
  j.set("l2", d.l2);
  j.set("optimizer", std::move(o));
  j.set("schedule", std::move(s));
  j.set("clip_norm", d.clip_norm);
  j.set("clip_value", d.clip_value);
  j.set("init", init_kind_name(d.init.kind));
  j.set("init_sigma", d.init.sigma);
  j.set("seed", seed_json(d.seed, "seed"));
  j.set("eval_every", d.eval_every);
  j.set("eval_max_samples", d.eval_max_samples);
  j.set("stats_every", d.stats_every);
  j.set("hist_bins", d.hist_bins);
  j.set("divergence_factor", d.divergence_factor);
  j.set("history_max", d.history_max);
  return j;
}

TrainDesc train_desc_from_json(const Json& j, const std::string& where) {
  Reader r(j, where);
  TrainDesc d;
  d.batch_size = r.i32("batch_size", 1);
  d.l2 = r.f32("l2");
  Reader o = r.sub("optimizer");
  d.optim.kind = kind_named<OptimKind>(o.str("kind"), optim_kind_name, o.at("kind"));
  d.optim.lr = o.f32("lr");
  d.optim.momentum = o.f32("momentum");
  d.optim.dampening = o.f32("dampening");
  d.optim.nesterov = o.flag("nesterov");
  d.optim.beta1 = o.f32("beta1");
  d.optim.beta2 = o.f32("beta2");
  d.optim.alpha = o.f32("alpha");
  d.optim.eps = o.f32("eps");
  d.optim.weight_decay = o.f32("weight_decay");
  Reader s = r.sub("schedule");
  d.schedule.kind = kind_named<ScheduleKind>(s.str("kind"), schedule_kind_name, s.at("kind"));
  d.schedule.step_size = s.i32("step_size", 1);
  d.schedule.gamma = s.f32("gamma");
  d.schedule.t_max = s.i32("t_max", 1);
  d.schedule.eta_min = s.f32("eta_min");
  d.schedule.warmup_steps = s.i32("warmup_steps");
  d.schedule.warmup_start_factor = s.f32("warmup_start_factor");
  d.clip_norm = r.f32("clip_norm");
  d.clip_value = r.f32("clip_value");
  d.init.kind = kind_named<InitKind>(r.str("init"), init_kind_name, r.at("init"));
  d.init.sigma = r.f32("init_sigma");
  d.seed = static_cast<uint64_t>(r.integer("seed", 0, kMaxExactInt));
  d.eval_every = r.i32("eval_every");
  d.eval_max_samples = r.i32("eval_max_samples", 1);
  d.stats_every = r.i32("stats_every");
  d.hist_bins = r.i32("hist_bins", 1);
  d.divergence_factor = r.f32("divergence_factor");
  d.history_max = r.i32("history_max", 2);
  return d;
}

RunFile run_from_trainer(const Trainer& trainer, const ModelSpec& spec, const DataDesc& data) {
  RunFile run;
  const Model& model = trainer.model();
  run.spec = spec;
  run.spec_text = print_spec(spec);
  run.data = data;
  run.train = trainer.desc();
  run.state = trainer.save_state();
  size_t bytes = 0;
  for (int i = 0; i < model.num_layers(); ++i) {
    Layer& layer = const_cast<Model&>(model).layer(i);  // params() is non-const; nothing is changed
    for (Param* p : layer.params()) {
      run.params.push_back({i, p->name, p->value});
      bytes += static_cast<size_t>(p->value.size()) * 4;
    }
    for (const auto& [name, t] : layer.buffers()) {
      run.buffers.push_back({i, name, *t});
      bytes += static_cast<size_t>(t->size()) * 4;
    }
  }
  for (const auto& s : run.state.optim.slots)
    for (const Tensor& t : s) bytes += static_cast<size_t>(t.size()) * 4;
  bytes += run.state.order.size() * 4;
  // base64 grows the bytes by 4/3.
  NN_CHECK(bytes / 3 * 4 <= kMaxRunFileBytes, "run file: the weights, optimizer state and batch order need ",
           bytes / 3 * 4 / (1 << 20), " MiB as base64, more than the ", kMaxRunFileBytes >> 20, " MiB a run file may hold");
  return run;
}

Json run_to_json(const RunFile& run) {
  Json j = Json::object();
  j.set("format", "gradlab-run");
  j.set("version", kRunFormatVersion);
  j.set("spec", run.spec_text);
  j.set("data", data_desc_to_json(run.data));
  j.set("train", train_desc_to_json(run.train));
  j.set("state", state_to_json(run.state));
  Json ps = Json::array(), bs = Json::array();
  for (const RunTensor& t : run.params) ps.push(tensor_json(t.layer, t.name, t.value));
  for (const RunTensor& t : run.buffers) bs.push(tensor_json(t.layer, t.name, t.value));
  j.set("params", std::move(ps));
  j.set("buffers", std::move(bs));
  return j;
}

std::string save_run_json(const Trainer& trainer, const ModelSpec& spec, const DataDesc& data) {
  RunFile run = run_from_trainer(trainer, spec, data);
  std::string text = run_to_json(run).dump();
  NN_CHECK(text.size() + 1 <= kMaxRunFileBytes, "run file: ", text.size() >> 20, " MiB, more than the ", kMaxRunFileBytes >> 20,
           " MiB a run file may hold");
  return text + "\n";
}

RunFile parse_run_or_throw(const std::string& text) {
  NN_CHECK(text.size() <= kMaxRunFileBytes, "run file: ", text.size() >> 20, " MiB, more than the ", kMaxRunFileBytes >> 20,
           " MiB a run file may hold");
  try {
    const Json j = Json::parse(text);
    Reader r(j, "");
    NN_CHECK(r.str("format") == "gradlab-run", "field 'format' must be \"gradlab-run\" (not a GradLab run file)");
    const int64_t version = r.integer("version", 1, 1000);
    NN_CHECK(version == kRunFormatVersion, "version ", version, " is not supported (this GradLab reads version ",
             kRunFormatVersion, ")");
    RunFile run;
    run.spec_text = r.str("spec");
    SpecResult parsed = parse_spec(run.spec_text);
    NN_CHECK(parsed.ok(), "field 'spec': line ", parsed.ok() ? 0 : parsed.error->line, ": ",
             parsed.ok() ? "" : parsed.error->message);
    run.spec = parsed.spec;
    run.data = data_desc_from_json(r.need("data"), "data");
    run.train = train_desc_from_json(r.need("train"), "train");
    run.state = state_from_json(r.sub("state"));
    const Json::Array& ps = r.arr("params");
    for (size_t i = 0; i < ps.size(); ++i) run.params.push_back(tensor_from_json(ps[i], "params[" + std::to_string(i) + "]"));
    const Json::Array& bs = r.arr("buffers");
    for (size_t i = 0; i < bs.size(); ++i)
      run.buffers.push_back(tensor_from_json(bs[i], "buffers[" + std::to_string(i) + "]"));
    return run;
  } catch (const EngineError& e) {
    throw EngineError(std::string("run file: ") + e.what());
  }
}

RunLoad load_run_json(const std::string& text) {
  RunLoad out;
  try {
    out.run = parse_run_or_throw(text);
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

void apply_run(Trainer& trainer, const RunFile& run) {
  Model& model = trainer.model();
  // Check everything before changing anything.
  std::vector<Tensor*> targets;
  auto match = [&](const std::vector<RunTensor>& saved, bool buffers) {
    size_t k = 0;
    for (int i = 0; i < model.num_layers(); ++i) {
      Layer& layer = model.layer(i);
      std::vector<std::pair<std::string, Tensor*>> mine;
      if (buffers) {
        if (auto* bn = dynamic_cast<BatchNorm*>(&layer))
          mine = {{"running_mean", &bn->running_mean()}, {"running_var", &bn->running_var()}};
      } else {
        for (Param* p : layer.params()) mine.push_back({p->name, &p->value});
      }
      for (const auto& [name, t] : mine) {
        const char* what = buffers ? "buffer" : "param";
        NN_CHECK(k < saved.size(), "run file: the model has more ", what, "s than the run (", what, " '", name,
                 "' of layer ", i, " ", layer_kind_name(layer.kind()), " is missing)");
        const RunTensor& s = saved[k++];
        NN_CHECK(s.layer == i && s.name == name, "run file: ", what, " ", k - 1, " is '", s.name, "' of layer ", s.layer,
                 " but the model expects '", name, "' of layer ", i, " (", layer_kind_name(layer.kind()), ")");
        NN_CHECK(s.value.shape() == t->shape(), "run file: ", what, " '", name, "' of layer ", i, " (",
                 layer_kind_name(layer.kind()), ") has shape ", s.value.shape().str(), " but the model expects ",
                 t->shape().str());
        targets.push_back(t);
      }
    }
    NN_CHECK(k == saved.size(), "run file: the run has ", saved.size(), buffers ? " buffers" : " params",
             " but the model has ", k);
  };
  match(run.params, false);
  match(run.buffers, true);
  trainer.restore_state(run.state);  // checks order, layers and optimizer sizes; throws before changing
  size_t k = 0;
  for (const RunTensor& s : run.params) *targets[k++] = s.value;
  for (const RunTensor& s : run.buffers) *targets[k++] = s.value;
}

std::unique_ptr<Trainer> make_trainer_from_run(const RunFile& run, std::shared_ptr<const Dataset> data) {
  auto trainer = std::make_unique<Trainer>(run.spec, std::move(data), run.train);
  apply_run(*trainer, run);
  return trainer;
}

}  // namespace gl
