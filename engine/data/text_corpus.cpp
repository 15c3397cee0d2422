// The built-in character-level corpus for next-character prediction: a few plain paragraphs about neural
// networks, written for GradLab (no third-party text). Lower case with simple punctuation keeps the
// vocabulary near 30 symbols. Not a benchmark corpus.
#include <string>

#include "engine/data/dataset.h"

namespace gl {

const std::string& char_corpus() {
  static const std::string text =
      "a neural network is a stack of simple functions. each layer takes a vector of numbers, multiplies it "
      "by a matrix of weights, adds a bias, and passes the result through a nonlinearity such as the "
      "rectified linear unit, which keeps positive values and replaces negative values with zero. without "
      "the nonlinearity the whole stack would collapse into a single matrix, and the network could only "
      "draw straight lines between the classes.\n"
      "the last layer produces one score for each class. the softmax function turns the scores into "
      "probabilities, and the loss measures how little probability the network gave to the correct class. "
      "a small loss means the network is confident and right; a large loss means it is confident and wrong, "
      "or simply unsure.\n"
      "learning means changing the weights so that the loss goes down. backpropagation computes the "
      "gradient of the loss with respect to every weight by applying the chain rule from the last layer "
      "back to the first. each layer only needs to know how its output changes when its input changes, so "
      "the gradient flows backwards through the network one layer at a time.\n"
      "gradient descent then takes a small step against the gradient. the size of the step is the learning "
      "rate. if the learning rate is too small, training crawls; if it is too large, the loss jumps around "
      "and may explode. momentum and adaptive methods such as adam smooth the steps and scale them for each "
      "weight, which often makes training faster and more forgiving.\n"
      "a network that memorizes the training set may still fail on new examples. regularization fights "
      "this: weight decay keeps the weights small, dropout switches off random units during training, and "
      "more data is the best cure of all. we watch the loss on a separate test set to see whether the "
      "network has learned the pattern or only the examples.\n"
      "convolutional networks share weights across space. a small filter slides over the image and responds "
      "to edges, corners and textures wherever they appear. pooling layers shrink the image so that deeper "
      "filters see a larger part of it. recurrent networks share weights across time instead: they read a "
      "sequence one step at a time and carry a hidden state from step to step. the long short term memory "
      "cell adds gates that decide what to keep, what to forget and what to write, which lets gradients "
      "travel across many steps without fading away.\n"
      "the best way to understand these ideas is to train a small network yourself, watch the loss fall, "
      "and then break it on purpose: raise the learning rate until it diverges, remove the nonlinearity, or "
      "shrink the data set until the network memorizes it. every failure teaches something about why the "
      "working version works.\n";
  return text;
}

}  // namespace gl
