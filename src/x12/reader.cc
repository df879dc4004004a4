// PLACEHOLDER while the X12 reader is written (replaced in this change).
#include "perdiem/input.h"
namespace perdiem {
void read_x12(std::string_view, std::string_view, ClaimSink& sink, const ReadLimits&) {
  Problem p; p.message = "X12 reader not built yet"; sink.on_file_problem(p);
}
}  // namespace perdiem
