// libFuzzer target: the JSON and NDJSON claim readers (both modes on every
// input), format detection, then the engine and the JSON writer on every
// claim. See fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  perdiem::fuzz::shared_engine();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  perdiem::ReadLimits limits = perdiem::fuzz::small_limits();
  limits.max_segment_bytes = 4096;
  limits.max_json_depth = 24;
  for (bool ndjson : {false, true}) {
    perdiem::fuzz::CheckingSink sink(&perdiem::fuzz::shared_engine(), size);
    perdiem::read_json(in, "fuzz.json", sink, ndjson, limits);
  }
  // Through format detection too (BOM, UTF-16, X12 without an ISA). Only an
  // empty array, or NDJSON of blank lines, may yield nothing at all.
  perdiem::fuzz::CheckingSink sink(nullptr, size);
  perdiem::read_input(in, "fuzz.in", sink, limits);
  return 0;
}
