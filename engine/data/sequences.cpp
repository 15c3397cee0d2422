// Sequence tasks for recurrent nets, X: N x T x D. Sine continuation and the adding problem are regressions;
// copy/recall and next-character prediction are classifications. All generated from a seed.
// Not here: variable-length sequences or per-step targets (every task predicts after the last step).
#include <algorithm>
#include <cmath>

#include "engine/core/check.h"
#include "engine/data/generators.h"

namespace gl::data_detail {

namespace {

constexpr float kPi = 3.14159265358979f;

// x_t = a sin(2 pi f t + phi) + noise for t < T; targets are the next P clean values.
// f ~ U(0.03, 0.15) cycles per step, a ~ U(0.5, 1), phi ~ U(0, 2 pi).
void make_sine(const DataDesc& desc, Samples& s, Rng& rng) {
  const int T = desc.seq_len, P = desc.predict_steps;
  NN_CHECK(P >= 1 && P <= 32, "sine: predict_steps ", P, " must be in [1, 32]");
  s.sample_shape = Shape{T, 1};
  s.target_shape = Shape{P};
  for (int i = 0; i < s.n; ++i) {
    float f = rng.uniform(0.03f, 0.15f), a = rng.uniform(0.5f, 1.0f), phi = rng.uniform(0.0f, 2.0f * kPi);
    for (int t = 0; t < T + P; ++t) {
      float v = a * std::sin(2.0f * kPi * f * static_cast<float>(t) + phi);
      if (t < T)
        s.x.push_back(v + desc.noise * rng.normal());
      else
        s.y.push_back(v);
    }
  }
}

// The adding problem as in Hochreiter & Schmidhuber (1997): T steps of (value ~ U(0, 1), marker). One marker
// sits in the first max(1, T/10) steps, the other in [T/10, T/2), so both values must be carried at least
// T/2 steps. Target = sum of the two marked values (mean 1, variance 1/6: predicting 1 gives MSE 0.167).
void make_adding(const DataDesc& desc, Samples& s, Rng& rng) {
  const int T = desc.seq_len;
  NN_CHECK(T >= 4, "adding: seq_len ", T, " must be >= 4");
  s.sample_shape = Shape{T, 2};
  s.target_shape = Shape{1};
  const int first_end = std::max(1, T / 10), second_end = std::max(first_end + 1, T / 2);
  for (int i = 0; i < s.n; ++i) {
    int m1 = static_cast<int>(rng.below(static_cast<uint32_t>(first_end)));
    int m2 = first_end + static_cast<int>(rng.below(static_cast<uint32_t>(second_end - first_end)));
    float sum = 0.0f;
    for (int t = 0; t < T; ++t) {
      float v = rng.uniform();
      bool marked = t == m1 || t == m2;
      if (marked) sum += v;
      s.x.push_back(v);
      s.x.push_back(marked ? 1.0f : 0.0f);
    }
    s.y.push_back(sum);
  }
}

// Copy / recall: D = k + 1 channels. t = 0 shows the symbol (one-hot of k), t = 1..lag show random distractor
// symbols, t = lag + 1 raises the cue channel k. Target = the symbol of t = 0 (chance = 1 / k).
void make_copy(const DataDesc& desc, Samples& s, Rng& rng) {
  const int k = desc.num_classes, lag = desc.lag, T = lag + 2, D = k + 1;
  NN_CHECK(k >= 2 && k <= 32, "copy: num_classes ", k, " must be in [2, 32]");
  NN_CHECK(lag >= 0 && lag <= 200, "copy: lag ", lag, " must be in [0, 200]");
  s.sample_shape = Shape{T, D};
  s.target_shape = Shape{};
  s.x.assign(static_cast<size_t>(s.n) * T * D, 0.0f);
  for (int i = 0; i < s.n; ++i) {
    float* seq = s.x.data() + static_cast<int64_t>(i) * T * D;  // T x D
    const int sym = i % k;                                      // equal class counts
    seq[sym] = 1.0f;
    for (int t = 1; t <= lag; ++t) seq[t * D + static_cast<int>(rng.below(static_cast<uint32_t>(k)))] = 1.0f;
    seq[(T - 1) * D + k] = 1.0f;
    s.y.push_back(static_cast<float>(sym));
  }
}

// Next character: windows of T one-hot characters (D = vocabulary size) -> the following character. The split
// is by position in the text (train windows end before the cut, test windows start after it) so overlapping
// windows never leak across; num_samples caps the number of windows (evenly spaced starts).
Dataset make_chartext(const DataDesc& desc, Rng& rng) {
  const std::string& text = char_corpus();
  const int T = desc.seq_len;
  NN_CHECK(T >= 1 && T <= 200, "chartext: seq_len ", T, " must be in [1, 200]");
  std::string vocab = text;
  std::sort(vocab.begin(), vocab.end());
  vocab.erase(std::unique(vocab.begin(), vocab.end()), vocab.end());
  const int V = static_cast<int>(vocab.size());
  Dataset ds;
  ds.kind = DataKind::CharText;
  ds.name = data_kind_name(ds.kind);
  ds.num_classes = V;
  for (char c : vocab) ds.class_names.push_back(c == '\n' ? "\\n" : std::string(1, c));
  auto index_of = [&](char c) { return static_cast<int>(std::lower_bound(vocab.begin(), vocab.end(), c) - vocab.begin()); };

  const int L = static_cast<int>(text.size());
  const int cut = static_cast<int>(desc.train_frac * static_cast<float>(L));
  NN_CHECK(cut > T + 1 && (desc.train_frac >= 1.0f || L - cut > T + 1), "chartext: train_frac ", desc.train_frac,
           " leaves a split shorter than seq_len ", T);
  // Window starting at p covers [p, p + T) and predicts text[p + T].
  std::vector<int> train_starts, test_starts;
  for (int p = 0; p + T < cut; ++p) train_starts.push_back(p);
  for (int p = cut; p + T < L; ++p) test_starts.push_back(p);
  const size_t cap = static_cast<size_t>(std::max(2, desc.num_samples));
  auto thin = [&](std::vector<int>& v, size_t keep) {
    if (v.size() <= keep) return;
    std::vector<int> out;
    for (size_t i = 0; i < keep; ++i) out.push_back(v[i * v.size() / keep]);
    v.swap(out);
  };
  size_t total = train_starts.size() + test_starts.size();
  if (total > cap) {
    thin(train_starts, std::max<size_t>(1, cap * train_starts.size() / total));
    thin(test_starts, std::max<size_t>(test_starts.empty() ? 0 : 1, cap * test_starts.size() / total));
  }
  for (size_t i = train_starts.size(); i > 1; --i) std::swap(train_starts[i - 1], train_starts[rng.below(static_cast<uint32_t>(i))]);
  auto fill = [&](const std::vector<int>& starts, Tensor& x, Tensor& y) {
    const int n = static_cast<int>(starts.size());
    x.resize(Shape{n, T, V});
    x.zero();
    y.resize(Shape{n});
    for (int i = 0; i < n; ++i) {
      const int p = starts[static_cast<size_t>(i)];
      for (int t = 0; t < T; ++t) x[(static_cast<int64_t>(i) * T + t) * V + index_of(text[static_cast<size_t>(p + t)])] = 1.0f;
      y[i] = static_cast<float>(index_of(text[static_cast<size_t>(p + T)]));
    }
  };
  fill(train_starts, ds.x_train, ds.y_train);
  fill(test_starts, ds.x_test, ds.y_test);
  return ds;
}

}  // namespace

Dataset make_sequence(const DataDesc& desc) {
  Rng rng(desc.seed);
  if (desc.kind == DataKind::CharText) return make_chartext(desc, rng);
  Dataset ds;
  ds.kind = desc.kind;
  ds.name = data_kind_name(desc.kind);
  NN_CHECK(desc.num_samples >= 4 && desc.num_samples <= 100000, ds.name, ": num_samples ", desc.num_samples,
           " must be in [4, 100000]");
  NN_CHECK(desc.seq_len >= 1 && desc.seq_len <= 1000, ds.name, ": seq_len ", desc.seq_len, " must be in [1, 1000]");
  NN_CHECK(desc.noise >= 0.0f && desc.noise <= 2.0f, ds.name, ": noise ", desc.noise, " must be in [0, 2]");
  Samples s;
  s.n = desc.num_samples;
  if (desc.kind == DataKind::Sine) {
    make_sine(desc, s, rng);
  } else if (desc.kind == DataKind::Adding) {
    make_adding(desc, s, rng);
  } else {
    ds.num_classes = desc.num_classes;
    for (int c = 0; c < desc.num_classes; ++c) ds.class_names.push_back("symbol " + std::to_string(c));
    make_copy(desc, s, rng);
  }
  split_into(ds, s, desc.train_frac, rng);
  return ds;
}

}  // namespace gl::data_detail
