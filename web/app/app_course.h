// App's course state (private to web/app): the exercise card, the Labs window and start screen, the Create
// exercise dialog, the labs read from web/labs/labs.json, where the current exercise came from, and what
// was last posted to a framing course page.
#pragma once
#include <string>
#include <vector>

#include "engine/course/labs.h"
#include "web/app/app.h"
#include "web/app/panels/create_exercise_panel.h"
#include "web/app/panels/exercise_panel.h"
#include "web/app/panels/labs_panel.h"

namespace gl {

struct App::Course {
  ExercisePanel card;
  LabsPanel labs_panel;
  CreateExercisePanel create;
  std::vector<Lab> labs;
  int lab = -1, lab_ex = 0;   // the lab exercise open, or lab = -1
  std::string ex_text;        // the `ex=` JSON the exercise came from ("lab:id:n" for a lab's)
  bool hash_seen = false;     // a link was applied (no start screen then)
  bool posted_ready = false;
  std::string posted_hash;    // last hash posted as a "state" message
  WidgetRect labs_button, create_button;  // last frame's, for tests that click like a student
};

}  // namespace gl
