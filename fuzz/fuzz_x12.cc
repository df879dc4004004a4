// libFuzzer target: the X12 837P reader, then the engine and the JSON writer
// on every claim it hands over. See fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  perdiem::fuzz::shared_engine();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const perdiem::ReadLimits limits = perdiem::fuzz::small_limits();
  perdiem::fuzz::CheckingSink sink(&perdiem::fuzz::shared_engine(), size);
  perdiem::read_x12(in, "fuzz.837", sink, limits);
  // The same bytes through format detection (BOM, banner, UTF-16, JSON).
  perdiem::fuzz::CheckingSink sink2(nullptr, size);
  perdiem::read_input(in, "fuzz.in", sink2, limits);
  if (sink.claims + sink.file_problems == 0 && sink2.claims + sink2.file_problems == 0)
    perdiem::fuzz::fail("an input produced neither a claim nor a file problem");
  return 0;
}
