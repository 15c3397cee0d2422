// A link is the whole state: LinkState holds everything a GradLab link carries (network, data and its hand-
// placed points, training settings, every tab's own settings), link_hash() writes it as a URL hash with short
// readable keys (docs/links.md) and read_link() reads one back, starting from the defaults. Needs neither
// ImGui nor the App (a fuzzer links it alone); the App captures and applies LinkStates.
#pragma once
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "engine/session/classic_lab.h"  // ClassicDesc, DataDesc, TrainDesc
#include "engine/session/defaults.h"     // SurfaceDesc and the defaults
#include "engine/session/edits.h"        // PointEdit
#include "web/app/panel_settings.h"

namespace gl {

enum class MainTab { Boundary, Curves, Data, Inspector, Inside, Graph, Optimizers, Compare, BatchNorm, Classifiers, Count };
const char* main_tab_name(MainTab t);  // "boundary", "curves", ...

// The left column's groups, top to bottom; an embed shows the ones its link's `controls=` names.
enum class ControlGroup { Network, Data, Training, View, Share, Count };
const char* control_group_name(ControlGroup g);  // "network", "data", "training", "view", "share"
constexpr unsigned bit_of(MainTab t) { return 1u << static_cast<unsigned>(t); }
constexpr unsigned bit_of(ControlGroup g) { return 1u << static_cast<unsigned>(g); }
constexpr unsigned kAllControls = (1u << static_cast<unsigned>(ControlGroup::Count)) - 1;
// What an embed shows without `controls=`: the network and the training settings.
constexpr unsigned kEmbedControls = bit_of(ControlGroup::Network) | bit_of(ControlGroup::Training);

struct RacerLink {
  bool enabled = true;
  float lr = 0.01f;
  bool operator==(const RacerLink&) const = default;
};

struct LinkState {
  // Network, data, training.
  std::string spec = kDefaultSpecText;
  DataDesc data = default_data_desc();
  TrainDesc train = default_train_desc();
  std::vector<PointEdit> points;
  bool play = true;
  // Layout.
  MainTab tab = MainTab::Boundary;
  bool embed = false;
  bool layer_list = false;  // the network as a list of layers instead of text
  // Embeds only (docs/embedding.md): the tabs offered, a bit_of(MainTab) each (0: just `tab`; `tab` is always
  // offered), and the left column's groups shown, a bit_of(ControlGroup) each.
  unsigned tabs = 0;
  unsigned controls = kEmbedControls;
  // View (web/app/widgets/theme.h): text scale in percent, theme (-1: the page's prefers-color-scheme decides).
  int text_pct = 100;
  int theme = -1;  // 0 dark, 1 light, 2 high contrast (the order of ThemeKind)
  // Graph tab.
  std::string formula = kDefaultGraphFormula;
  std::vector<std::pair<std::string, double>> values = default_graph_values();  // by variable name
  GraphSettings graph;
  ExprTieRule ties = ExprTieRule::First;  // what a tied max / min sends back
  // Optimizers tab.
  SurfaceDesc surface = default_surface();
  std::vector<RacerLink> racers;     // one per default racer (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)
  float race_momentum = 0.9f;        // mu of the Momentum and Nesterov racers
  RaceDesc race;                     // same learning rate for all (race.same_lr at race.lr)
  bool has_start = false;            // start point set by a click (else the surface's default)
  float start_x = 0, start_y = 0;
  bool race_play = true;
  // Compare, Classifiers, Inside, Batch norm, Curves tabs.
  CompareSettings compare;
  std::array<ClassicDesc, 3> classic = {default_classic(ClassicKind::KNN), default_classic(ClassicKind::SVM),
                                        default_classic(ClassicKind::Softmax)};
  bool classic_play = true;
  FeatureKind classic_features = FeatureKind::Pixels;  // what the classifiers see on image data
  InspectorSettings inspector;
  InsideSettings inside;
  BatchNormSettings batchnorm;
  CurvesSettings curves;
  // Course (docs/embedding.md): an exercise as JSON text, or a lab's exercise "id:n" (read by the App,
  // which knows the labs; the lab's own state keys are added to the link before it is read).
  std::string exercise;
  std::string lab;

  LinkState();
  static ClassicDesc default_classic(ClassicKind kind);
};

// The fields a link carries are equal (floats compared as the link writes them).
bool same_link_state(const LinkState& a, const LinkState& b);

// The state as "#key=value&..." with only what differs from LinkState{} (plus spec, data, opt, lr, seed, tab).
std::string link_hash(const LinkState& s);
// Reads a hash over LinkState{}; a bad or out-of-range value keeps the default and is listed in problems
// as "key=value" (unknown keys are listed too). Never throws.
LinkState read_link(const std::string& hash, std::vector<std::string>& problems);

}  // namespace gl
