// Short markdown as exercises write it: paragraphs (blank line), "- " list items, **bold**, `code` and
// *emphasis*, word-wrapped to the window. Not a markdown engine: no headings, links, tables or nesting.
#pragma once
#include <string>
#include <vector>

namespace gl::ui {

enum class SpanStyle { Plain, Bold, Code, Emphasis };
struct Span {
  std::string text;
  SpanStyle style = SpanStyle::Plain;
};
struct MdBlock {
  bool bullet = false;  // a "- " list item
  std::vector<Span> spans;
};

// Splits text into blocks and inline spans (the markers removed; an unmatched marker stays as text).
std::vector<MdBlock> parse_markdown(const std::string& text);
// Draws the blocks, wrapping words at the window's right edge.
void draw_markdown(const std::string& text);

}  // namespace gl::ui
