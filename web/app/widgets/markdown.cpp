// Short markdown: block and span parsing, then word-by-word drawing (bold in a brighter colour, code in the
// monospace font, emphasis dimmed) with manual wrapping, since ImGui 1.86 has no rich text.
#include "web/app/widgets/markdown.h"

#include <imgui.h>

#include <cctype>
#include <sstream>

#include "web/app/widgets/ui_common.h"

namespace gl::ui {
namespace {

// Inline spans of one block's text.
std::vector<Span> parse_spans(const std::string& s) {
  std::vector<Span> out(1);
  size_t i = 0;
  auto close_of = [&](const std::string& marker) { return s.find(marker, i + marker.size()); };
  while (i < s.size()) {
    const std::string marker = s.compare(i, 2, "**") == 0 ? "**" : (s[i] == '`' || s[i] == '*') ? std::string(1, s[i]) : "";
    size_t close = marker.empty() ? std::string::npos : close_of(marker);
    // Emphasis hugs its text ("a * b * c" is arithmetic, not emphasis); code may hold anything.
    const bool hugs = close != std::string::npos && close > i + marker.size() &&
                      !std::isspace(static_cast<unsigned char>(s[i + marker.size()])) &&
                      !std::isspace(static_cast<unsigned char>(s[close - 1]));
    if (marker != "`" && !hugs) close = std::string::npos;
    if (close == std::string::npos || close == i + marker.size()) {
      out.back().text += s[i++];
      continue;
    }
    const SpanStyle st = marker == "**" ? SpanStyle::Bold : marker == "`" ? SpanStyle::Code : SpanStyle::Emphasis;
    out.push_back({s.substr(i + marker.size(), close - i - marker.size()), st});
    out.emplace_back();
    i = close + marker.size();
  }
  return out;
}

void draw_word(const std::string& word, SpanStyle style, bool& line_start, float space) {
  ImFont* mono = style == SpanStyle::Code ? mono_font() : nullptr;
  if (mono) ImGui::PushFont(mono);
  const float w = ImGui::CalcTextSize(word.c_str()).x;
  if (!line_start) {
    ImGui::SameLine(0, space);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
  }
  const ImVec4 color = style == SpanStyle::Bold ? ImVec4(1, 0.92f, 0.65f, 1)
                       : style == SpanStyle::Code ? ImVec4(0.6f, 0.85f, 1, 1)
                       : style == SpanStyle::Emphasis ? ImVec4(0.85f, 0.85f, 0.95f, 1)
                                                      : ImGui::GetStyleColorVec4(ImGuiCol_Text);
  ImGui::TextColored(color, "%s", word.c_str());
  if (mono) ImGui::PopFont();
  line_start = false;
}

}  // namespace

std::vector<MdBlock> parse_markdown(const std::string& text) {
  std::vector<MdBlock> blocks;
  std::istringstream in(text);
  std::string line, para;
  auto flush = [&]() {
    if (!para.empty()) blocks.push_back({false, parse_spans(para)});
    para.clear();
  };
  while (std::getline(in, line)) {
    const size_t a = line.find_first_not_of(" \t\r");
    if (a == std::string::npos) { flush(); continue; }
    if (line.compare(a, 2, "- ") == 0) {
      flush();
      blocks.push_back({true, parse_spans(line.substr(a + 2))});
      continue;
    }
    para += (para.empty() ? "" : " ") + line.substr(a);
  }
  flush();
  return blocks;
}

void draw_markdown(const std::string& text) {
  const float space = ImGui::CalcTextSize(" ").x;
  for (const MdBlock& b : parse_markdown(text)) {
    if (b.bullet) {
      ImGui::Bullet();  // keeps the cursor on its line
      ImGui::Indent(ImGui::GetTreeNodeToLabelSpacing());
    }
    bool line_start = true;
    for (const Span& sp : b.spans) {
      std::istringstream words(sp.text);
      std::string w;
      while (words >> w) draw_word(w, sp.style, line_start, space);
    }
    if (b.bullet) ImGui::Unindent(ImGui::GetTreeNodeToLabelSpacing());
    if (line_start) ImGui::NewLine();  // a block with no words
    if (!b.bullet) ImGui::Spacing();
  }
}

}  // namespace gl::ui
