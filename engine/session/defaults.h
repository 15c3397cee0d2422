// The one place for the session's defaults: the network, data set and training settings a fresh page (or a
// link that names none of them) starts from. The URL reader, the labs and the tests all read these; the
// engine structs' own member defaults (TrainDesc{} etc.) are the engine's, for the CLI and library users.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/optim/playground.h"
#include "engine/train/trainer.h"

namespace gl {

inline constexpr const char* kDefaultSpecText =
    "INPUT 2\n"
    "FC-16\n"
    "FC-16\n"
    "FC-2\n"
    "SOFTMAX";

DataDesc default_data_desc();    // two spirals, 400 points, noise 0.1
TrainDesc default_train_desc();  // Adam, lr 0.01, batch 16, evaluation every 50 steps

// Computation-graph lab: CS231n's sigmoid neuron with the lecture's values (f = 0.73, df/dw0 = -0.2).
inline constexpr const char* kDefaultGraphFormula = "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))";
std::vector<std::pair<std::string, double>> default_graph_values();

// Optimizer race: the valley surface and six racers (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam) with
// learning rates that make their differences visible on it.
SurfaceDesc default_surface();
std::vector<OptimDesc> default_racers();

}  // namespace gl
