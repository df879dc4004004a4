// A problem's place in words: in the csv and table formats (problems.h), and
// as the line `perdiem check` writes on standard error (problem_text,
// include/perdiem/writer.h).
#include "problems.h"

#include "perdiem/writer.h"
#include "text_out.h"

namespace perdiem {

namespace output {

void write_problem_location(OutBuffer& out, const Problem& p) {
  if (p.segment == 0 && p.offset == 0 && p.element.empty()) return;
  out.write(" (");
  bool any = false;
  if (p.segment != 0) {
    out.write("segment ");
    output::write_uint(out, p.segment);
    any = true;
  }
  if (p.segment != 0 || p.offset != 0) {
    out.write(any ? ", offset " : "offset ");
    output::write_uint(out, p.offset);
    any = true;
  }
  if (!p.element.empty()) {
    if (any) out.write(", ");
    out.write(p.element);
  }
  out.put(')');
}

void append_problem_location(std::string& out, const Problem& p) {
  OutBuffer buf(out);
  write_problem_location(buf, p);
}

}  // namespace output

std::string problem_text(std::string_view file, const Problem& p) {
  std::string s(file);
  if (p.segment) s += ": segment " + std::to_string(p.segment);
  s += ", byte " + std::to_string(p.offset);
  if (!p.element.empty()) s += " (" + p.element + ")";
  s += p.severity == Severity::kWarning ? ": warning: " : ": ";
  s += p.message;
  return s;
}

}  // namespace perdiem
