// PyTorch export of a spec: Python source that builds the same network as an nn.Sequential (one module per
// engine layer, with `module_rows` mapping each module back to its spec row), plus input_shape and loss_fn.
// Source text only; nothing here runs Python. Checked by tests/reference/check_export.py.
#pragma once
#include <string>
#include <vector>

#include "engine/spec/spec.h"

namespace gl {

// spec must be valid (from parse_spec / spec_from_json without error); throws SpecException otherwise.
std::string export_pytorch(const ModelSpec& spec);

// The name export_pytorch gives the module of each engine layer, in engine layer order (the model's layers are
// the spec rows' layers in order; the extra nn.Flatten before a Dense on an image has no engine layer). Used to
// load a run's weights into the exported model.
std::vector<std::string> export_module_names(const ModelSpec& spec);

}  // namespace gl
