// Resolves a conv / pool LayerDesc (kernel, stride, pad: one value for all axes or one per spatial axis)
// against a per-sample input C x H x W (2D) or C x T x H x W (3D) into a ConvGeom, throwing EngineError for
// every impossible configuration with the layer name and the shapes in the message. Not the kernels.
#pragma once
#include <string>
#include <vector>

#include "engine/layers/layer.h"
#include "engine/ops/im2col.h"

namespace gl {

ConvGeom resolve_geom(const LayerDesc& desc, const Shape& in_shape, const char* name);
// resolve_geom plus PyTorch's pooling rule pad <= kernel / 2 per axis (so no window lies wholly in padding).
ConvGeom resolve_pool_geom(const LayerDesc& desc, const Shape& in_shape, const char* name);

// Output shape C' x (oT x) oH x oW for a resolved geometry with `channels` output channels.
Shape spatial_shape(const ConvGeom& g, int channels);

}  // namespace gl
