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

// A place in text that could not be read as segments (an interchange whose
// ISA is unusable, text outside any interchange, a segment that swallowed
// others) where a CLM segment seems to begin, so that the claim is still
// reported: "CLM" at the start of the text, or after a line break or
// punctuation (blanks between are allowed), followed by a separator byte
// (not a letter, digit or blank) other than the byte before it.
struct ClmStart {
  size_t offset = 0;             // of the 'C'
  std::string_view claim_id;     // up to the next separator; empty unless printable
};
// The first such place in data[pos, end); false when there is none.
bool next_clm_start(std::string_view data, size_t pos, size_t end, ClmStart& out);

// True when text[0..] is a segment id that 837 files use (ST, NM1, CLM, SV1,
// ...) followed by `element`: a line break before it means the line break
// ended a segment.
bool starts_known_segment(std::string_view text, char element);

// Short, printable rendering of an input value for a message: at most 40
// bytes, control and non-ASCII bytes shown as '?', in single quotes.
std::string quote(std::string_view value);

// A claim value for a message. Member data must never reach a message, and a
// damaged or misaligned file can put a name, an id or a birth date where a
// code, a date or a number belongs, so by default only a plain number (a
// sign, digits, one point) is quoted; anything else is described by its
// length: "[value of 5 bytes, not shown]". With `echo`
// (ReadLimits::echo_values, local debugging) every value is quoted.
std::string quote_value(std::string_view value, bool echo);
// A sign, digits and at most one point, with at least one digit.
bool plain_number(std::string_view s);

}  // namespace perdiem::x12
