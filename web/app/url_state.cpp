// Percent-encoding and key=value parsing for the URL hash.
#include "web/app/url_state.h"

#include <cctype>

namespace gl {

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string o;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      o += static_cast<char>(c);
    } else {
      o += '%';
      o += hex[c >> 4];
      o += hex[c & 15];
    }
  }
  return o;
}

std::string url_decode(const std::string& s) {
  std::string o;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      o += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (s[i] == '+') {
      o += ' ';
    } else {
      o += s[i];
    }
  }
  return o;
}

UrlParams parse_hash(const std::string& hash) {
  UrlParams out;
  size_t i = (!hash.empty() && hash[0] == '#') ? 1 : 0;
  while (i < hash.size()) {
    size_t amp = hash.find('&', i);
    if (amp == std::string::npos) amp = hash.size();
    std::string kv = hash.substr(i, amp - i);
    size_t eq = kv.find('=');
    if (!kv.empty())
      out.emplace_back(url_decode(kv.substr(0, eq)), eq == std::string::npos ? "" : url_decode(kv.substr(eq + 1)));
    i = amp + 1;
  }
  return out;
}

std::string build_hash(const UrlParams& params) {
  std::string h = "#";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i) h += '&';
    h += url_encode(params[i].first) + "=" + url_encode(params[i].second);
  }
  return h;
}

const std::string* find_param(const UrlParams& params, const std::string& key) {
  for (const auto& kv : params)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

}  // namespace gl
