// X12 lexical layer, private to the X12 reader: the ISA header (which declares
// the delimiters), segment and composite splitting. Nothing here allocates
// except split_elements(), which reuses the caller's vector.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace perdiem::x12 {

struct Delimiters {
  char element = '*';
  char component = ':';
  char segment = '~';
  char repetition = 0;  // ISA11 when it is a separator (5010); 0 when it is a code ('U')
};

// What parse_isa() read from an interchange header.
struct IsaHeader {
  Delimiters delims;
  size_t length = 0;            // bytes from "ISA" through its segment terminator
  bool standard_length = true;  // the ISA is the standard 106 bytes
  std::string_view control;     // ISA13, the interchange control number
};

// Reads the ISA at data[pos]. REQUIRES: data.substr(pos, 3) == "ISA".
// The delimiters are found by counting ISA elements: ISA16 (the component
// separator) follows the 16th element separator and the segment terminator
// follows ISA16. For a well-formed 106-byte ISA that is bytes 104 and 105 as the
// standard says; counting also reads an ISA whose fixed-width fields are padded
// wrongly. Returns false, with a plain reason in *why, when the header is cut
// off or its delimiters are unusable (letters, digits, spaces, or one character
// in two roles).
bool parse_isa(std::string_view data, size_t pos, IsaHeader& out, std::string* why);

// True when data[pos] starts an ISA segment: "ISA" followed by a byte that can
// be an element separator.
bool starts_isa(std::string_view data, size_t pos);

// Position of the next "ISA" at or after pos that starts an ISA segment and is
// not the tail of a longer word; npos when there is none.
size_t find_isa(std::string_view data, size_t pos);

// Splits a segment at `sep` into out (out[0] is the segment id). Keeps at most
// max_elements entries; anything beyond is ignored. Reuses out's capacity.
void split_elements(std::string_view segment, char sep, std::vector<std::string_view>& out,
                    size_t max_elements);

// Component `index` (1-based) of a composite element; empty when absent.
std::string_view component(std::string_view element, char sep, size_t index);

// A segment id: 2 or 3 upper-case letters or digits, beginning with a letter.
bool is_segment_id(std::string_view id);

// Short, printable rendering of an input value for a message: at most 40
// bytes, control and non-ASCII bytes shown as '?', in single quotes.
std::string quote(std::string_view value);

}  // namespace perdiem::x12
