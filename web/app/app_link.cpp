// The App's side of links: capture_link() reads every setting a link carries from the session and the
// panels, apply_link() sets them on a fresh state, and Save/Load wrap the same hash in a JSON file.
#include "web/app/app.h"

#include <cmath>

#include "engine/session/session_io.h"
#include "web/app/widgets/theme.h"

namespace gl {

void App::reset_to_defaults() {
  std::shared_ptr<const ImagePack> pack = session_.train().image_pack();
  session_ = Session(desc_);
  if (pack) session_.set_image_pack(pack);
  intents_ = Intents{};
  network_ = NetworkPanel{};
  inspector_ = InspectorPanel{};
  train_panel_ = TrainPanel{};
  boundary_ = BoundaryPanel{};
  curves_ = CurvesPanel{};
  graph_panel_ = GraphPanel{};
  playground_panel_ = PlaygroundPanel{};
  classifiers_ = ClassifiersPanel{};
  compare_ = ComparePanel{};
  inside_ = InsidePanel{};
  batchnorm_ = BatchNormPanel{};
  data_view_ = DataViewPanel{};
  tab_ = MainTab::Boundary;
  select_tab_ = tab_;
  embed_ = false;
  embed_tabs_ = 0;
  embed_controls_ = kEmbedControls;
  url_note_.clear();
  run_waiting_images_.clear();  // a link opened since: it wins over a run still waiting for the pack
}

LinkState App::capture_link() const {
  LinkState s;
  const TrainLab& tl = session_.train();
  s.spec = session_.valid_spec_text();
  s.data = tl.data_desc();
  s.train = tl.train_desc();
  s.points = session_.point_edits();
  s.play = tl.playing();
  s.tab = tab_;
  s.embed = embed_;
  s.tabs = embed_tabs_;
  s.controls = embed_controls_;
  s.layer_list = network_.widgets;
  const ViewPrefs& view = view_prefs();
  s.text_pct = static_cast<int>(std::lround(view.text_scale * 100.0f));
  s.theme = view.theme_chosen ? static_cast<int>(view.theme) : -1;
  const GraphLab& g = session_.graph_lab();
  s.formula = g.formula();
  s.values.clear();
  for (size_t i = 0; i < g.graph().vars.size() && i < g.values().size(); ++i)
    s.values.emplace_back(g.graph().vars[i], g.values()[i]);
  s.graph = graph_panel_;
  s.ties = g.tie_rule();
  const PlaygroundLab& pg = session_.playground();
  s.surface = pg.surface_desc();
  for (size_t i = 0; i < s.racers.size() && i < pg.racers().size(); ++i)
    s.racers[i] = {pg.racers()[i].enabled, pg.racers()[i].optim.lr};
  if (pg.racers().size() > 1) s.race_momentum = pg.racers()[1].optim.momentum;
  s.race = pg.race();
  s.has_start = pg.start_chosen();
  s.start_x = s.has_start ? pg.start_x() : 0.0f;
  s.start_y = s.has_start ? pg.start_y() : 0.0f;
  s.race_play = pg.playing();
  s.compare = compare_;
  for (int k = 0; k < 3; ++k) s.classic[static_cast<size_t>(k)] = session_.classic().desc(static_cast<ClassicKind>(k));
  s.classic_play = session_.classic().playing();
  s.classic_features = session_.classic().features().kind;
  s.inspector = inspector_;
  s.inside = inside_;
  s.batchnorm = batchnorm_;
  s.curves = curves_;
  course_capture_link(s);  // ex= or lab=
  return s;
}

// The race's settings as edits: racers, momentum, start point (or a restart from the surface's), play.
void race_link_edits(const LinkState& s, Intents& in) {
  for (size_t i = 0; i < s.racers.size(); ++i) {
    in.racer_enabled.emplace_back(static_cast<int>(i), s.racers[i].enabled);
    in.racer_lr.emplace_back(static_cast<int>(i), s.racers[i].lr);
  }
  in.race_momentum = s.race_momentum;
  if (s.has_start) in.playground_start = std::make_pair(s.start_x, s.start_y);
  else in.playground_restart = true;
  in.playground_play = s.race_play;
  in.race = s.race;  // the link's rate was range-checked when read
}

// Text size and theme; without theme= the page's prefers-color-scheme decides again.
void apply_view_link(const LinkState& s) {
  ViewPrefs& v = view_prefs();
  set_text_scale(static_cast<float>(s.text_pct) / 100.0f);
  v.theme_chosen = s.theme >= 0 && s.theme < static_cast<int>(ThemeKind::Count);
  v.theme = v.theme_chosen ? static_cast<ThemeKind>(s.theme) : v.page_theme;
}

void App::apply_link(const LinkState& s) {
  reset_to_defaults();
  std::vector<std::string> problems;
  Intents in;  // the link's lab state, applied as one frame's edits would be
  in.spec_text = s.spec;  // with the link's batch: the memory budget is checked at the batch that trains
  in.data = s.data;
  in.train = s.train;
  in.play = s.play;
  in.formula = s.formula;
  in.formula_named_values.assign(s.values.begin(), s.values.end());
  in.formula_ties = s.ties;
  in.surface = s.surface;
  race_link_edits(s, in);
  for (size_t k = 0; k < in.classic_desc.size() && k < s.classic.size(); ++k) in.classic_desc[k] = s.classic[k];
  in.classic_play = s.classic_play;
  in.classic_features = FeatureDesc{s.classic_features};
  session_.apply(in);
  if (const auto& err = session_.spec_error()) problems.push_back("the network has an error (" + err->message + ")");
  if (int bad = session_.replay_points(s.points))
    problems.push_back(std::to_string(bad) + " hand-placed point(s) do not fit this data set (pts=)");
  if (const std::string& err = session_.playground_error(); !err.empty())
    problems.push_back("the surface formula has an error (" + err + ")");
  tab_ = s.tab;
  select_tab_ = tab_;
  embed_ = s.embed;
  embed_tabs_ = s.tabs ? s.tabs | bit_of(s.tab) : 0;  // the tab a link names is always offered
  embed_controls_ = s.controls;
  network_.widgets = s.layer_list;
  apply_view_link(s);
  static_cast<GraphSettings&>(graph_panel_) = s.graph;
  playground_panel_.formula = s.surface.formula.empty() ? playground_panel_.formula : s.surface.formula;
  static_cast<CompareSettings&>(compare_) = s.compare;
  static_cast<InspectorSettings&>(inspector_) = s.inspector;
  static_cast<InsideSettings&>(inside_) = s.inside;
  static_cast<BatchNormSettings&>(batchnorm_) = s.batchnorm;
  static_cast<CurvesSettings&>(curves_) = s.curves;
  course_apply_link(s, problems);  // the exercise of ex= or lab=
  if (!problems.empty()) {
    url_note_ = "Parts of the link could not be used: ";
    for (size_t i = 0; i < problems.size(); ++i) url_note_ += (i ? "; " : "") + problems[i];
  }
}

void App::set_url_hash(const std::string& hash) {
  std::vector<std::string> problems;
  LinkState s = read_link(course_expand_lab(hash), problems);  // lab=: its exercise's state, then the link's keys
  apply_link(s);
  if (!problems.empty()) {
    std::string note = "Parts of the link could not be used, defaults kept for them: ";
    for (size_t i = 0; i < problems.size(); ++i) note += (i ? "; " : "") + problems[i];
    url_note_ = url_note_.empty() ? note : note + ". " + url_note_;
  }
  last_hash_.clear();  // push the canonical form of what was applied
}

std::string App::url_hash() const { return link_hash(capture_link()); }

std::string App::save_json() const { return model_file_json(session_, url_hash()); }

void App::load_json(const std::string& text) {
  if (is_run_file(text)) {
    if (std::string err = session_.load_run(text); !err.empty()) {
      // An image set's run needs the pack, fetched on first use: ask for it and try again when it arrives.
      if (session_.run_needs_images() && hooks_.need_images) {
        run_waiting_images_ = text;
        hooks_.need_images();
        url_note_ = "The run file opens when the image data sets have arrived.";
        return;
      }
      url_note_ = "The run file could not be loaded: " + err;
    }
    return;
  }
  ModelFile f = read_model_file(text);
  if (!f.error.empty()) {
    url_note_ = f.error;
    return;
  }
  if (!f.state.empty()) set_url_hash(f.state);
  if (auto err = session_.set_spec(f.spec)) url_note_ = "The file's network has an error: " + err->message;
}

void App::image_pack_failed(const std::string& why) {
  session_.image_pack_failed(why);
  if (!run_waiting_images_.empty()) {
    run_waiting_images_.clear();
    url_note_ = "The run file could not be opened: the image data sets could not be downloaded (" + why + ")";
  }
}

void App::load_image_pack(const std::string& path) {
  if (std::string err = session_.load_image_pack(path); !err.empty()) {
    url_note_ = "The image data could not be loaded: " + err;
    return;
  }
  if (!run_waiting_images_.empty() && session_.train().has_image_pack()) {
    const std::string run = std::move(run_waiting_images_);
    run_waiting_images_.clear();
    url_note_.clear();
    load_json(run);
  }
}

}  // namespace gl
