// ResultWriter::make(): the writer of each output format (writers.h). The
// formats themselves are in json_writer.cc (json, ndjson), csv_writer.cc and
// table_writer.cc; what every format shares is in line_view.h (a line as
// written), names.h and problems.h.
#include "writers.h"

namespace perdiem {

std::unique_ptr<ResultWriter> ResultWriter::make(OutputFormat format, const Pack& policy) {
  switch (format) {
    case OutputFormat::kJson: return output::make_json_writer(policy);
    case OutputFormat::kNdjson: return output::make_ndjson_writer();
    case OutputFormat::kTable: return output::make_table_writer(policy);
    case OutputFormat::kCsv: return output::make_csv_writer();
  }
  return output::make_json_writer(policy);
}

}  // namespace perdiem
