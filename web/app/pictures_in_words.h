// Pictures in words: what the visible tab draws, as a few plain sentences for screen-reader users (the page's
// "Pictures in words" section shows them, from the state JSON's "pictures"). Numbers are rounded for
// listening; the words are the course's (decision boundary, overfitting, vanishing gradients, dL/dx).
// Reads the session and the views the panels already computed; computes nothing heavy and changes nothing.
// Not here: drawing, or the inspector's table (the page mirrors that itself).
#pragma once
#include <string>
#include <vector>

#include "engine/session/batchnorm_view.h"
#include "engine/session/inside_view.h"
#include "engine/session/session.h"
#include "web/app/link_state.h"

namespace gl {

// What the panels hold beyond the session (null: that view has not been computed).
struct PictureViews {
  const InsideSnapshot* inside = nullptr;
  const BnSnapshot* batchnorm = nullptr;
  bool data_test_split = false;  // the Data tab shows the test split
  int data_page = 0, data_grid_side = 8, data_class_filter = -1;  // its image grid (DataViewPanel)
  int curves_layer = -1;         // the layer whose histograms the Curves tab shows
  int graph_reveal = -1;         // the Graph tab's step-by-step reveal (GraphSettings::reveal; -1: everything)
  bool graph_hide = false;       // an open exercise asks for the graph's values: none said
  bool inspector_hide = false;   // an open exercise asks for the inspector's cells: none said
  // False while an exercise is open and not passed: the numbers are said, not what they mean ("falling",
  // "overfitting", "vanishing gradients", "reached a minimum", "best"), which a question may ask for.
  bool verdicts = true;
};

// The sentences for one tab, in reading order.
std::vector<std::string> describe_pictures(MainTab tab, const Session& session, const PictureViews& views);

// A number as it reads aloud: 3 significant digits, no exponent between 0.001 and 100000 ("0.0123", "1230"),
// else "1.2 times 10 to the minus 5"; "0" below 1e-30 (float underflow, e.g. a running mean decaying to 0);
// "not a number", "infinity".
std::string spoken_number(double v);
// A fraction as a whole percentage ("97%"); "none" for NaN.
std::string spoken_percent(double fraction);

}  // namespace gl
