// Private to the writers: where a problem is, in words, as the csv and
// table formats write it after the message: " (segment 21, offset 1034, SV104)".
#pragma once

#include <string>

#include "out_buffer.h"
#include "perdiem/problem.h"

namespace perdiem::output {

// Nothing when the problem has no place (segment, offset and element unset).
void write_problem_location(OutBuffer& out, const Problem& p);
void append_problem_location(std::string& out, const Problem& p);

}  // namespace perdiem::output
