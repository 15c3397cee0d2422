// Labs file reader: structure and limits checked, every exercise read with exercise_from_json, errors
// located by lab id and exercise number.
#include "engine/course/labs.h"

#include <set>

#include "engine/core/check.h"

namespace gl {

const std::string* LabExercise::find(const std::string& key) const {
  for (const auto& [k, v] : state)
    if (k == key) return &v;
  return nullptr;
}

namespace {

bool read_exercise(const Json& j, LabExercise& out, std::string& error) {
  if (!j.is_object()) { error = "must be an object"; return false; }
  const Json* state = j.find("state");
  if (!state || !state->is_object()) { error = "needs \"state\", an object of URL keys"; return false; }
  for (const auto& [k, v] : state->obj()) {
    if (!v.is_string()) { error = "state '" + k + "' must be text"; return false; }
    if (k == "ex") { error = "state must not hold 'ex' (the exercise is given apart)"; return false; }
    out.state.emplace_back(k, v.str());
  }
  const Json* ex = j.find("exercise");
  if (!ex) { error = "needs \"exercise\""; return false; }
  auto e = exercise_from_json(*ex, error);
  if (!e) return false;
  if (e->checks.empty()) { error = "an exercise needs at least one check"; return false; }
  out.exercise = std::move(*e);
  return true;
}

}  // namespace

std::optional<std::vector<Lab>> labs_from_json(const std::string& text, std::string& error) {
  if (text.size() > kMaxLabsFileBytes) {
    error = str_cat("the labs file is ", text.size(), " bytes; the limit is ", kMaxLabsFileBytes);
    return std::nullopt;
  }
  Json root;
  try {
    root = Json::parse(text);
  } catch (const EngineError& e) {
    error = std::string("labs file: ") + e.what();
    return std::nullopt;
  }
  const Json* labs = root.is_object() ? root.find("labs") : nullptr;
  if (!labs || !labs->is_array()) { error = "labs file: needs \"labs\", a list"; return std::nullopt; }
  std::vector<Lab> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < labs->size(); ++i) {
    const Json& l = (*labs)[i];
    Lab lab;
    lab.id = l.is_object() ? l.get("id", "") : "";
    lab.title = l.is_object() ? l.get("title", "") : "";
    lab.intro = l.is_object() ? l.get("intro", "") : "";
    const std::string where = str_cat("lab ", i + 1, " '", lab.id, "'");
    if (lab.id.empty() || lab.title.empty() || !ids.insert(lab.id).second) {
      error = where + ": needs a unique \"id\" and a \"title\"";
      return std::nullopt;
    }
    const Json* exs = l.find("exercises");
    if (!exs || !exs->is_array() || exs->size() == 0) { error = where + ": needs \"exercises\", a non-empty list"; return std::nullopt; }
    for (size_t k = 0; k < exs->size(); ++k) {
      LabExercise le;
      if (!read_exercise((*exs)[k], le, error)) {
        error = str_cat(where, ", exercise ", k + 1, ": ", error);
        return std::nullopt;
      }
      lab.exercises.push_back(std::move(le));
    }
    out.push_back(std::move(lab));
  }
  return out;
}

}  // namespace gl
