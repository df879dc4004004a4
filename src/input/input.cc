// Format detection and dispatch to the X12 and JSON readers.
#include "perdiem/input.h"

namespace perdiem {
namespace {

std::string_view skip_bom_and_space(std::string_view d) {
  if (d.size() >= 3 && static_cast<unsigned char>(d[0]) == 0xEF &&
      static_cast<unsigned char>(d[1]) == 0xBB && static_cast<unsigned char>(d[2]) == 0xBF)
    d.remove_prefix(3);
  size_t i = 0;
  while (i < d.size() && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n')) ++i;
  return d.substr(i);
}

// True when a second top-level JSON value starts on a later line: NDJSON.
// Scans the first value with a string-aware bracket counter.
bool has_second_value(std::string_view d) {
  int depth = 0;
  bool in_string = false, escaped = false;
  size_t i = 0;
  for (; i < d.size(); ++i) {
    const char c = d[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) { ++i; break; }
  }
  for (; i < d.size(); ++i) {
    const char c = d[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

}  // namespace

const char* format_name(InputFormat f) {
  switch (f) {
    case InputFormat::kX12: return "x12";
    case InputFormat::kJson: return "json";
    case InputFormat::kNdjson: return "ndjson";
    case InputFormat::kUnknown: break;
  }
  return "unknown";
}

InputFormat detect_format(std::string_view data) {
  const std::string_view d = skip_bom_and_space(data);
  if (d.size() >= 3 && d.substr(0, 3) == "ISA") return InputFormat::kX12;
  if (d.empty()) return InputFormat::kUnknown;
  if (d[0] == '[') return InputFormat::kJson;
  if (d[0] == '{') return has_second_value(d) ? InputFormat::kNdjson : InputFormat::kJson;
  // Some senders put a banner before the interchange; X12 still starts at "ISA".
  const size_t isa = d.find("ISA");
  if (isa != std::string_view::npos && isa < 1024) return InputFormat::kX12;
  return InputFormat::kUnknown;
}

InputFormat read_input(std::string_view data, std::string_view file, ClaimSink& sink,
                       const ReadLimits& limits) {
  const InputFormat f = detect_format(data);
  switch (f) {
    case InputFormat::kX12: read_x12(data, file, sink, limits); break;
    case InputFormat::kJson: read_json(data, file, sink, false, limits); break;
    case InputFormat::kNdjson: read_json(data, file, sink, true, limits); break;
    case InputFormat::kUnknown: {
      Problem p;
      p.message = data.empty() ? "the input is empty"
                               : "the input is not X12 (it does not begin with ISA), JSON or NDJSON";
      sink.on_file_problem(p);
      break;
    }
  }
  return f;
}

}  // namespace perdiem
