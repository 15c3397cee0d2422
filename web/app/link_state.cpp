// LinkState <-> URL hash. One table of keys (kKeys): each key reads and writes one field (or a small group)
// of LinkState as text; link_hash() writes a key when its text differs from the default's, read_link()
// applies the keys in table order (so "opt" resets the optimizer before "lr" and "mom" are read).
#include "web/app/link_state.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "web/app/url_state.h"

namespace gl {

const char* main_tab_name(MainTab t) {
  static const char* names[] = {"boundary", "curves", "data", "inspector", "inside", "graph", "optimizers",
                                "compare", "batchnorm", "classifiers"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(MainTab::Count));
  return names[static_cast<int>(t)];
}

const char* control_group_name(ControlGroup g) {
  static const char* names[] = {"network", "data", "training", "view", "share"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(ControlGroup::Count));
  return names[static_cast<int>(g)];
}

LinkState::LinkState() {
  for (const OptimDesc& o : default_racers()) racers.push_back({true, o.lr});
}

ClassicDesc LinkState::default_classic(ClassicKind kind) {
  ClassicDesc d;
  d.kind = kind;
  return d;
}

namespace {

// Shortest text that reads back as the same float.
std::string fmt_float(float v) {
  char b[32];
  for (int p = 1; p <= 9; ++p) {
    std::snprintf(b, sizeof b, "%.*g", p, static_cast<double>(v));
    if (std::strtof(b, nullptr) == v) break;
  }
  return b;
}
std::string fmt_double(double v) {
  char b[40];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(b, sizeof b, "%.*g", p, v);
    if (std::strtod(b, nullptr) == v) break;
  }
  return b;
}

bool read_double(const std::string& s, double& out) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != 0 || !std::isfinite(v)) return false;
  out = v;
  return true;
}
bool read_float(const std::string& s, float& out, float lo, float hi) {
  double v = 0;
  if (!read_double(s, v) || v < lo || v > hi) return false;
  out = static_cast<float>(v);
  return true;
}
bool read_int(const std::string& s, int& out, int lo, int hi) {
  double v = 0;
  if (!read_double(s, v) || v != std::floor(v) || v < lo || v > hi) return false;
  out = static_cast<int>(v);
  return true;
}
template <class E>
bool read_enum(const std::string& s, E& out, const char* (*name)(E)) {
  for (int i = 0; i < static_cast<int>(E::Count); ++i)
    if (s == name(static_cast<E>(i))) {
      out = static_cast<E>(i);
      return true;
    }
  return false;
}
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(sep, i);
    out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) return out;
    i = j + 1;
  }
}

// One key: writes its field(s) as text, reads text into them (false: bad value, the field is untouched).
struct Key {
  const char* name;
  std::function<std::string(const LinkState&)> write;
  std::function<bool(LinkState&, const std::string&)> read;
  bool always = false;  // written even at its default (the main settings, so a link reads on its own)
};

template <class Get>
Key float_key(const char* name, Get get, float lo, float hi, bool always = false) {
  return {name, [get](const LinkState& s) { return fmt_float(get(const_cast<LinkState&>(s))); },
          [get, lo, hi](LinkState& s, const std::string& v) { return read_float(v, get(s), lo, hi); }, always};
}
template <class Get>
Key int_key(const char* name, Get get, int lo, int hi) {
  return {name, [get](const LinkState& s) { return std::to_string(get(const_cast<LinkState&>(s))); },
          [get, lo, hi](LinkState& s, const std::string& v) { return read_int(v, get(s), lo, hi); }};
}
template <class Get>
Key seed_key(const char* name, Get get, bool always = false) {
  return {name, [get](const LinkState& s) { return std::to_string(get(const_cast<LinkState&>(s))); },
          [get](LinkState& s, const std::string& v) {
            int i = 0;
            if (!read_int(v, i, 0, 1 << 30)) return false;
            get(s) = static_cast<uint64_t>(i);
            return true;
          },
          always};
}
template <class Get>
Key bool_key(const char* name, Get get) {
  return {name, [get](const LinkState& s) { return std::string(get(const_cast<LinkState&>(s)) ? "1" : "0"); },
          [get](LinkState& s, const std::string& v) {
            if (v != "0" && v != "1") return false;
            get(s) = v == "1";
            return true;
          }};
}
template <class E, class Get>
Key enum_key(const char* name, Get get, const char* (*names)(E), bool always = false) {
  return {name, [get, names](const LinkState& s) { return std::string(names(get(const_cast<LinkState&>(s)))); },
          [get, names](LinkState& s, const std::string& v) { return read_enum(v, get(s), names); }, always};
}
// An int shown by a name from a fixed list.
template <class Get>
Key choice_key(const char* name, Get get, std::vector<const char*> choices) {
  return {name, [get, choices](const LinkState& s) {
            const int i = get(const_cast<LinkState&>(s));
            return std::string(i >= 0 && i < static_cast<int>(choices.size()) ? choices[static_cast<size_t>(i)] : "?");
          },
          [get, choices](LinkState& s, const std::string& v) {
            for (size_t i = 0; i < choices.size(); ++i)
              if (v == choices[i]) return get(s) = static_cast<int>(i), true;
            return false;
          }};
}

const char* data_name(DataKind k) { return data_kind_name(k); }
const char* optim_name(OptimKind k) { return optim_kind_name(k); }
const char* sched_name(ScheduleKind k) { return schedule_kind_name(k); }
const char* init_name(InitKind k) { return init_kind_name(k); }
const char* surface_name(SurfaceKind k) { return surface_kind_name(k); }
const char* dist_name(Distance d) { return distance_name(d); }
const char* tab_name(MainTab t) { return main_tab_name(t); }
const char* tie_name(ExprTieRule r) { return expr_tie_rule_name(r); }
const char* feature_name(FeatureKind k) { return feature_kind_name(k); }

// Points: "a0.12_-0.5~B1.3_0.2~r0.1_0.1": a..h add a training point of class 0..7, A..H a test point,
// r removes the nearest point; then x1 "_" x2.
std::string write_points(const LinkState& s) {
  std::string out;
  for (const PointEdit& p : s.points) {
    if (!out.empty()) out += '~';
    out += p.remove ? 'r' : static_cast<char>((p.test ? 'A' : 'a') + p.cls);
    out += fmt_float(p.x1);
    out += '_';
    out += fmt_float(p.x2);
  }
  return out;
}
bool read_points(LinkState& s, const std::string& v) {
  std::vector<PointEdit> pts;
  for (const std::string& op : split(v, '~')) {
    if (op.size() < 4 || static_cast<int>(pts.size()) >= kMaxPointEdits) return false;
    PointEdit p;
    const char c = op[0];
    if (c == 'r') p.remove = true;
    else if (c >= 'a' && c <= 'h') p.cls = c - 'a';
    else if (c >= 'A' && c <= 'H') p.cls = c - 'A', p.test = true;
    else return false;
    const std::vector<std::string> xy = split(op.substr(1), '_');
    if (xy.size() != 2 || !read_float(xy[0], p.x1, -1e3f, 1e3f) || !read_float(xy[1], p.x2, -1e3f, 1e3f)) return false;
    p.x1 = round_point_coord(p.x1);
    p.x2 = round_point_coord(p.x2);
    pts.push_back(p);
  }
  s.points = std::move(pts);
  return true;
}

// Graph values: "w0~2~x0~-1": name, value, name, value...
std::string write_values(const LinkState& s) {
  std::string out;
  for (const auto& [name, v] : s.values) {
    if (!out.empty()) out += '~';
    out += name;
    out += '~';
    out += fmt_double(v);
  }
  return out;
}
bool read_values(LinkState& s, const std::string& v) {
  std::vector<std::pair<std::string, double>> vals;
  const std::vector<std::string> parts = v.empty() ? std::vector<std::string>{} : split(v, '~');
  if (parts.size() % 2) return false;
  for (size_t i = 0; i < parts.size(); i += 2) {
    double d = 0;
    if (parts[i].empty() || !read_double(parts[i + 1], d)) return false;
    vals.emplace_back(parts[i], d);
  }
  s.values = std::move(vals);
  return true;
}

// Racers: "race=sgd_adam" (the enabled ones), "rlr=0.02_0.02_0.02_0.5_0.05_0.1" (every racer's lr).
std::string write_race(const LinkState& s) {
  std::string out;
  const std::vector<OptimDesc> kinds = default_racers();
  for (size_t i = 0; i < s.racers.size() && i < kinds.size(); ++i)
    if (s.racers[i].enabled) {
      if (!out.empty()) out += '_';
      out += optim_kind_name(kinds[i].kind);
    }
  return out.empty() ? "none" : out;
}
bool read_race(LinkState& s, const std::string& v) {
  const std::vector<OptimDesc> kinds = default_racers();
  std::vector<bool> on(kinds.size(), false);
  if (v != "none")
    for (const std::string& name : split(v, '_')) {
      size_t i = 0;
      while (i < kinds.size() && name != optim_kind_name(kinds[i].kind)) ++i;
      if (i == kinds.size()) return false;
      on[i] = true;
    }
  for (size_t i = 0; i < s.racers.size() && i < on.size(); ++i) s.racers[i].enabled = on[i];
  return true;
}
std::string write_rates(const LinkState& s) {
  std::string out;
  for (const RacerLink& r : s.racers) {
    if (!out.empty()) out += '_';
    out += fmt_float(r.lr);
  }
  return out;
}
bool read_rates(LinkState& s, const std::string& v) {
  const std::vector<std::string> parts = split(v, '_');
  if (parts.size() != s.racers.size()) return false;
  std::vector<float> lrs(parts.size());
  for (size_t i = 0; i < parts.size(); ++i)
    if (!read_float(parts[i], lrs[i], 1e-6f, 10.0f)) return false;
  for (size_t i = 0; i < parts.size(); ++i) s.racers[i].lr = lrs[i];
  return true;
}
std::string write_start(const LinkState& s) {
  if (!s.has_start) return "default";
  std::string out = fmt_float(s.start_x);
  out += '_';
  return out + fmt_float(s.start_y);
}
bool read_start(LinkState& s, const std::string& v) {
  const std::vector<std::string> xy = split(v, '_');
  float x = 0, y = 0;
  if (xy.size() != 2 || !read_float(xy[0], x, -1e3f, 1e3f) || !read_float(xy[1], y, -1e3f, 1e3f)) return false;
  s.has_start = true;
  s.start_x = x;
  s.start_y = y;
  return true;
}

// A set of names as a bit mask, written comma-separated in the enum's order ("tabs=boundary,curves",
// "controls=network,data"); `empty` is the text of no name at all ("" for tabs, where 0 means the default).
template <class E>
Key name_set_key(const char* name, unsigned LinkState::*field, const char* (*names)(E), const char* empty) {
  return {name, [field, names, empty](const LinkState& s) {
            std::string out;
            for (int i = 0; i < static_cast<int>(E::Count); ++i)
              if (s.*field & (1u << i)) out += (out.empty() ? "" : ",") + std::string(names(static_cast<E>(i)));
            return out.empty() ? std::string(empty) : out;
          },
          [field, names, empty](LinkState& s, const std::string& v) {
            if (v.empty()) return false;
            unsigned set = 0;
            if (v != empty)
              for (const std::string& part : split(v, ',')) {
                E e;
                if (!read_enum(part, e, names)) return false;
                set |= 1u << static_cast<unsigned>(e);
              }
            s.*field = set;
            return true;
          }};
}
const char* group_name(ControlGroup g) { return control_group_name(g); }
std::string write_clip_size(const LinkState& s) {
  const int h = s.data.height, w = s.data.width;
  return h == w ? std::to_string(h) : std::to_string(h) + "x" + std::to_string(w);
}
bool read_clip_size(LinkState& s, const std::string& v) {
  const std::vector<std::string> hw = split(v, 'x');
  int h = 0, w = 0;
  if (hw.size() > 2 || !read_int(hw[0], h, 8, 128) || !read_int(hw.back(), w, 8, 128)) return false;
  s.data.height = h;
  s.data.width = w;
  return true;
}

// "opt" replaces the optimizer by that kind's defaults but keeps the learning rate ("lr" is read after).
Key optimizer_key() {
  return {"opt", [](const LinkState& s) { return std::string(optim_kind_name(s.train.optim.kind)); },
          [](LinkState& s, const std::string& v) {
            OptimKind k;
            if (!read_enum(v, k, optim_name)) return false;
            const float lr = s.train.optim.lr;
            s.train.optim = optim_defaults(k);
            s.train.optim.lr = lr;
            return true;
          },
          true};
}

#define F(expr) [](LinkState& s) -> float& { return expr; }
#define I(expr) [](LinkState& s) -> int& { return expr; }
#define B(expr) [](LinkState& s) -> bool& { return expr; }

std::vector<Key> network_and_data_keys() {
  return {
      {"spec", [](const LinkState& s) { return s.spec; }, [](LinkState& s, const std::string& v) { return s.spec = v, true; }, true},
      enum_key("data", [](LinkState& s) -> DataKind& { return s.data.kind; }, data_name, true),
      int_key("points", I(s.data.num_points), 4, 5000),
      float_key("noise", F(s.data.noise), 0.0f, 2.0f),
      int_key("classes", I(s.data.num_classes), 2, 32),
      float_key("split", F(s.data.train_frac), 0.01f, 0.99f),
      seed_key("dseed", [](LinkState& s) -> uint64_t& { return s.data.seed; }),
      float_key("margin", F(s.data.margin), 0.0f, 2.0f),
      int_key("samples", I(s.data.num_samples), 2, 20000),  // the engine asks for 2 per class
      int_key("seqlen", I(s.data.seq_len), 2, 200),
      int_key("lag", I(s.data.lag), 0, 100),
      int_key("pred", I(s.data.predict_steps), 1, 50),
      // The clip set's C x T x H x W ("size" is H = W, or H x W).
      int_key("ch", I(s.data.channels), 1, 4),
      int_key("frames", I(s.data.frames), 2, 64),
      {"size", write_clip_size, read_clip_size},
      {"pts", write_points, read_points},
  };
}

std::vector<Key> training_keys() {
  return {
      optimizer_key(),
      float_key("lr", F(s.train.optim.lr), 1e-8f, 100.0f, true),
      float_key("mom", F(s.train.optim.momentum), 0.0f, 0.999f),
      int_key("batch", I(s.train.batch_size), 1, 4096),
      float_key("l2", F(s.train.l2), 0.0f, 1e6f),
      float_key("clip", F(s.train.clip_norm), 0.0f, 1e6f),
      float_key("clipv", F(s.train.clip_value), 0.0f, 1e6f),
      enum_key("sched", [](LinkState& s) -> ScheduleKind& { return s.train.schedule.kind; }, sched_name),
      enum_key("init", [](LinkState& s) -> InitKind& { return s.train.init.kind; }, init_name),
      float_key("sigma", F(s.train.init.sigma), 1e-8f, 1e6f),
      seed_key("seed", [](LinkState& s) -> uint64_t& { return s.train.seed; }, true),
      bool_key("play", B(s.play)),
  };
}

std::vector<Key> layout_and_tab_keys() {
  return {
      enum_key("tab", [](LinkState& s) -> MainTab& { return s.tab; }, tab_name, true),
      bool_key("embed", B(s.embed)),
      name_set_key("tabs", &LinkState::tabs, tab_name, ""),
      name_set_key("controls", &LinkState::controls, group_name, "none"),
      {"netview", [](const LinkState& s) { return std::string(s.layer_list ? "layers" : "text"); },
       [](LinkState& s, const std::string& v) {
         if (v != "layers" && v != "text") return false;
         s.layer_list = v == "layers";
         return true;
       }},
      // View: text size and theme (the names of theme_name()).
      int_key("text", I(s.text_pct), 75, 200),
      choice_key("theme", I(s.theme), {"dark", "light", "contrast"}),
      // Graph tab.
      {"f", [](const LinkState& s) { return s.formula; }, [](LinkState& s, const std::string& v) { return s.formula = v, true; }},
      {"v", write_values, read_values},
      int_key("gstep", I(s.graph.reveal), -1, 10000),
      enum_key("ties", [](LinkState& s) -> ExprTieRule& { return s.ties; }, tie_name),
      // Optimizers tab.
      enum_key("surf", [](LinkState& s) -> SurfaceKind& { return s.surface.kind; }, surface_name),
      float_key("cond", F(s.surface.condition), 1.0f, 1e4f),
      {"sf", [](const LinkState& s) { return s.surface.formula; }, [](LinkState& s, const std::string& v) { return s.surface.formula = v, true; }},
      {"race", write_race, read_race},
      {"rlr", write_rates, read_rates},
      float_key("rmom", F(s.race_momentum), 0.0f, 0.999f),
      bool_key("rsame", B(s.race.same_lr)),
      float_key("rsamelr", F(s.race.lr), 1e-6f, 10.0f),
      {"start", write_start, read_start},
      bool_key("rplay", B(s.race_play)),
  };
}

std::vector<Key> panel_keys() {
  return {
      // Inspector tab: the chained table, or every layer alone on the INPUT.
      {"inspect", [](const LinkState& s) { return std::string(s.inspector.parallel ? "parallel" : "chain"); },
       [](LinkState& s, const std::string& v) {
         if (v != "parallel" && v != "chain") return false;
         s.inspector.parallel = v == "parallel";
         return true;
       }},
      // Compare tab.
      choice_key("cmp", I(s.compare.kind), {"lr", "opt", "batch", "l2"}),
      int_key("cmpfrom", I(s.compare.lr_from), 0, kCompareNiceLrs - 1),
      int_key("cmpn", I(s.compare.lr_count), 2, 6),
      choice_key("cmpcurve", I(s.compare.curve), {"loss", "trainloss", "testloss", "trainacc", "testacc"}),
      bool_key("cmplog", B(s.compare.log_y)),
      float_key("cmpsmooth", F(s.compare.smoothing), 0.0f, 0.99f),
      // Classifiers tab.
      int_key("k", I(s.classic[0].k), 1, 25),
      enum_key("dist", [](LinkState& s) -> Distance& { return s.classic[0].distance; }, dist_name),
      float_key("svmreg", F(s.classic[1].reg), 1e-5f, 10.0f),
      float_key("svmlr", F(s.classic[1].optim.lr), 1e-4f, 1.0f),
      float_key("smreg", F(s.classic[2].reg), 1e-5f, 10.0f),
      float_key("smlr", F(s.classic[2].optim.lr), 1e-4f, 1.0f),
      bool_key("clplay", B(s.classic_play)),
      enum_key("feat", [](LinkState& s) -> FeatureKind& { return s.classic_features; }, feature_name),
      // Inside tab.
      int_key("isample", I(s.inside.sample), 0, 1000000),
      int_key("ilayer", I(s.inside.map_layer), -1, 1000),
      int_key("igrid", I(s.inside.grid_n), 8, 128),
      bool_key("ishared", B(s.inside.shared_scale)),
      int_key("it", I(s.inside.t), 0, 1000),
      float_key("iwscale", F(s.inside.weight_scale), 0.0f, 1000.0f),
      // Batch norm tab.
      bool_key("bntrain", B(s.batchnorm.train_mode)),
      int_key("bnbatch", I(s.batchnorm.batch), 0, 4096),
      int_key("bnoff", I(s.batchnorm.offset), 0, 1000000),
      int_key("bnlayer", I(s.batchnorm.selected), 0, 1000),
      int_key("bnch", I(s.batchnorm.channel), -1, 10000),
      // Curves tab.
      bool_key("logloss", B(s.curves.log_loss)),
      bool_key("loggrad", B(s.curves.log_grads)),
      float_key("smooth", F(s.curves.smoothing), 0.0f, 0.99f),
      int_key("hlayer", I(s.curves.layer), 0, 1000),
      // Course: the exercise shown (its text is checked by the App).
      {"ex", [](const LinkState& s) { return s.exercise; }, [](LinkState& s, const std::string& v) { return s.exercise = v, true; }},
      {"lab", [](const LinkState& s) { return s.lab; }, [](LinkState& s, const std::string& v) { return s.lab = v, true; }},
  };
}

#undef F
#undef I
#undef B

const std::vector<Key>& keys() {
  static const std::vector<Key> all = [] {
    std::vector<Key> k;
    for (auto part : {network_and_data_keys(), training_keys(), layout_and_tab_keys(), panel_keys()})
      k.insert(k.end(), part.begin(), part.end());
    return k;
  }();
  return all;
}

}  // namespace

bool same_link_state(const LinkState& a, const LinkState& b) { return link_hash(a) == link_hash(b); }

std::string link_hash(const LinkState& s) {
  static const LinkState defaults;
  UrlParams p;
  for (const Key& k : keys()) {
    std::string v = k.write(s);
    if (k.always || v != k.write(defaults)) p.emplace_back(k.name, std::move(v));
  }
  return build_hash(p);
}

namespace {
// A name or value as the note shows it: at most 40 characters (a link may carry 256 KiB in one value, and
// the note is drawn every frame), with the full length said.
std::string shown(const std::string& text) {
  constexpr size_t kMax = 40;
  if (text.size() <= kMax) return text;
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " characters)";
}
}  // namespace

LinkState read_link(const std::string& hash, std::vector<std::string>& problems) {
  LinkState s;
  const UrlParams p = parse_hash(hash);
  for (const Key& k : keys())
    if (const std::string* v = find_param(p, k.name))
      if (!k.read(s, *v)) problems.push_back(std::string(k.name) + "=" + shown(*v));
  for (const auto& [name, v] : p) {
    bool known = false;
    for (const Key& k : keys()) known |= name == k.name;
    if (!known) problems.push_back(shown(name) + (v.empty() ? "" : "=" + shown(v)) + " (unknown key)");
  }
  return s;
}

}  // namespace gl
