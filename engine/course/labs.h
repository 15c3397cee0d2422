// Labs: the course's topics, each an ordered list of exercises with the state (URL-hash keys and values)
// that makes the topic's effect visible. Read from the JSON the site ships (web/labs/labs.json); data, not
// code per lab. Not here: building links (the front end's URL unit encodes `state` + `ex=`) or drawing.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/course/exercise.h"

namespace gl {

struct LabExercise {
  std::vector<std::pair<std::string, std::string>> state;  // hash keys and values, in file order ("spec", ...)
  Exercise exercise;
  const std::string* find(const std::string& key) const;   // a state value, or nullptr
};

struct Lab {
  std::string id, title, intro;
  std::vector<LabExercise> exercises;
};

constexpr size_t kMaxLabsFileBytes = 1 << 20;

// Parses and validates a labs file ({"labs":[{"id","title","intro","exercises":[{"state":{..},"exercise":{..}}]}]}).
// On error returns nullopt and sets error ("lab 'conv', exercise 2: check 1: unknown field 'x'").
std::optional<std::vector<Lab>> labs_from_json(const std::string& text, std::string& error);

}  // namespace gl
