// The image pack: one compact binary (written at build time by engine/data/pack_images.py, never committed)
// holding the 8x8 digits and a Fashion-MNIST subset as uint8 pixels. The page fetches it and passes the
// bytes (parse_image_pack); the CLI reads a file (read_image_pack). Not a general image format.
//
// Format, all integers little-endian uint32 unless noted:
//   "GLIP" (4 bytes) | version = 1 | num_sets
//   per set: name_len | name (bytes) | classes_len | class names joined by '\n' (bytes)
//            channels | height | width | num_classes | n_train | n_test | max_value
//            train pixels (n_train x C x H x W uint8) | train labels (n_train uint8)
//            test pixels  (n_test x C x H x W uint8)  | test labels  (n_test uint8)
// Loaded pixels are scaled to [0, 1] as value / max_value (digits: max 16, Fashion-MNIST: 255); no mean
// subtraction (a BatchNorm row or the first layer's bias absorbs the offset).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/dataset.h"

namespace gl {

struct ImageSet {
  std::string name;  // "digits", "fashion"
  std::vector<std::string> class_names;
  int channels = 1, height = 0, width = 0, num_classes = 0, max_value = 255;
  int n_train = 0, n_test = 0;
  std::vector<uint8_t> train_pixels, train_labels, test_pixels, test_labels;
};

struct ImagePack {
  std::vector<ImageSet> sets;
  const ImageSet* find(const std::string& name) const;
};

// Parses the bytes of a pack; throws EngineError naming the offset and field when truncated or malformed.
ImagePack parse_image_pack(const uint8_t* bytes, size_t size);
ImagePack read_image_pack(const std::string& path);

// Dataset from one set of the pack; max_train / max_test > 0 keep only the first samples of each split
// (the packer interleaves classes, so prefixes stay close to balanced).
Dataset image_dataset(const ImagePack& pack, const std::string& set_name, int max_train = 0, int max_test = 0);

}  // namespace gl
