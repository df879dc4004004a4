// Text-level JSON helpers of the claim reader, private to src/json, that
// need no parser: the RFC 8259 number grammar, UTF-8 validity, quoting text
// for messages, and the string-aware bracket scan that cuts claims apart
// before simdjson sees them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace perdiem::json {

constexpr size_t kNpos = std::string_view::npos;
// How much of a value echo_values quotes.
constexpr size_t kEchoBytes = 80;

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool json_number_ok(std::string_view s);

// Text in a string that is meant as a number: sign, digits, point, exponent.
bool looks_numeric(std::string_view s);

// Quotes text for a message: at most 40 bytes (cut on a UTF-8 boundary),
// quotes, backslashes and control characters escaped.
std::string quoted_text(std::string_view s);

// Offset of the first byte that is not valid UTF-8, or npos.
size_t first_invalid_utf8(std::string_view s);

// The end of the JSON value starting at d[i], found without validating it:
// strings are skipped honouring escapes, brackets are counted, and a scalar
// ends at ',', ']', '}' or whitespace. Also measures nesting: `outer` is the
// depth of the container holding the value.
struct ValueScan {
  size_t end = 0;
  size_t too_deep_at = kNpos;  // first bracket nested deeper than the limit
};

ValueScan scan_value(std::string_view d, size_t i, uint32_t outer, uint32_t max_depth);

// echo_values (local debugging only): " [value: '...']", the raw text at
// text[at...], printable ASCII only.
std::string echo(std::string_view text, size_t at);

// Best effort: the claim_id of a claim that could not be parsed, when it is a
// plain string ("claim_id" : "..." with printable ASCII and no escapes).
std::string_view sniff_claim_id(std::string_view text);

// Where the next "claim_id" key (followed by ':') is in text at or after
// `from`: a claim that text which could not be delimited still holds.
size_t next_claim_key(std::string_view text, size_t from);

}  // namespace perdiem::json
