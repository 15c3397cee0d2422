// Classifiers panel: kNN, a linear SVM, a softmax classifier and the MLP being trained, side by side on the
// same 2D data, each as a decision-boundary image (widgets/field_image.h, TexSlot::Classifiers + 0..3) with the points on top,
// its train / test accuracy and its own controls. The numbers come from apply_classifiers_panel.
// Not here: the MLP's controls (the left column trains it) or non-2D data.
#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "engine/session/session.h"
#include "web/app/gfx.h"
#include "web/app/widgets/field_image.h"

namespace gl {

struct ClassifiersPanel {
  bool visible = false;   // set by App: whether the tab was shown last frame
  int grid = 64;          // probability grid resolution (cells per side), the same for all four
  bool show_test = true;
  std::array<FieldImage, 4> fields;  // the four images, rebuilt when their grid's revision moves
  // Edits recorded while drawing, applied by apply_classifiers_panel.
  std::array<std::optional<ClassicDesc>, static_cast<size_t>(ClassicKind::Count)> edit;  // by ClassicKind
  std::optional<ClassicKind> restart;  // new W, b for one linear classifier
  bool restart_all = false;
  std::optional<bool> play;            // play / pause the linear classifiers' SGD
  // Computed by apply_classifiers_panel: the MLP's view (TrainLab::decision_grid is not const).
  PlaneGrid mlp_grid;
  int64_t mlp_step = -1;               // the trainer's step
  int64_t mlp_eval_step = -1;          // step of the last full-set evaluation (-1: none yet)
  float mlp_acc_train = 0, mlp_acc_test = 0;
};

void draw_classifiers_panel(ClassifiersPanel& panel, const Session& session, Gfx& gfx);
// Applies the recorded edits; while visible, refits the classifiers when the data set changed, advances the
// linear classifiers by a few ms of SGD and refreshes the MLP's grid.
void apply_classifiers_panel(ClassifiersPanel& panel, Session& session, double dt_ms);

}  // namespace gl
