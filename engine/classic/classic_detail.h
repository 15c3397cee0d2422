// Internal to engine/classic: constructors of the concrete classifiers for make_classifier().
// Not a public API: use make_classifier() in classifier.h.
#pragma once
#include <memory>

#include "engine/classic/classifier.h"

namespace gl::classic_detail {

std::unique_ptr<Classifier> make_knn(const ClassicDesc& desc);
std::unique_ptr<Classifier> make_linear(const ClassicDesc& desc);  // SVM and Softmax

}  // namespace gl::classic_detail
