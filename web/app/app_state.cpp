// URL-hash and Save/Load mapping of App's state; App::state_json for the browser tests.
#include "web/app/app_state.h"

#include <cmath>
#include <cstdlib>

#include "engine/core/json.h"
#include "web/app/app.h"

namespace gl {

namespace {
bool parse_float(const std::string& s, float& out) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != 0 || !std::isfinite(v)) return false;
  out = static_cast<float>(v);
  return true;
}
bool parse_int(const std::string& s, int& out, int lo, int hi) {
  float f;
  if (!parse_float(s, f) || f != std::floor(f) || f < static_cast<float>(lo) || f > static_cast<float>(hi)) return false;
  out = static_cast<int>(f);
  return true;
}
template <class E>
bool parse_enum(const std::string& s, E& out, const char* (*name)(E)) {
  for (int i = 0; i < static_cast<int>(E::Count); ++i)
    if (s == name(static_cast<E>(i))) {
      out = static_cast<E>(i);
      return true;
    }
  return false;
}
const char* data_name(DataKind k) { return data_kind_name(k); }
std::string fmt(float v) { return format_number(static_cast<double>(v)); }
}  // namespace

void append_settings(UrlParams& out, const DataDesc& d, const TrainDesc& t, const DataDesc& d0, const TrainDesc& t0) {
  out.emplace_back("data", data_kind_name(d.kind));
  if (d.num_points != d0.num_points) out.emplace_back("points", std::to_string(d.num_points));
  if (d.noise != d0.noise) out.emplace_back("noise", fmt(d.noise));
  if (d.num_classes != d0.num_classes) out.emplace_back("classes", std::to_string(d.num_classes));
  if (d.train_frac != d0.train_frac) out.emplace_back("split", fmt(d.train_frac));
  if (d.seed != d0.seed) out.emplace_back("dseed", std::to_string(d.seed));
  out.emplace_back("opt", optim_kind_name(t.optim.kind));
  out.emplace_back("lr", fmt(t.optim.lr));
  if (t.optim.momentum != t0.optim.momentum) out.emplace_back("mom", fmt(t.optim.momentum));
  if (t.batch_size != t0.batch_size) out.emplace_back("batch", std::to_string(t.batch_size));
  if (t.l2 != t0.l2) out.emplace_back("l2", fmt(t.l2));
  if (t.clip_norm != t0.clip_norm) out.emplace_back("clip", fmt(t.clip_norm));
  if (t.schedule.kind != t0.schedule.kind) out.emplace_back("sched", schedule_kind_name(t.schedule.kind));
  if (t.init.kind != t0.init.kind) out.emplace_back("init", init_kind_name(t.init.kind));
  if (t.init.sigma != t0.init.sigma) out.emplace_back("sigma", fmt(t.init.sigma));
  out.emplace_back("seed", std::to_string(t.seed));
}

void read_settings(const UrlParams& in, DataDesc& d, TrainDesc& t, std::vector<std::string>& problems) {
  // Each setter assigns only a value that parses and lies in range, so a bad value keeps the current one.
  auto set_float = [](const std::string& v, float& out, float lo, float hi) {
    float f = 0;
    if (!parse_float(v, f) || f < lo || f > hi) return false;
    out = f;
    return true;
  };
  auto set_int = [](const std::string& v, int& out, int lo, int hi) {
    int i = 0;
    if (!parse_int(v, i, lo, hi)) return false;
    out = i;
    return true;
  };
  auto set_seed = [&](const std::string& v, uint64_t& out) {
    int i = 0;
    if (!set_int(v, i, 0, 1 << 30)) return false;
    out = static_cast<uint64_t>(i);
    return true;
  };
  for (const auto& [k, v] : in) {
    bool ok = true;
    if (k == "data") ok = parse_enum(v, d.kind, data_name);
    else if (k == "points") ok = set_int(v, d.num_points, 4, 5000);
    else if (k == "noise") ok = set_float(v, d.noise, 0.0f, 2.0f);
    else if (k == "classes") ok = set_int(v, d.num_classes, 2, 8);
    else if (k == "split") ok = set_float(v, d.train_frac, 0.01f, 0.99f);
    else if (k == "dseed") ok = set_seed(v, d.seed);
    else if (k == "opt") {
      OptimKind kind;
      ok = parse_enum(v, kind, optim_kind_name);
      if (ok) {
        float lr = t.optim.lr;
        t.optim = optim_defaults(kind);
        t.optim.lr = lr;
      }
    } else if (k == "lr") ok = set_float(v, t.optim.lr, 1e-8f, 100.0f);
    else if (k == "mom") ok = set_float(v, t.optim.momentum, 0.0f, 0.999f);
    else if (k == "batch") ok = set_int(v, t.batch_size, 1, 4096);
    else if (k == "l2") ok = set_float(v, t.l2, 0.0f, 1e6f);
    else if (k == "clip") ok = set_float(v, t.clip_norm, 0.0f, 1e6f);
    else if (k == "sched") ok = parse_enum(v, t.schedule.kind, schedule_kind_name);
    else if (k == "init") ok = parse_enum(v, t.init.kind, init_kind_name);
    else if (k == "sigma") ok = set_float(v, t.init.sigma, 1e-8f, 1e6f);
    else if (k == "seed") ok = set_seed(v, t.seed);
    if (!ok) problems.push_back(k + "=" + v);
  }
}

std::string App::url_hash() const {
  UrlParams p;
  p.emplace_back("spec", session_.valid_spec_text());
  const TrainLab& tl = session_.train();
  static const TrainLab defaults;
  append_settings(p, tl.data_desc(), tl.train_desc(), defaults.data_desc(), defaults.train_desc());
  p.emplace_back("tab", main_tab_name(tab_));
  if (embed_) p.emplace_back("embed", "1");
  if (!session_.train().playing) p.emplace_back("play", "0");
  if (network_.widgets) p.emplace_back("netview", "layers");
  course_write_hash(p);  // ex= or lab=
  return build_hash(p);
}

void App::set_url_hash(const std::string& hash) {
  UrlParams p = parse_hash(hash);
  std::vector<std::string> problems;
  course_read_hash(p, problems);  // lab= expands to its state; ex= / lab= load the exercise
  if (const std::string* spec = find_param(p, "spec")) {
    if (auto err = session_.set_spec(*spec)) problems.push_back("the network has an error (" + err->message + ")");
  }
  DataDesc d = session_.train().data_desc();
  TrainDesc t = session_.train().train_desc();
  read_settings(p, d, t, problems);
  session_.train().set_data(d);
  session_.train().set_train(t);
  if (const std::string* tab = find_param(p, "tab")) {
    bool found = false;
    for (int i = 0; i < static_cast<int>(MainTab::Count); ++i)
      if (*tab == main_tab_name(static_cast<MainTab>(i))) {
        tab_ = static_cast<MainTab>(i);
        select_tab_ = tab_;
        found = true;
      }
    if (!found) problems.push_back("tab=" + *tab);
  }
  if (const std::string* e = find_param(p, "embed")) embed_ = *e == "1";
  if (const std::string* nv = find_param(p, "netview")) network_.widgets = *nv == "layers";
  if (const std::string* play = find_param(p, "play")) session_.train().playing = *play != "0";
  url_note_.clear();
  if (!problems.empty()) {
    url_note_ = "Parts of the link could not be used, defaults kept for them: ";
    for (size_t i = 0; i < problems.size(); ++i) url_note_ += (i ? "; " : "") + problems[i];
  }
}

std::string App::save_json() const {
  Json j = Json::object();
  j.set("gradlab", GRADLAB_VERSION);
  j.set("spec", session_.valid_spec_text());
  j.set("model", spec_to_json(session_.spec()));
  j.set("state", url_hash());
  return j.dump();
}

void App::load_json(const std::string& text) {
  try {
    Json j = Json::parse(text);
    NN_CHECK(j.has("spec") && j["spec"].is_string(), "the file has no \"spec\" (is it a GradLab model file?)");
    if (j.has("state") && j["state"].is_string()) set_url_hash(j["state"].str());
    if (auto err = session_.set_spec(j["spec"].str())) url_note_ = "The file's network has an error: " + err->message;
  } catch (const EngineError& e) {
    url_note_ = std::string("Could not load the file: ") + e.what();
  }
}

std::string App::state_json() const {
  Json j = Json::object();
  j.set("ready", true);
  j.set("version", GRADLAB_VERSION);
  j.set("simd", simd_description());
#if defined(__wasm_simd128__)
  j.set("wasm_simd", true);
#else
  j.set("wasm_simd", false);
#endif
  j.set("frames", stats_.frames);
  j.set("frame_ms", stats_.dt_ms);
  j.set("cpu_ms", stats_.cpu_ms);
  j.set("cpu_ms_max", stats_.cpu_ms_max);
  j.set("gl_ms", stats_.gl_ms);
  j.set("tab", main_tab_name(tab_));
  j.set("embed", embed_);
  j.set("spec", session_.spec_text());
  j.set("valid_spec", session_.valid_spec_text());
  if (const auto& e = session_.spec_error()) {
    Json err = Json::object();
    err.set("line", e->line);
    err.set("col", e->col);
    err.set("message", e->message);
    j.set("spec_error", err);
  } else {
    j.set("spec_error", Json());
  }
  Json rows = Json::array();
  for (const RowSummary& r : session_.summary().rows) {
    Json row = Json::object();
    row.set("spec", r.spec);
    row.set("output_shape", Json::array_of(r.output_shape.dims));
    row.set("params", r.params());
    row.set("mults", r.mults);
    rows.push(row);
  }
  j.set("layers", rows);
  j.set("total_params", session_.summary().total_params);
  j.set("url_note", url_note_);
  course_state(j);  // "exercise", "labs"
  j.set("panel_message", panel_message());
  const TrainLab& tl = session_.train();
  Json tr = Json::object();
  tr.set("data", data_kind_name(tl.data_desc().kind));
  tr.set("playing", tl.playing);
  tr.set("error", tl.error());
  if (const Trainer* t = tl.trainer()) {
    tr.set("step", t->steps());
    tr.set("diverged", t->diverged());
    tr.set("message", t->message());
    const auto& h = t->history();
    if (!h.empty()) {
      tr.set("loss_first", t->first_loss());
      // Mean of the last 20 records (batch losses, or means of runs of them): one batch is noisy.
      double s = 0;
      size_t n = std::min<size_t>(20, h.size());
      for (size_t i = h.size() - n; i < h.size(); ++i) s += h[i].loss_data;
      tr.set("loss_recent", s / static_cast<double>(n));
    }
    if (!t->evals().empty()) {
      tr.set("acc_train", t->evals().back().acc_train);
      tr.set("acc_test", t->evals().back().acc_test);
    }
  }
  tr.set("steps_per_second", train_panel_.steps_per_second);
  tr.set("train_budget_ms", train_budget_ms_);
  j.set("train", tr);
  // Decision-boundary grid summary: how much the predicted class varies over the plane.
  const PlaneGrid& g = tl.last_grid();
  if (g.n > 0 && g.classes > 0) {
    std::vector<int> wins(static_cast<size_t>(g.classes), 0);
    double pmin = 1, pmax = 0;
    for (int i = 0; i < g.n * g.n; ++i) {
      const float* p = &g.probs[static_cast<size_t>(i) * g.classes];
      int best = 0;
      for (int k = 1; k < g.classes; ++k)
        if (p[k] > p[best]) best = k;
      ++wins[static_cast<size_t>(best)];
      pmin = std::min(pmin, static_cast<double>(p[0]));
      pmax = std::max(pmax, static_cast<double>(p[0]));
    }
    Json b = Json::object();
    b.set("n", g.n);
    b.set("step", g.step);
    b.set("cells_per_class", Json::array_of(wins));
    b.set("p0_min", pmin);
    b.set("p0_max", pmax);
    j.set("boundary", b);
  }
  return j.dump();
}

}  // namespace gl
