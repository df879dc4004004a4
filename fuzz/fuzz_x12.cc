// libFuzzer target: the X12 837P reader, then the engine and the JSON writer
// on every claim it hands over. See fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"

namespace {
const perdiem::Engine* engine = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  engine = new perdiem::Engine(perdiem::fuzz::builtin_pack());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  // Small limits, so that the fuzzer reaches the limit paths with small inputs.
  perdiem::ReadLimits limits;
  limits.max_segment_bytes = 2048;
  limits.max_lines_per_claim = 40;
  limits.max_claims = 200;
  limits.max_input_bytes = 1 << 20;
  perdiem::fuzz::CheckingSink sink(engine, size);
  perdiem::read_x12(in, "fuzz.837", sink, limits);
  // The same bytes through format detection (BOM, banner, UTF-16, JSON).
  perdiem::fuzz::CheckingSink sink2(nullptr, size);
  perdiem::read_input(in, "fuzz.in", sink2, limits);
  if (sink.claims + sink.file_problems == 0 && sink2.claims + sink2.file_problems == 0)
    perdiem::fuzz::fail("an input produced neither a claim nor a file problem");
  return 0;
}
