// Data views for the "Data" tab (under the 2D scatter, which the App draws itself): a grid of images with
// their class names (digits, Fashion-MNIST), one video clip played frame by frame, and sequences (sine and
// adding-problem inputs with their targets, copy-task one-hot inputs, character text windows). Reads the
// session's data set only; the state here is what the student is looking at.
#pragma once
#include "engine/session/session.h"
#include "web/app/gfx.h"

namespace gl {


struct DataViewPanel {
  bool test_split = false;   // show the test split instead of the training split
  // Images
  int page = 0;              // which screenful of images (grid_side^2 per page)
  int class_filter = -1;     // only this class; -1 = every class
  int grid_side = 8;         // images per row and column
  // Video
  int clip = 0;
  int frame = 0;
  bool auto_play = true;
  float fps = 4.0f;
  float frame_clock = 0.0f;  // seconds since the frame last advanced
  // Sequences
  int first_sequence = 0;    // first sequence shown
  int sequences = 3;         // how many plotted / drawn
  int text_windows = 8;      // how many character windows listed
};

void draw_data_view_panel(DataViewPanel& panel, const Session& session, Gfx& gfx);

}  // namespace gl
