// Writes an RGBA8 image as a PNG with stored (uncompressed) deflate blocks: enough for screenshots taken by
// the native smoke test, with no image library dependency. Not a general encoder (no compression).
#pragma once
#include <cstdint>
#include <string>

namespace gl {

bool write_png_rgba(const std::string& path, int width, int height, const uint8_t* rgba, bool flip_y);

}  // namespace gl
