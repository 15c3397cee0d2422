// The Labs window: the course's topics (from web/labs/labs.json), each opening its exercises in order, and
// the start screen (a first visit with no link: a short welcome, "Explore" and the same list). Draws and
// reports the student's choice; App opens the exercise (its state and `ex`) through the URL-hash path.
#pragma once
#include <string>
#include <vector>

#include "engine/course/labs.h"

namespace gl {

struct LabsPanel {
  bool open = false;     // the Labs window is shown
  bool welcome = false;  // shown as the start screen (welcome text and Explore)
  std::string error;     // the labs file could not be read
  // The student's choice this frame: a lab's exercise to open (lab >= 0), or Explore.
  int pick_lab = -1, pick_exercise = 0;
};

// Draws the window centred in the viewport when open; dpr scales its size.
void draw_labs_panel(LabsPanel& panel, const std::vector<Lab>& labs, float dpr);

}  // namespace gl
