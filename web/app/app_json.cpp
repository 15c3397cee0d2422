// App::state_json: what the app shows, as JSON, for the browser tests' state hook.
#include <algorithm>
#include <array>

#include "engine/session/session_io.h"
#include "engine/session/spec_data.h"
#include "web/app/app.h"
#include "web/app/pictures_in_words.h"
#include "web/app/widgets/clip_check.h"

namespace gl {

namespace {

// Decision-boundary grid summary: how much the predicted class varies over the plane (null: no grid).
Json boundary_json(const PlaneGrid& g) {
  if (g.n <= 0 || g.classes <= 0) return Json();
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
  return b;
}

// The inspector's rows: spec, output shape, parameters, multiplications.
Json layers_json(const ModelSummary& s) {
  Json rows = Json::array();
  for (const RowSummary& r : s.rows) {
    Json row = Json::object();
    row.set("spec", r.spec);
    row.set("output_shape", Json::array_of(r.output_shape.dims));
    row.set("params", r.params());
    row.set("mults", r.mults);
    rows.push(row);
  }
  return rows;
}

// The current run's progress into tr; no step, loss or accuracy while an error shows (the trainer kept then
// is the previous model's).
void run_json(const TrainLab& tl, Json& tr) {
  tr.set("run", has_current_run(tl));
  const Trainer* t = current_run(tl);
  if (!t) return;
  tr.set("step", t->steps());
  tr.set("diverged", t->diverged());
  tr.set("message", t->message());
  tr.set("stall", tl.stall_message());
  tr.set("work_note", tl.work_note());
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

// What the Data section offers under the lab's error; the button's rect in CSS pixels (0 when not shown).
Json data_fit_json(const Session& session, const std::array<float, 4>& r, float dpr) {
  const DataFit fit = fit_data_to_spec(session.spec(), session.train());
  Json f = Json::object();
  f.set("data", fit.data ? Json(data_kind_name(fit.data->kind)) : Json());
  f.set("label", fit.label);
  f.set("message", fit.message);
  f.set("batch", fit.batch);
  f.set("button", Json::array_of(std::vector<double>{r[0] / dpr, r[1] / dpr, r[2] / dpr, r[3] / dpr}));
  return f;
}

}  // namespace

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
  j.set("gpu_uploads", gfx_.uploads_last_frame());  // textures uploaded or painted in the last frame
  j.set("gpu_texels", static_cast<double>(gfx_.texels_last_frame()));  // texels they wrote
  j.set("tab", main_tab_name(tab_));
  j.set("embed", embed_);
  // What the last frame offered: its tabs, and the left column's groups.
  Json offered = Json::array(), groups = Json::array();
  for (int t = 0; t < static_cast<int>(MainTab::Count); ++t)
    if (tabs_drawn_ & bit_of(static_cast<MainTab>(t))) offered.push(main_tab_name(static_cast<MainTab>(t)));
  for (int g = 0; g < static_cast<int>(ControlGroup::Count); ++g)
    if (controls_drawn_ & bit_of(static_cast<ControlGroup>(g))) groups.push(control_group_name(static_cast<ControlGroup>(g)));
  j.set("tabs_offered", offered);
  j.set("controls_shown", groups);
  j.set("clipped", Json::array_of(clip::last()));  // labels and columns cut last frame (clip_check.h)
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
  j.set("layers", layers_json(session_.summary()));
  if (inspector_.parallel) {  // the Inspector's parallel mode: every layer row alone on the INPUT
    const ParallelResult& pr = session_.parallel_summary();
    Json par = pr.ok() ? parallel_to_json(pr.summary) : Json::object();
    if (!pr.ok()) par.set("error", pr.error->message);
    j.set("parallel", par);
  }
  j.set("total_params", session_.summary().total_params);
  j.set("url_note", url_note_);
  course_state(j);  // "exercise", "labs" and the course widgets' rects (app_course_view.cpp)
  j.set("link", url_hash());
  j.set("run_status", run_status());  // the status line's word on the run (the rest of it is timing)
  j.set("panel_message", panel_message());
  const TrainLab& tl = session_.train();
  Json tr = Json::object();
  tr.set("data", data_kind_name(tl.data_desc().kind));
  tr.set("playing", tl.playing());
  tr.set("error", tl.error());
  run_json(tl, tr);
  if (!tl.error().empty()) tr.set("data_fit", data_fit_json(session_, train_panel_.fit_button, dpr_));
  if (!train_panel_.data_note.empty()) tr.set("data_note", train_panel_.data_note);
  tr.set("steps_per_second", train_panel_.steps_per_second);
  tr.set("train_budget_ms", train_budget_ms_);
  j.set("train", tr);
  if (Json b = boundary_json(tl.last_grid()); !b.is_null()) j.set("boundary", b);
  j.set("pictures", pictures_json());
  return j.dump();
}

// The visible tab's figures in words (the page's "Pictures in words"); only that tab's, the page polls.
Json App::pictures_json() const {
  PictureViews views;
  views.inside = &inside_.snap;
  views.batchnorm = &batchnorm_.snap;
  views.data_test_split = data_view_.test_split;
  views.data_page = data_view_.page;
  views.data_grid_side = data_view_.grid_side;
  views.data_class_filter = data_view_.class_filter;
  views.curves_layer = curves_.layer;
  views.graph_reveal = graph_panel_.reveal;
  views.graph_hide = graph_panel_.hide_answers;
  views.inspector_hide = inspector_.hide_answers || inspector_.quiz;
  views.verdicts = !session_.exercise().active() || session_.exercise().passed();
  return Json::array_of(describe_pictures(tab_, session_, views));
}

}  // namespace gl
