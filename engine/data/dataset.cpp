// make_dataset() dispatch, the stratified split shared by every generator, points placed by hand, and the
// table of data set names. The generators themselves live in toy2d.cpp, video.cpp, sequences.cpp and
// image_pack.cpp.
#include "engine/data/dataset.h"

#include <cmath>
#include <limits>
#include <numeric>

#include "engine/core/check.h"
#include "engine/data/generators.h"
#include "engine/data/image_pack.h"

namespace gl {

namespace {

const char* const kKindNames[] = {"spirals", "circles", "xor",   "blobs", "moons", "linear", "hand2d",
                                  "digits",  "fashion", "video", "sine",  "adding", "copy", "chartext"};
static_assert(sizeof(kKindNames) / sizeof(kKindNames[0]) == static_cast<size_t>(DataKind::Count));

void shuffle(std::vector<int>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(static_cast<uint32_t>(i))]);
}

// Copies the listed samples of s into (x, y) tensors.
void gather(const data_detail::Samples& s, const std::vector<int>& idx, Tensor& x, Tensor& y) {
  const int64_t xs = s.sample_shape.numel(), ys = s.target_shape.numel();
  x.resize(s.sample_shape.with_batch(static_cast<int>(idx.size())));
  y.resize(s.target_shape.with_batch(static_cast<int>(idx.size())));
  for (size_t i = 0; i < idx.size(); ++i) {
    std::copy_n(s.x.begin() + idx[i] * xs, xs, x.data() + static_cast<int64_t>(i) * xs);
    std::copy_n(s.y.begin() + idx[i] * ys, ys, y.data() + static_cast<int64_t>(i) * ys);
  }
}

void check_2d(const Dataset& ds, const char* what) {
  NN_CHECK(is_2d_kind(ds.kind) && ds.sample_shape() == Shape{2}, what, ": data set '", ds.name,
           "' is not a 2D point set (sample shape ", ds.sample_shape().str(), ")");
}

}  // namespace

namespace data_detail {

void split_into(Dataset& ds, const Samples& s, float train_frac, Rng& rng) {
  NN_CHECK(train_frac > 0.0f && train_frac <= 1.0f, ds.name, ": train_frac ", train_frac, " must be in (0, 1]");
  NN_CHECK(static_cast<int64_t>(s.x.size()) == s.n * s.sample_shape.numel() &&
               static_cast<int64_t>(s.y.size()) == s.n * s.target_shape.numel(),
           ds.name, ": generator produced ", s.x.size(), " inputs / ", s.y.size(), " targets for ", s.n, " samples");
  std::vector<int> train, test;
  if (ds.num_classes > 0) {
    std::vector<std::vector<int>> by_class(static_cast<size_t>(ds.num_classes));
    for (int i = 0; i < s.n; ++i) {
      int c = static_cast<int>(s.y[static_cast<size_t>(i)]);
      NN_CHECK(c >= 0 && c < ds.num_classes, ds.name, ": class ", c, " out of range");
      by_class[static_cast<size_t>(c)].push_back(i);
    }
    for (auto& members : by_class) {
      shuffle(members, rng);
      size_t cut = static_cast<size_t>(std::lround(train_frac * static_cast<double>(members.size())));
      train.insert(train.end(), members.begin(), members.begin() + static_cast<long>(cut));
      test.insert(test.end(), members.begin() + static_cast<long>(cut), members.end());
    }
  } else {
    std::vector<int> all(static_cast<size_t>(s.n));
    std::iota(all.begin(), all.end(), 0);
    shuffle(all, rng);
    size_t cut = static_cast<size_t>(std::lround(train_frac * static_cast<double>(s.n)));
    train.assign(all.begin(), all.begin() + static_cast<long>(cut));
    test.assign(all.begin() + static_cast<long>(cut), all.end());
  }
  shuffle(train, rng);
  shuffle(test, rng);
  gather(s, train, ds.x_train, ds.y_train);
  gather(s, test, ds.x_test, ds.y_test);
}

}  // namespace data_detail

Dataset make_dataset(const DataDesc& desc, const ImagePack* pack) {
  switch (desc.kind) {
    case DataKind::Spirals:
    case DataKind::Circles:
    case DataKind::Xor:
    case DataKind::Blobs:
    case DataKind::Moons:
    case DataKind::Linear:
    case DataKind::Hand2D:
      return data_detail::make_toy2d(desc);
    case DataKind::Digits:
    case DataKind::FashionMnist: {
      const char* set_name = desc.kind == DataKind::Digits ? "digits" : "fashion";
      if (pack) return image_dataset(*pack, set_name, desc.max_train, desc.max_test);
      NN_CHECK(!desc.pack_path.empty(), set_name, ": no image pack given (set the pack path; build it with ",
               "engine/data/pack_images.py)");
      ImagePack loaded = read_image_pack(desc.pack_path);
      return image_dataset(loaded, set_name, desc.max_train, desc.max_test);
    }
    case DataKind::VideoMotion:
      return data_detail::make_video(desc);
    case DataKind::Sine:
    case DataKind::Adding:
    case DataKind::Copy:
    case DataKind::CharText:
      return data_detail::make_sequence(desc);
    case DataKind::Count:
      break;
  }
  NN_CHECK(false, "make_dataset: unknown data kind ", static_cast<int>(desc.kind));
  return {};
}

void add_point(Dataset& ds, float x1, float x2, int cls, Split split) {
  check_2d(ds, "add_point");
  NN_CHECK(cls >= 0 && cls < ds.num_classes, "add_point: class ", cls, " out of range for '", ds.name, "' with ",
           ds.num_classes, " classes");
  NN_CHECK(std::isfinite(x1) && std::isfinite(x2), "add_point: coordinates must be finite");
  Tensor& x = split == Split::Train ? ds.x_train : ds.x_test;
  Tensor& y = split == Split::Train ? ds.y_train : ds.y_test;
  const int n = x.dim(0);
  x.vec().push_back(x1);
  x.vec().push_back(x2);
  y.vec().push_back(static_cast<float>(cls));
  // Re-stamp the shapes (resize keeps the contents when the size already matches).
  x.resize(Shape{n + 1, 2});
  y.resize(Shape{n + 1});
}

void remove_point(Dataset& ds, int index, Split split) {
  check_2d(ds, "remove_point");
  Tensor& x = split == Split::Train ? ds.x_train : ds.x_test;
  Tensor& y = split == Split::Train ? ds.y_train : ds.y_test;
  const int n = x.dim(0);
  NN_CHECK(index >= 0 && index < n, "remove_point: index ", index, " out of range (", n, " points in the ",
           split == Split::Train ? "train" : "test", " split)");
  x.vec().erase(x.vec().begin() + 2L * index, x.vec().begin() + 2L * index + 2);
  y.vec().erase(y.vec().begin() + index);
  x.resize(Shape{n - 1, 2});
  y.resize(Shape{n - 1});
}

bool remove_nearest_point(Dataset& ds, float x1, float x2, float radius, Split split) {
  check_2d(ds, "remove_nearest_point");
  const Tensor& x = ds.x(split);
  int best = -1;
  float best_d2 = radius * radius;
  for (int i = 0; i < x.dim(0); ++i) {
    float dx = x[2 * i] - x1, dy = x[2 * i + 1] - x2, d2 = dx * dx + dy * dy;
    if (d2 <= best_d2) best = i, best_d2 = d2;
  }
  if (best < 0) return false;
  remove_point(ds, best, split);
  return true;
}

std::vector<int> class_counts(const Dataset& ds, Split split) {
  NN_CHECK(ds.is_classification(), "class_counts: '", ds.name, "' is a regression set");
  std::vector<int> counts(static_cast<size_t>(ds.num_classes), 0);
  const Tensor& y = ds.y(split);
  for (int64_t i = 0; i < y.size(); ++i) {
    int c = static_cast<int>(y[i]);
    if (c >= 0 && c < ds.num_classes) ++counts[static_cast<size_t>(c)];
  }
  return counts;
}

const char* data_kind_name(DataKind k) { return kKindNames[static_cast<int>(k)]; }

DataKind parse_data_kind(const std::string& name) {
  std::string valid;
  for (int i = 0; i < static_cast<int>(DataKind::Count); ++i) {
    if (name == kKindNames[i]) return static_cast<DataKind>(i);
    valid += (i ? ", " : "") + std::string(kKindNames[i]);
  }
  NN_CHECK(false, "unknown data set '", name, "' (valid: ", valid, ")");
  return DataKind::Count;
}

bool is_2d_kind(DataKind k) { return static_cast<int>(k) <= static_cast<int>(DataKind::Hand2D); }

}  // namespace gl
