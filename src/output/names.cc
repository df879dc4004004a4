// The result model's names (include/perdiem/result.h, writer.h): decisions,
// claim statuses and output formats, to text and back.
#include "names.h"

#include "perdiem/writer.h"

namespace perdiem {

using output::decision_text;
using output::kDecisionNames;
using output::status_text;

const char* decision_name(Decision d) { return decision_text(d).data(); }

bool parse_decision(std::string_view s, Decision& out) {
  for (size_t i = 0; i < kDecisionNames.size(); ++i) {
    if (s == kDecisionNames[i]) {
      out = static_cast<Decision>(i);
      return true;
    }
  }
  return false;
}

const char* status_name(ClaimStatus s) { return status_text(s).data(); }

bool parse_output_format(std::string_view s, OutputFormat& out) {
  if (s == "json") out = OutputFormat::kJson;
  else if (s == "ndjson") out = OutputFormat::kNdjson;
  else if (s == "table") out = OutputFormat::kTable;
  else if (s == "csv") out = OutputFormat::kCsv;
  else return false;
  return true;
}

}  // namespace perdiem
