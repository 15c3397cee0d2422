// Pictures in words (see the header): one describe_* function per tab, each a few sentences built from the
// session and the panels' views. Plane, curves and race words first; the probe views (Inside, Batch norm)
// and the tables' tabs after.
#include "web/app/pictures_in_words.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/session/spec_data.h"
#include "web/app/widgets/graph_layout.h"
#include "web/app/widgets/image_pages.h"

namespace gl {

std::string spoken_number(double v) {
  if (std::isnan(v)) return "not a number";
  if (std::isinf(v)) return v > 0 ? "infinity" : "minus infinity";
  char buf[64];
  const double a = std::fabs(v);
  if (a < 1e-30) return "0";
  if (a >= 1e-3 && a < 1e5) {
    std::snprintf(buf, sizeof buf, a >= 1e3 ? "%.0f" : "%.3g", v);
    return buf;
  }
  const int e = static_cast<int>(std::floor(std::log10(a)));
  const double m = v / std::pow(10.0, e);
  std::snprintf(buf, sizeof buf, "%.2g times 10 to the %s%d", m, e < 0 ? "minus " : "", std::abs(e));
  return buf;
}

std::string spoken_percent(double fraction) {
  if (std::isnan(fraction)) return "none";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * fraction);
  return buf;
}

namespace {

using Lines = std::vector<std::string>;
std::string num(double v) { return spoken_number(v); }
std::string pct(double f) { return spoken_percent(f); }
std::string i2s(int64_t v) { return std::to_string(v); }

// "class 0" for numbered classes, else the class's name ("T-shirt").
std::string class_name(const Dataset& d, int k) {
  const std::string n = k < static_cast<int>(d.class_names.size()) ? d.class_names[static_cast<size_t>(k)] : "";
  if (n.empty() || std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "class " + (n.empty() ? std::to_string(k) : n);
  return n;
}

std::string range_of(const std::vector<float>& v) {
  if (v.empty()) return "none";
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  if (*lo == *hi) return num(*lo) + " in every channel";
  return "from " + num(*lo) + " to " + num(*hi);
}

std::string point(double x, double y) {
  std::string s = "(";  // appended in steps: GCC 12 warns (-Wrestrict, a false alarm) on "(" + std::string
  s += num(x);
  s += ", ";
  s += num(y);
  return s + ")";
}

// "No model: <why>" when the training lab has no current run (nothing drawn then).
bool no_run(const TrainLab& tl, Lines& out) {
  if (current_run(tl)) return false;
  out.push_back("No model is trained" + (tl.error().empty() ? std::string(".") : ": " + tl.error()));
  return true;
}

// The accuracies of the last full evaluation, in words ("" before the first).
std::string eval_sentence(const Trainer& t, bool verdicts) {
  if (t.evals().empty()) return "No full evaluation yet (step " + i2s(t.steps()) + ").";
  const EvalRecord& e = t.evals().back();
  if (std::isnan(e.acc_train))
    return "At the last evaluation (step " + i2s(e.step) + "): train loss " + num(e.loss_train) + ", test loss " +
           num(e.loss_test) + ".";
  std::string s = "At the last evaluation (step " + i2s(e.step) + "): train accuracy " + pct(e.acc_train);
  if (std::isnan(e.acc_test)) return s + " (no test points).";
  s += ", test accuracy " + pct(e.acc_test);
  // The verdict follows the whole points said aloud, so "10 points" always means the same.
  const long gap = std::lround(100.0 * e.acc_train) - std::lround(100.0 * e.acc_test);
  const std::string g = i2s(std::labs(gap)) + (std::labs(gap) == 1 ? " point" : " points");
  if (!verdicts) return s + (gap < 0 ? ", test " + g + " above train." : ", a gap of " + g + ".");
  if (gap > 10) return s + ", a gap of " + g + ": the model is overfitting (it memorises the training set).";
  if (gap < -10) return s + ": test is " + g + " above train (a small or lucky test set).";
  return s + ", a gap of " + g + ": no sign of overfitting.";
}

Lines describe_boundary(const Session& s, bool verdicts) {
  Lines out;
  const TrainLab& tl = s.train();
  const Dataset* d = tl.data();
  if (!d || !tl.is_2d()) {
    out.push_back("The decision boundary needs 2D classification data; this data set is " +
                  std::string(d ? d->name : "not loaded") + ".");
    return out;
  }
  if (no_run(tl, out)) return out;
  const Trainer& t = *current_run(tl);
  const PlaneGrid& g = tl.last_grid();
  if (g.n > 0 && g.classes > 0) {
    std::vector<int> wins(static_cast<size_t>(g.classes), 0);
    int unsure = 0;
    for (int i = 0; i < g.n * g.n; ++i) {
      const float* p = &g.probs[static_cast<size_t>(i) * static_cast<size_t>(g.classes)];
      const int best = static_cast<int>(std::max_element(p, p + g.classes) - p);
      ++wins[static_cast<size_t>(best)];
      unsure += p[best] < 0.6f;
    }
    const double cells = static_cast<double>(g.n) * g.n;
    std::string split = "The model splits the plane among " + i2s(g.classes) + " classes:";
    for (int k = 0; k < g.classes; ++k)
      split += std::string(k ? "," : "") + " " + class_name(*d, k) + " " + pct(wins[static_cast<size_t>(k)] / cells);
    out.push_back(split + " of the plane (step " + i2s(g.step) + ").");
    out.push_back("It is unsure (top probability under 0.6) over " + pct(unsure / cells) +
                  " of the plane, along the boundaries between classes.");
  }
  if (t.diverged()) out.push_back("The run diverged: " + t.message());
  out.push_back(eval_sentence(t, verdicts));
  int added = 0, removed = 0;
  for (const PointEdit& e : s.point_edits()) (e.remove ? removed : added) += 1;
  std::string pts = i2s(d->num_train()) + " training points (filled) and " + i2s(d->num_test()) + " test points (hollow)";
  if (added || removed) pts += "; " + i2s(added) + " added by hand and " + i2s(removed) + " removed";
  out.push_back(pts + ".");
  return out;
}

// The loss curve's first, lowest and latest values and which way it goes.
std::string loss_sentence(const Trainer& t, bool verdicts) {
  const auto& h = t.history();
  double lo = h.front().loss_data, recent = 0;
  for (const StepRecord& r : h) lo = std::min(lo, static_cast<double>(r.loss_data));
  const size_t n = std::min<size_t>(20, h.size());  // one batch is noisy: the mean of the last 20 records
  for (size_t i = h.size() - n; i < h.size(); ++i) recent += h[i].loss_data;
  recent /= static_cast<double>(n);
  const double first = t.first_loss();
  const char* trend = !std::isfinite(recent) ? "it is no longer a number"
                      : recent < 0.8 * first ? "falling" : recent > 1.2 * first ? "rising" : "flat";
  return "Loss curve over " + i2s(t.steps()) + " steps: " + num(first) + " at the first step, lowest " + num(lo) +
         ", now " + num(recent) + (verdicts || !std::isfinite(recent) ? std::string(": ") + trend + "." : ".");
}

// Each layer's gradient norm now and at the start, and vanishing / exploding words from the ratio of the
// first layer's to the last layer's.
Lines grad_sentences(const TrainLab& tl, const Trainer& t, bool verdicts) {
  Lines out;
  const auto& gn = tl.grad_norm_history();
  const auto& stats = t.layer_stats();
  std::string s = "Gradient norm per layer, now (at the start):";
  double first = -1, last = -1;
  int shown = 0;
  for (size_t i = 0; i < stats.size() && i < gn.size(); ++i) {
    if (!stats[i].has_params || gn[i].empty()) continue;
    const double a = gn[i].front(), b = gn[i].back();
    const char* trend = b < 0.5 * a ? "falling" : b > 2 * a ? "rising" : "steady";
    s += std::string(shown++ ? ";" : "") + " layer " + i2s(static_cast<int64_t>(i)) + " " + stats[i].kind + " " +
         num(b) + " (" + num(a) + ")" + (verdicts ? std::string(", ") + trend : "");
    if (first < 0) first = b;
    last = b;
  }
  if (!shown) return out;
  out.push_back(s + ".");
  if (shown < 2 || !(last > 0) || !(first > 0)) return out;
  const double ratio = first / last;
  if (!verdicts) out.push_back("First to last layer gradient ratio " + num(ratio) + ".");
  else if (ratio < 1e-2)
    out.push_back("The first layer's gradient is " + num(1 / ratio) +
                  " times smaller than the last layer's: vanishing gradients, the early layers barely learn.");
  else if (ratio > 1e2)
    out.push_back("The first layer's gradient is " + num(ratio) +
                  " times larger than the last layer's: exploding gradients toward the input (try clipping).");
  else
    out.push_back("First to last layer gradient ratio " + num(ratio) + ": neither vanishing nor exploding.");
  return out;
}

// Recurrent layers: ||dL/dh_t|| of the last batch for every time step, and where it is smallest and largest
// (the Curves tab's "Gradient norm per time step" plot). Numbers only: what they mean is a question of the
// recurrent lab.
Lines time_step_sentences(const Trainer& t) {
  Lines out;
  const auto& stats = t.layer_stats();
  for (size_t i = 0; i < stats.size(); ++i) {
    const std::vector<float>& hn = stats[i].hidden_grad_norms;
    if (hn.empty()) continue;
    std::string s = "Gradient norm per time step of layer " + i2s(static_cast<int64_t>(i)) + " " + stats[i].kind +
                    ", last batch:";
    for (size_t k = 0; k < hn.size(); ++k) s += std::string(k ? "," : "") + " t " + i2s(static_cast<int64_t>(k + 1)) + " " + num(hn[k]);
    const auto lo = std::min_element(hn.begin(), hn.end()) - hn.begin(), hi = std::max_element(hn.begin(), hn.end()) - hn.begin();
    out.push_back(s + "; smallest at t " + i2s(lo + 1) + ", largest at t " + i2s(hi + 1) + ".");
  }
  return out;
}

Lines describe_curves(const Session& s, int hist_layer, bool verdicts) {
  Lines out;
  const TrainLab& tl = s.train();
  if (no_run(tl, out)) return out;
  const Trainer& t = *current_run(tl);
  if (t.history().empty()) {
    out.push_back("No steps yet: the curves are empty.");
    return out;
  }
  out.push_back(loss_sentence(t, verdicts));
  if (t.diverged()) out.push_back("The run diverged: " + t.message());
  out.push_back(eval_sentence(t, verdicts));
  for (std::string& g : grad_sentences(tl, t, verdicts)) out.push_back(std::move(g));
  for (std::string& g : time_step_sentences(t)) out.push_back(std::move(g));
  const auto& stats = t.layer_stats();
  if (hist_layer >= 0 && hist_layer < static_cast<int>(stats.size())) {
    const LayerStats& l = stats[static_cast<size_t>(hist_layer)];
    out.push_back("Histograms of layer " + i2s(hist_layer) + " " + l.kind + ": weight norm " + num(l.weight_norm) +
                  ", gradient norm " + num(l.grad_norm) + ", update to weight ratio " + num(l.update_ratio) +
                  " (about 0.001 is healthy).");
  }
  return out;
}

// How a node reads: a variable's name, a constant, or its gate over the nodes it takes ("node 2 * y").
std::string node_ref(const ExprGraph& g, int id) {
  const ExprNode& n = g.nodes[static_cast<size_t>(id)];
  if (n.op == ExprOp::Var || n.op == ExprOp::Const) return n.label;
  return "node " + i2s(id);
}
std::string node_text(const ExprGraph& g, const ExprNode& n) {
  if (n.op == ExprOp::Var || n.op == ExprOp::Const) return n.label;
  const bool infix = n.label == "+" || n.label == "-" || n.label == "*" || n.label == "/" || n.label == "^";
  if (n.label == "neg") return "minus " + node_ref(g, n.args[0]);
  if (n.args[1] < 0) return infix ? n.label + node_ref(g, n.args[0]) : n.label + "(" + node_ref(g, n.args[0]) + ")";
  if (infix) return node_ref(g, n.args[0]) + " " + n.label + " " + node_ref(g, n.args[1]);
  return n.label + "(" + node_ref(g, n.args[0]) + ", " + node_ref(g, n.args[1]) + ")";
}

// Node i's value and gradient as far as the step-by-step reveal shows them (as the Graph tab draws them).
std::string node_sentence(const ExprGraph& g, const ExprNode& n, const GraphReveal& reveal) {
  const bool value = reveal.value_shown(n.id), grad = reveal.grad_shown(n.id);
  std::string s = "Node " + i2s(n.id) + (n.id == g.root ? " (output)" : "") + ", " + node_text(g, n);
  if (!value) return s + ": not evaluated yet.";
  s += ": value " + num(n.value);
  return s + (grad ? ", gradient " + num(n.grad) + "." : ".");
}

Lines describe_graph(const Session& s, int reveal_setting, bool hide_answers) {
  Lines out;
  const GraphLab& lab = s.graph_lab();
  const ExprGraph& g = lab.graph();
  if (!lab.error().ok()) out.push_back("The formula has an error: " + lab.error().message + ". The graph is the last valid one.");
  if (g.nodes.empty()) {
    out.push_back("No graph.");
    return out;
  }
  out.push_back("Computation graph of f = " + g.source + ": " + i2s(static_cast<int64_t>(g.nodes.size())) +
                " nodes in topological order, inputs first, the output last; the gradient is dL/dnode with L = f.");
  if (hide_answers) {
    out.push_back("The values and gradients are hidden until the exercise is answered.");
    return out;
  }
  const GraphReveal reveal(static_cast<int>(g.nodes.size()), reveal_setting);
  const int n = reveal.n, steps = reveal.steps;
  if (!reveal.all())
    out.push_back(steps < n ? "Forward pass, " + i2s(steps) + " of " + i2s(n) + " nodes evaluated."
                            : "Backward pass, " + i2s(steps - n) + " of " + i2s(n) + " gradients found.");
  for (const ExprNode& node : g.nodes)
    if (node.op != ExprOp::Const) out.push_back(node_sentence(g, node, reveal));  // constants: their label says it
  if (!reveal.all()) return out;
  std::string check = "Gradient check, analytic vs numeric:";
  const std::vector<double> grads = g.var_grads();
  for (size_t i = 0; i < g.vars.size() && i < lab.numeric_grads().size(); ++i)
    check += std::string(i ? ";" : "") + " dL/d" + g.vars[i] + " " + num(grads[i]) + " vs " + num(lab.numeric_grads()[i]);
  if (!g.vars.empty()) out.push_back(check + ".");
  if (!lab.tied_nodes().empty()) out.push_back(i2s(static_cast<int64_t>(lab.tied_nodes().size())) +
                                               " max or min gates have equal inputs: the tie rule decides their gradients.");
  return out;
}

// Where a racer is and how its race goes: diverged, left the plot, at a minimum, stalled or still moving.
std::string racer_status(const PlaygroundLab& lab, const Racer& r, bool verdicts) {
  const auto& t = r.run.trajectory();
  const PathView pv = describe_path(t, r.run.diverged(), lab.view());
  if (pv.status == PathStatus::Diverged) return pv.label;
  if (pv.status == PathStatus::LeftView && !pv.back_inside) return pv.label;
  double gx = 0, gy = 0;
  lab.surface().value_grad(t.back().x, t.back().y, gx, gy);
  const double w = lab.view().x1 - lab.view().x0;
  if (!verdicts) return "gradient norm " + num(std::hypot(gx, gy));
  if (std::hypot(gx, gy) < 1e-3) {
    return lab.surface_desc().kind == SurfaceKind::Saddle ? "stopped where the gradient is zero (the saddle point)"
                                                          : "reached a minimum (gradient near zero)";
  }
  const size_t k = std::min<size_t>(10, t.size() - 1);
  const TrajPoint& a = t[t.size() - 1 - k];
  if (k > 0 && std::hypot(t.back().x - a.x, t.back().y - a.y) < 1e-4 * w * static_cast<double>(k))
    return "stalled (barely moving, gradient " + num(std::hypot(gx, gy)) + ")";
  return "still moving";
}

Lines describe_optimizers(const Session& s, bool verdicts) {
  Lines out;
  const PlaygroundLab& lab = s.playground();
  const SurfaceDesc& d = lab.surface_desc();
  const std::string surf = d.kind == SurfaceKind::Formula ? "f = " + d.formula : surface_kind_name(d.kind);
  out.push_back("Optimizer race on the " + surf + " surface from " + point(lab.start_x(), lab.start_y()) + ", step " +
                i2s(lab.steps()) + " of " + i2s(lab.max_steps) + (lab.playing() ? ", running." : ", paused."));
  if (!s.playground_error().empty()) out.push_back(s.playground_error());
  for (const Racer& r : lab.racers()) {
    if (!r.enabled) continue;
    const auto& t = r.run.trajectory();
    std::string line = std::string(optim_kind_name(r.optim.kind)) + " (lr " + num(lab.racer_lr(r)) + "): ";
    if (t.empty()) {
      out.push_back(line + "not started.");
      continue;
    }
    if (r.run.diverged()) line += racer_status(lab, r, verdicts) + " (the point blew up).";
    else line += "at " + point(t.back().x, t.back().y) + ", f " + num(t.back().f) + ", after " +
                 i2s(static_cast<int64_t>(t.size()) - 1) + " steps, " + racer_status(lab, r, verdicts) + ".";
    out.push_back(line);
  }
  return out;
}

Lines describe_compare(const Session& s, bool verdicts) {
  Lines out;
  const CompareLab& lab = s.compare();
  const RunGroup* g = lab.group();
  if (!lab.error().empty()) out.push_back("The runs could not be built: " + lab.error());
  if (!g || g->size() == 0) {
    out.push_back("No runs yet: Rebuild starts them.");
    return out;
  }
  out.push_back("Comparing " + std::string(compare_kind_name(lab.desc().kind)) + ": " + i2s(g->size()) +
                " runs from the same seed, " + (lab.playing() ? "training." : "paused."));
  int best = -1;
  double best_score = 0;
  for (int i = 0; i < g->size(); ++i) {
    const Trainer& t = g->run(i);
    const EvalRecord* e = t.evals().empty() ? nullptr : &t.evals().back();
    std::string line = g->label(i) + ": " + i2s(t.steps()) + " steps";
    if (t.steps() > 0) line += ", last batch loss " + num(t.last_step().loss_data);
    if (e && !std::isnan(e->acc_test)) line += ", test accuracy " + pct(e->acc_test);
    line += ", weight norm " + num(lab.weight_norm(i));
    line += t.diverged() ? ", diverged." : t.steps() >= lab.max_steps ? ", done." : ".";
    out.push_back(line);
    // Best: the highest test accuracy, else the lowest last loss; a diverged run never.
    if (t.diverged() || t.steps() == 0) continue;
    const bool acc = e && !std::isnan(e->acc_test);
    const double score = acc ? e->acc_test : -t.last_step().loss_data;
    if (best < 0 || score > best_score) best = i, best_score = score;
  }
  if (best >= 0 && verdicts) out.push_back("Best so far: " + g->label(best) + ".");
  return out;
}

std::string classic_sentence(const ClassicLab& lab, const ClassicView& v) {
  const ClassicDesc& d = lab.desc(v.kind);
  std::string s;
  if (v.kind == ClassicKind::KNN) {
    s = "kNN (k " + i2s(d.k) + ", " + (d.distance == Distance::L1 ? "L1" : "L2") + " distance)";
  } else {
    s = std::string(v.kind == ClassicKind::SVM ? "Linear SVM" : "Softmax") + " (reg " + num(d.reg) + ", lr " +
        num(d.optim.lr) + ", " + i2s(v.steps) + " steps, loss " + num(v.loss) + ")";
  }
  if (std::isnan(v.acc_train)) return s + ": being scored.";
  s += ": train accuracy " + pct(v.acc_train);
  if (!std::isnan(v.acc_test)) s += ", test accuracy " + pct(v.acc_test);
  if (v.scoring_train + v.scoring_test > 0)  // kNN on images, as the panel says it
    return s + " (scoring: " + i2s(v.scored_train) + " of " + i2s(v.scoring_train) + " train, " + i2s(v.scored_test) +
           " of " + i2s(v.scoring_test) + " test images so far).";
  if (lab.on_images() && v.kind == ClassicKind::KNN)
    return s + " (over the first " + i2s(v.scored_train) + " train and " + i2s(v.scored_test) + " test images).";
  return s + ".";
}

Lines describe_classifiers(const Session& s, bool verdicts) {
  Lines out;
  const ClassicLab& lab = s.classic();
  if (!lab.fitted()) {
    out.push_back("The classifiers are not fitted" + (lab.error().empty() ? std::string(".") : ": " + lab.error()));
    return out;
  }
  if (lab.on_images()) {
    out.push_back("On images the classifiers see " + std::string(feature_kind_name(lab.features().kind)) +
                  " features, " + i2s(lab.feature_count()) + " numbers per image.");
  } else {
    out.push_back("Each classifier's decision boundary over the same 2D plane, with the points on top.");
  }
  for (const ClassicView& v : lab.views()) out.push_back(classic_sentence(lab, v));
  const Trainer* t = current_run(s.train());
  if (!t) out.push_back("Your MLP: no model.");
  else out.push_back("Your MLP (step " + i2s(t->steps()) + "): " + eval_sentence(*t, verdicts));
  return out;
}

// The largest weight magnitude of a fully connected layer's view.
std::string weight_sentence(const InsideSnapshot& snap, const InsideWeightView& w) {
  std::string s = "|W| of " + w.title + ": " + i2s(w.d_out) + " outputs by " + i2s(w.d_in) + " inputs, ";
  float mx = 0;
  if (w.block == 1) {
    for (float x : w.w) mx = std::max(mx, std::fabs(x));
    return s + "largest weight magnitude " + num(mx) + ".";
  }
  if (w.image >= 0 && w.image < static_cast<int>(snap.images.size()))
    for (float x : snap.images[static_cast<size_t>(w.image)].values) mx = std::max(mx, x);
  return s + "shown as means over blocks of " + i2s(w.block) + " inputs, the largest mean " + num(mx) + ".";
}

// Where each unit of a row fires: the share of the plane where its output is above 0 (a ReLU unit's active
// half-plane, a tanh unit's positive side); above 0.5 when every output of the row is positive (a sigmoid's
// middle: "above 0" would be all of the plane for every unit). The sentence names the threshold.
std::string unit_shares(const InsideSnapshot& snap, const InsideUnitRow& r) {
  const auto values = [&](int u) -> const std::vector<float>* {
    const size_t i = static_cast<size_t>(r.first_image + u);
    return i < snap.images.size() ? &snap.images[i].values : nullptr;
  };
  bool all_positive = r.units > 0;
  for (int u = 0; u < r.units && all_positive; ++u)
    if (const std::vector<float>* v = values(u))
      all_positive = std::all_of(v->begin(), v->end(), [](float x) { return x > 0; });
  const float cut = all_positive ? 0.5f : 0.0f;
  std::string s = all_positive ? "Every output is positive; share of the plane where each unit is above 0.5:"
                               : "Share of the plane where each unit is above 0:";
  for (int u = 0; u < r.units; ++u) {
    const std::vector<float>* v = values(u);
    if (!v) break;
    const auto above = std::count_if(v->begin(), v->end(), [cut](float x) { return x > cut; });
    s += std::string(u ? "," : "") + " unit " + i2s(u) + " " + pct(v->empty() ? 0.0 : static_cast<double>(above) / static_cast<double>(v->size()));
  }
  return s + ".";
}

Lines describe_inside(const InsideSnapshot* snap) {
  Lines out;
  if (!snap || snap->version == 0) return {"Nothing computed yet."};
  if (!snap->message.empty()) out.push_back(snap->message);
  if (snap->kind == InsideSnapshot::Kind::Plane) {
    for (const InsideUnitRow& r : snap->unit_rows)
      out.push_back("Layer " + i2s(r.layer) + ", " + r.title + ": " + i2s(r.units) + " of " + i2s(r.units_total) +
                    " hidden units, each painted over the plane (step " + i2s(snap->step) + "). " + unit_shares(*snap, r));
  }
  if (snap->kind == InsideSnapshot::Kind::Spatial) {
    out.push_back("Training sample " + i2s(snap->sample) + " of " + i2s(snap->num_samples) +
                  (snap->label_name.empty() ? "" : ", labelled " + snap->label_name) + " (step " + i2s(snap->step) + ").");
    if (snap->filter_first >= 0)
      out.push_back(snap->filter_title + ": " + i2s(snap->c_out) + " of " + i2s(snap->c_out_total) + " filters, " +
                    i2s(snap->c_in) + " input channels each" + (snap->kt > 1 ? ", " + i2s(snap->kt) + " frames deep" : "") +
                    "; largest weight magnitude " + num(snap->filter_absmax) + ".");
    if (snap->map_first >= 0)
      out.push_back("Feature maps of " + snap->map_title + ": " + i2s(snap->map_c) + " of " + i2s(snap->map_c_total) +
                    " channels" + (snap->map_t > 1 ? ", " + i2s(snap->map_t) + " time steps each" : "") + ".");
  }
  for (const InsideWeightView& w : snap->weights) out.push_back(weight_sentence(*snap, w));
  if (out.empty()) out.push_back("Nothing to show for this model.");
  return out;
}

Lines describe_batchnorm(const BnSnapshot* snap) {
  Lines out;
  if (!snap || !snap->computed) {
    if (snap && !snap->message.empty()) return {snap->message};
    return {"Nothing computed yet."};
  }
  if (!snap->message.empty()) out.push_back(snap->message);
  if (snap->layers.empty()) return out;
  out.push_back("A batch of " + i2s(snap->batch) + " training samples from sample " + i2s(snap->offset) + " in " +
                (snap->train_mode ? "train" : "eval") + " mode (step " + i2s(snap->step) + ").");
  for (const BnLayerView& l : snap->layers) {
    out.push_back(l.title + " on line " + i2s(l.line) + ", " + i2s(l.channels) + " channels: batch mean " +
                  range_of(l.batch_mean) + ", running mean " + range_of(l.running_mean) + "; batch variance " +
                  range_of(l.batch_var) + ", running variance " + range_of(l.running_var) + "; gamma " +
                  range_of(l.gamma) + ", beta " + range_of(l.beta) + ".");
  }
  return out;
}

// How many samples of each class the split holds.
std::string class_count_sentence(const Dataset& d, bool test) {
  const std::vector<int> n = class_counts(d, test ? Split::Test : Split::Train);
  std::string s = std::string(test ? "Test" : "Training") + " samples per class:";
  for (int k = 0; k < d.num_classes; ++k) s += std::string(k ? "," : "") + " " + class_name(d, k) + " " + i2s(n[static_cast<size_t>(k)]);
  return s + ".";
}

// The Data tab's image grid: which page of which split, and of which class.
std::string image_grid(const Dataset& d, const PictureViews& v) {
  const Tensor& y = v.data_test_split ? d.y_test : d.y_train;
  int shown = 0;
  for (int64_t i = 0; i < y.size(); ++i) shown += v.data_class_filter < 0 || static_cast<int>(y[i]) == v.data_class_filter;
  const ui::ImagePages pg = ui::image_pages(shown, v.data_grid_side, v.data_page);
  const int first = pg.first, last = pg.last, page = pg.page, pages = pg.pages;
  return "The grid shows images " + i2s(first + 1) + " to " + i2s(last) + " of the " + i2s(shown) + " " +
         (v.data_class_filter < 0 ? std::string("") : class_name(d, v.data_class_filter) + " ") + "images of the " +
         (v.data_test_split ? "test" : "training") + " split, each with its class name (page " + i2s(page + 1) +
         " of " + i2s(pages) + ").";
}

Lines describe_data(const Session& s, const PictureViews& v) {
  const TrainLab& tl = s.train();
  const Dataset* d = tl.data();
  if (!d) return {"No data set loaded" + (tl.error().empty() ? std::string(".") : ": " + tl.error())};
  Lines out;
  out.push_back("Data set " + d->name + ": " + i2s(d->num_train()) + " training and " + i2s(d->num_test()) +
                " test samples, each of shape " + d->sample_shape().str() + ".");
  if (d->is_classification()) {
    std::string c = i2s(d->num_classes) + " classes:";
    for (int k = 0; k < d->num_classes && k < 12; ++k) c += std::string(k ? "," : "") + " " + class_name(*d, k);
    out.push_back(c + (d->num_classes > 12 ? ", and more." : "."));
    if (d->num_classes <= 12) out.push_back(class_count_sentence(*d, v.data_test_split && !tl.is_2d()));
  } else {
    out.push_back("Regression targets of shape " + d->y_train.shape().drop_batch().str() + ".");
  }
  if (tl.is_2d()) out.push_back("The scatter plot shows the points coloured by class, training filled, test hollow.");
  else if (d->sample_shape().rank() == 3 && d->is_classification()) out.push_back(image_grid(*d, v));
  else out.push_back("The view below shows the " + std::string(v.data_test_split ? "test" : "training") + " split.");
  return out;
}

Lines describe_inspector(const Session& s, bool hide_answers) {
  const ModelSummary& m = s.summary();
  if (s.spec_error()) return {"The network text has an error: " + s.spec_error()->message};
  if (hide_answers) return {"The table's numbers are hidden until the exercise is answered."};
  std::string out_shape = "none";  // the loss row has no output of its own: the last row that has one
  for (const RowSummary& r : m.rows)
    if (!r.output_shape.dims.empty()) out_shape = r.output_shape.str();
  return {"The table lists " + i2s(static_cast<int64_t>(m.rows.size())) + " rows: " + i2s(m.total_params) +
          " learnable parameters, " + i2s(m.total_mults) + " multiplications per sample, output shape " + out_shape + "."};
}

}  // namespace

std::vector<std::string> describe_pictures(MainTab tab, const Session& session, const PictureViews& views) {
  switch (tab) {
    case MainTab::Boundary: return describe_boundary(session, views.verdicts);
    case MainTab::Curves: return describe_curves(session, views.curves_layer, views.verdicts);
    case MainTab::Data: return describe_data(session, views);
    case MainTab::Inspector: return describe_inspector(session, views.inspector_hide);
    case MainTab::Inside: return describe_inside(views.inside);
    case MainTab::Graph: return describe_graph(session, views.graph_reveal, views.graph_hide);
    case MainTab::Optimizers: return describe_optimizers(session, views.verdicts);
    case MainTab::Compare: return describe_compare(session, views.verdicts);
    case MainTab::BatchNorm: return describe_batchnorm(views.batchnorm);
    case MainTab::Classifiers: return describe_classifiers(session, views.verdicts);
    case MainTab::Count: break;
  }
  return {};
}

}  // namespace gl
