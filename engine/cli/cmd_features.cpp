// `gradlab-cli features --data DIR [--set digits|fashion] [--classifier softmax|svm] [--steps N] [--json]`:
// the exam's "hand-made features vs raw pixels" question. Trains the same linear classifier on pixels, the
// intensity histogram, HOG and HOG + histogram of an image set from the pack and prints each test accuracy.
#include <cstdio>
#include <cstdlib>

#include "engine/classic/classifier.h"
#include "engine/classic/features.h"
#include "engine/cli/commands.h"
#include "engine/core/json.h"
#include "engine/data/dataset.h"

namespace gl::cli {

namespace {

int cmd_features(const std::vector<std::string>& args) {
  std::string dir, set = "digits", clf = "softmax";
  int steps = 3000;
  bool json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--json") json = true;
    else if (args[i] == "--data" && has_value) dir = args[++i];
    else if (args[i] == "--set" && has_value) set = args[++i];
    else if (args[i] == "--classifier" && has_value) clf = args[++i];
    else if (args[i] == "--steps" && has_value) steps = std::atoi(args[++i].c_str());
    else NN_CHECK(false, "features: unexpected argument '", args[i], "'");
  }
  NN_CHECK(!dir.empty(), "features: --data DIR (the folder holding images.glpack) is required");
  NN_CHECK(steps >= 1 && steps <= 1000000, "features: --steps must be in [1, 1000000]");
  NN_CHECK(clf == "softmax" || clf == "svm", "features: --classifier must be softmax or svm, not '", clf, "'");
  DataDesc dd;
  dd.kind = parse_data_kind(set == "fashion" ? "fashion" : set);
  NN_CHECK(dd.kind == DataKind::Digits || dd.kind == DataKind::FashionMnist, "features: --set must be digits or fashion");
  dd.pack_path = dir + "/images.glpack";
  const Dataset ds = make_dataset(dd);
  ClassicDesc cd;
  cd.kind = clf == "svm" ? ClassicKind::SVM : ClassicKind::Softmax;
  cd.optim.lr = 0.01f;
  Json rows = Json::array();
  if (!json) std::printf("%s, linear %s, %d SGD steps (batch %d, lr %g, reg %g), features standardised:\n", ds.name.c_str(),
                         clf.c_str(), steps, cd.batch_size, static_cast<double>(cd.optim.lr), static_cast<double>(cd.reg));
  for (FeatureKind k : {FeatureKind::Pixels, FeatureKind::Histogram, FeatureKind::HOG, FeatureKind::HOGHist}) {
    FeatureDesc fd;
    fd.kind = k;
    Tensor ftr, fte;
    prepare_features(ds.x_train, ds.x_test, fd, ftr, fte);
    auto c = make_classifier(cd);
    c->fit(ftr, ds.y_train, ds.num_classes);
    c->train_steps(steps);
    const float acc_train = c->accuracy(ftr, ds.y_train), acc_test = c->accuracy(fte, ds.y_test);
    if (json) {
      Json o = Json::object();
      o.set("features", feature_kind_name(k));
      o.set("dims", ftr.dim(1));
      o.set("acc_train", acc_train);
      o.set("acc_test", acc_test);
      rows.push(std::move(o));
    } else {
      std::printf("  %-8s %5d features   train %.3f   test %.3f\n", feature_kind_name(k), ftr.dim(1),
                  static_cast<double>(acc_train), static_cast<double>(acc_test));
    }
  }
  if (json) std::printf("%s\n", rows.dump().c_str());
  return 0;
}

static bool reg = register_command({"features", "features --data DIR [--set digits|fashion] [--classifier softmax|svm] [--steps N] [--json]", cmd_features});

}  // namespace

}  // namespace gl::cli
