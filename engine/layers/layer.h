// The one Layer interface every layer implements (runtime polymorphism: specs are edited at run time),
// the table of layer kinds, and LayerDesc, the parsed, shape-free description of one layer that the spec
// parser produces and make_layer() (layers/registry.cpp) turns into a Layer for a given input shape.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"

namespace gl {

enum class LayerKind {
  Dense,      // fully connected: N x D -> N x units (flattens N x ... inputs)
  Conv,       // 2D (C x H x W) or 3D (C x T x H x W), chosen by input rank; im2col / vol2col + GEMM
  MaxPool,    // 2D or 3D by input rank
  AvgPool,    // 2D or 3D by input rank
  BatchNorm,  // over N (features), N,H,W (2D) or N,T,H,W (3D), by input rank
  Dropout,    // inverted dropout
  Flatten,
  Activation,
  RNN,        // vanilla tanh RNN over N x T x D
  LSTM,
  GRU,
  Frames,     // C x T x H x W -> T x (C*H*W): a clip as a sequence of frames
  Count
};

enum class ActKind { Identity, ReLU, LeakyReLU, Sigmoid, Tanh, ELU, GELU, Formula, Count };

enum class InitKind { Gaussian, Xavier, Kaiming, Zeros, Count };

struct InitDesc {
  InitKind kind = InitKind::Kaiming;
  float sigma = 0.01f;  // for Gaussian
};

// Shape-free description of one engine layer. Per-axis vectors (kernel, stride, pad) hold either one value
// (the same for every spatial axis) or exactly one per spatial axis of the input ((H,W) or (T,H,W)).
struct LayerDesc {
  LayerKind kind = LayerKind::Dense;
  int units = 0;                  // Dense: out features; Conv: out channels; RNN/LSTM/GRU: hidden size
  std::vector<int> kernel{1};     // Conv, pools
  std::vector<int> stride{1};     // Conv, pools
  std::vector<int> pad{0};        // Conv (zero padding), pools
  ActKind act = ActKind::Identity;  // Activation
  float act_param = 0.01f;          // LeakyReLU slope
  float elu_alpha = 1.0f;           // ELU alpha (its own field, so every alpha, 0.01 included, is expressible)
  std::string formula;              // ActKind::Formula: expression in x, e.g. "relu(-x)"
  float dropout_p = 0.5f;           // probability of dropping a unit
  bool return_sequences = false;    // RNN/LSTM/GRU: N x T x H instead of the last N x H
  bool bias = true;                 // Dense, Conv
  float bn_eps = 1e-5f, bn_momentum = 0.1f;  // PyTorch's convention: running = (1-m)*running + m*batch
};

// A learnable tensor and its gradient (same shape). Layers accumulate into grad in backward(); the
// trainer zeroes grads before each step.
struct Param {
  std::string name;  // "weight", "bias", "gamma", "beta", "weight_ih", ...
  Tensor value;
  Tensor grad;
  bool decay = true;  // receives L2 weight decay (weights yes; biases and BN params no)
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual LayerKind kind() const = 0;
  // Per-sample output shape (no N) for the per-sample input shape the layer was built for.
  virtual Shape output_shape() const = 0;
  // inp: N x in_shape; out is resized to N x output_shape(). `train` selects batch statistics / dropout.
  virtual void forward(const Tensor& inp, Tensor& out, bool train) = 0;
  // dout: gradient w.r.t. the last forward's output; writes dinp (resized to inp's shape) and accumulates
  // parameter gradients. Valid only after a forward() on the same batch.
  virtual void backward(const Tensor& dout, Tensor& dinp) = 0;
  virtual std::vector<Param*> params() { return {}; }
  // (Re)initialises learnable parameters; BN: gamma = 1, beta = 0, running stats reset.
  virtual void init_params(const InitDesc&, Rng&) {}
  // Non-learnable state a student may inspect (BN running mean / var); name -> tensor.
  virtual std::vector<std::pair<std::string, const Tensor*>> buffers() const { return {}; }
  // Seeds the layer's own randomness (dropout masks).
  virtual void set_seed(uint64_t) {}
  // Whether backward() must write dinp (default on). A model turns it off for the layers that no layer with
  // parameters precedes: nothing upstream uses their input gradient. Layers with parameters (conv, dense,
  // batch norm, recurrent) then skip that work and leave dinp untouched; the model does not call backward
  // below its first layer with parameters at all.
  void set_input_grad(bool on) { input_grad_ = on; }
  bool input_grad() const { return input_grad_; }

 protected:
  bool input_grad_ = true;
};

// Builds the layer for a per-sample input shape; throws EngineError naming the layer and shapes when the
// configuration is impossible (kernel larger than the padded input, stride 0, 3D layer on 2D input ...).
std::unique_ptr<Layer> make_layer(const LayerDesc& desc, const Shape& in_shape);

// Stable lower-case names: "dense", "conv", ... and "relu", "leakyrelu", ...
const char* layer_kind_name(LayerKind k);
const char* act_kind_name(ActKind k);
const char* init_kind_name(InitKind k);

}  // namespace gl
