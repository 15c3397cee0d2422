// Classifiers panel: kNN, a linear SVM, a softmax classifier and the MLP being trained, side by side on the
// same 2D data, each as a decision-boundary image (widgets/field_image.h, TexSlot::Classifiers + 0..3) with the points on top,
// its train / test accuracy and its own controls. The numbers come from the session (ClassicLab, advanced by
// Session::advance_classifiers); edits go to Intents.
// On image data: the same classifiers on features of the images (pixels, histogram, HOG) with accuracies.
// Not here: the MLP's controls (the left column trains it) or other data.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/intents.h"
#include "web/app/widgets/field_image.h"
#include "web/app/widgets/plane_view.h"

namespace gl {

struct ClassifiersPanel {
  int grid = 64;          // probability grid resolution (cells per side), the same for all four
  bool show_test = true;
  std::array<FieldImage, 4> fields;  // the four images, rebuilt when their grid's revision moves
};

// What the panel shows, read from the session (App runs Session::advance_classifiers before drawing).
struct ClassifiersView {
  const Dataset* data = nullptr;  // null, or not 2D: the panel says so
  bool is_2d = false;
  PlaneView plane{};
  const ClassicLab* lab = nullptr;
  const PlaneGrid* mlp_grid = nullptr;  // the MLP's decision grid; null without a model
  std::string mlp_error;                // why there is no model
  int64_t mlp_step = -1;                // the trainer's step
  int64_t mlp_eval_step = -1;           // step of the last full-set evaluation (-1: none yet)
  float mlp_acc_train = 0, mlp_acc_test = 0;
};

ClassifiersView update_classifiers_panel(const ClassifiersPanel& panel, const Session& session);
// Edits (settings, restarts, play / pause) go to intents.
void draw_classifiers_panel(ClassifiersPanel& panel, const ClassifiersView& view, Gfx& gfx, Intents& intents);

}  // namespace gl
