// Recurrent layers over N x T x D sequences with backprop through time: vanilla RNN (tanh), LSTM, GRU,
// with PyTorch's gate layout and both bias vectors (b_ih, b_hh), so parameter counts match nn.LSTM/nn.GRU.
#pragma once
#include <memory>

#include "engine/layers/layer.h"

namespace gl {

// desc.kind is RNN, LSTM or GRU; in_shape is T x D. Output T x H with return_sequences, else H.
std::unique_ptr<Layer> make_recurrent(const LayerDesc& desc, const Shape& in_shape);

}  // namespace gl
