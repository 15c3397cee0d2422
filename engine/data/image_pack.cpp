// Reader for the image pack written by pack_images.py (format in image_pack.h) and its conversion into a
// Dataset with pixels scaled to [0, 1]. Reads from memory so the page can pass fetched bytes unchanged.
#include "engine/data/image_pack.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "engine/core/check.h"

namespace gl {

namespace {

class Reader {
 public:
  Reader(const uint8_t* p, size_t n, size_t start) : p_(p), n_(n), pos_(start) {}
  uint32_t u32(const char* field) {
    need(4, field);
    uint32_t v = static_cast<uint32_t>(p_[pos_]) | static_cast<uint32_t>(p_[pos_ + 1]) << 8 |
                 static_cast<uint32_t>(p_[pos_ + 2]) << 16 | static_cast<uint32_t>(p_[pos_ + 3]) << 24;
    pos_ += 4;
    return v;
  }
  // A u32 that must lie in [lo, hi].
  int bounded(const char* field, uint32_t lo, uint32_t hi) {
    size_t at = pos_;
    uint32_t v = u32(field);
    NN_CHECK(v >= lo && v <= hi, "image pack: ", field, " = ", v, " at offset ", at, " outside [", lo, ", ", hi, "]");
    return static_cast<int>(v);
  }
  std::string text(const char* field) {
    uint32_t len = u32(field);
    need(len, field);
    std::string s(reinterpret_cast<const char*>(p_ + pos_), len);
    pos_ += len;
    return s;
  }
  std::vector<uint8_t> bytes(size_t len, const char* field) {
    need(len, field);
    std::vector<uint8_t> v(p_ + pos_, p_ + pos_ + len);
    pos_ += len;
    return v;
  }

 private:
  void need(size_t k, const char* field) {
    NN_CHECK(k <= n_ - pos_, "image pack: truncated reading ", field, " at offset ", pos_, " (need ", k,
             " bytes, ", n_ - pos_, " left)");
  }
  const uint8_t* p_;
  size_t n_, pos_;
};

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void fill_split(const ImageSet& set, const std::vector<uint8_t>& pixels, const std::vector<uint8_t>& labels, int n,
                Tensor& x, Tensor& y) {
  const int64_t per = static_cast<int64_t>(set.channels) * set.height * set.width;
  x.resize(Shape{n, set.channels, set.height, set.width});
  y.resize(Shape{n});
  const float scale = 1.0f / static_cast<float>(set.max_value);
  for (int64_t i = 0; i < n * per; ++i) x[i] = static_cast<float>(pixels[static_cast<size_t>(i)]) * scale;
  for (int i = 0; i < n; ++i) y[i] = static_cast<float>(labels[static_cast<size_t>(i)]);
}

}  // namespace

const ImageSet* ImagePack::find(const std::string& name) const {
  for (const auto& s : sets)
    if (s.name == name) return &s;
  return nullptr;
}

ImagePack parse_image_pack(const uint8_t* bytes, size_t size) {
  NN_CHECK(size >= 4 && bytes[0] == 'G' && bytes[1] == 'L' && bytes[2] == 'I' && bytes[3] == 'P',
           "image pack: bad magic (expected \"GLIP\"; ", size, " bytes); rebuild it with engine/data/pack_images.py");
  Reader r(bytes, size, 4);  // offsets in messages count from the file start
  int version = static_cast<int>(r.u32("version"));
  NN_CHECK(version == 1, "image pack: version ", version, " not supported (expected 1)");
  int num_sets = r.bounded("num_sets", 0, 64);
  ImagePack pack;
  for (int k = 0; k < num_sets; ++k) {
    ImageSet s;
    s.name = r.text("set name");
    s.class_names = split_lines(r.text("class names"));
    s.channels = r.bounded("channels", 1, 4);
    s.height = r.bounded("height", 1, 512);
    s.width = r.bounded("width", 1, 512);
    s.num_classes = r.bounded("num_classes", 1, 255);
    s.n_train = r.bounded("n_train", 0, 1000000);
    s.n_test = r.bounded("n_test", 0, 1000000);
    s.max_value = r.bounded("max_value", 1, 255);
    NN_CHECK(static_cast<int>(s.class_names.size()) == s.num_classes, "image pack: set '", s.name, "' has ",
             s.class_names.size(), " class names for ", s.num_classes, " classes");
    const size_t per = static_cast<size_t>(s.channels) * static_cast<size_t>(s.height) * static_cast<size_t>(s.width);
    s.train_pixels = r.bytes(per * static_cast<size_t>(s.n_train), "train pixels");
    s.train_labels = r.bytes(static_cast<size_t>(s.n_train), "train labels");
    s.test_pixels = r.bytes(per * static_cast<size_t>(s.n_test), "test pixels");
    s.test_labels = r.bytes(static_cast<size_t>(s.n_test), "test labels");
    for (const auto* labels : {&s.train_labels, &s.test_labels})
      for (uint8_t c : *labels)
        NN_CHECK(c < s.num_classes, "image pack: set '", s.name, "' has label ", int(c), " >= ", s.num_classes);
    for (const auto* pixels : {&s.train_pixels, &s.test_pixels})
      for (uint8_t v : *pixels)
        NN_CHECK(v <= s.max_value, "image pack: set '", s.name, "' has pixel ", int(v), " > max ", s.max_value);
    pack.sets.push_back(std::move(s));
  }
  return pack;
}

ImagePack read_image_pack(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  NN_CHECK(f.good(), "image pack: cannot open '", path, "' (build it with: python3 engine/data/pack_images.py OUT_DIR)");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return parse_image_pack(bytes.data(), bytes.size());
}

Dataset image_dataset(const ImagePack& pack, const std::string& set_name, int max_train, int max_test) {
  const ImageSet* set = pack.find(set_name);
  if (!set) {
    std::string names;
    for (const auto& s : pack.sets) names += (names.empty() ? "" : ", ") + s.name;
    NN_CHECK(false, "image pack has no set '", set_name, "' (it has: ", names.empty() ? "none" : names, ")");
  }
  NN_CHECK(max_train >= 0 && max_test >= 0, set_name, ": max_train / max_test must be >= 0");
  Dataset ds;
  ds.name = set->name;
  ds.kind = set_name == "digits" ? DataKind::Digits : DataKind::FashionMnist;
  ds.num_classes = set->num_classes;
  ds.class_names = set->class_names;
  int n_train = max_train > 0 ? std::min(max_train, set->n_train) : set->n_train;
  int n_test = max_test > 0 ? std::min(max_test, set->n_test) : set->n_test;
  fill_split(*set, set->train_pixels, set->train_labels, n_train, ds.x_train, ds.y_train);
  fill_split(*set, set->test_pixels, set->test_labels, n_test, ds.x_test, ds.y_test);
  return ds;
}

}  // namespace gl
