// The check pipeline's names from before the check session: Pipeline is
// CheckSession (include/perdiem/check.h), which it grew into, and
// MappedInput is in include/perdiem/mapped_input.h. Kept so that code written
// against these names still builds; new code includes perdiem/check.h.
#pragma once

#include "perdiem/check.h"
#include "perdiem/mapped_input.h"

namespace perdiem {

using Pipeline = CheckSession;
using PipelineOptions = CheckSessionOptions;
using PipelineResult = CheckSummary;

}  // namespace perdiem
