// Formula activation: out = f(inp) element-wise for a formula f in x, dinp = dout * f'(inp), where f and
// f' come from one compiled ExprProgram pass (reverse mode, float). No parameters, shape preserved.
// Not a general expression layer: the only variable is x.
#include "engine/layers/formula_activation.h"

#include "engine/core/check.h"
#include "engine/expr/program.h"

namespace gl {

namespace {

class FormulaActivation : public Layer {
 public:
  FormulaActivation(ExprProgram program, const Shape& in_shape) : program_(std::move(program)), in_shape_(in_shape) {}

  LayerKind kind() const override { return LayerKind::Activation; }
  Shape output_shape() const override { return in_shape_; }

  void forward(const Tensor& inp, Tensor& out, bool train) override {
    NN_CHECK(inp.shape().drop_batch() == in_shape_, "activation formula '", program_.source(), "': input ",
             inp.shape().str(), " does not match the built shape N x ", in_shape_.str());
    inp_ = inp;  // N x ...: kept for backward (f' is evaluated there)
    out.resize(inp.shape());
    program_.eval1(inp.data(), out.data(), inp.size());
  }

  void backward(const Tensor& dout, Tensor& dinp) override {
    NN_CHECK(dout.shape() == inp_.shape(), "activation formula '", program_.source(), "': dout ", dout.shape().str(),
             " does not match the last input ", inp_.shape().str());
    dinp.resize(inp_.shape());
    program_.eval_grad1(inp_.data(), nullptr, dinp.data(), inp_.size());  // dinp = f'(inp)
    // dinp = dout * f'(inp)
    float* d = dinp.data();
    const float* g = dout.data();
    for (int64_t i = 0; i < dinp.size(); ++i) d[i] *= g[i];
  }

 private:
  ExprProgram program_;
  Shape in_shape_;
  Tensor inp_;  // N x in_shape: last forward's input
};

}  // namespace

std::unique_ptr<Layer> make_formula_activation(const LayerDesc& desc, const Shape& in_shape) {
  NN_CHECK(desc.kind == LayerKind::Activation && desc.act == ActKind::Formula,
           "make_formula_activation: layer '", layer_kind_name(desc.kind), "' (act ", act_kind_name(desc.act),
           ") is not a formula activation");
  ExprParseDesc pd;
  pd.restrict_vars = true;
  pd.allowed_vars = {"x"};
  return std::make_unique<FormulaActivation>(ExprProgram::compile(desc.formula, pd, "activation formula"), in_shape);
}

}  // namespace gl
