// The app's shareable state as a URL hash: "key=value&key=value" with percent-encoding
// (e.g. #spec=INPUT%202%2CFC-16%2CFC-2&embed=1). Parsing never throws; unknown keys are kept and ignored.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace gl {

using UrlParams = std::vector<std::pair<std::string, std::string>>;

std::string url_encode(const std::string& s);
std::string url_decode(const std::string& s);
UrlParams parse_hash(const std::string& hash);  // leading '#' optional
std::string build_hash(const UrlParams& params);  // with the leading '#'
const std::string* find_param(const UrlParams& params, const std::string& key);

}  // namespace gl
