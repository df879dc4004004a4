// libFuzzer target: reading X12 in pieces (src/input/pieces.h) must hand over
// exactly what reading it whole does, for ANY input. The first byte picks
// the piece size (16 to 1,036 bytes, so that small inputs are cut into many
// pieces); the second the limits whose counts run over the whole input
// (max_claims, and max_segment_bytes, which makes claims rescued from a
// segment too long to read): small ones, so that they are reached by small
// inputs at every kind of place; the rest is the input. The pieces are read
// one after another, accepted in order, and at the first one not accepted
// the rest is read as one, as the pipeline does on its threads. Every claim (id, place, spans,
// lines, problems) and every file problem must be the same, in the same order.
// See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "input/pieces.h"

namespace {

// What a reading hands over, as text: one line per claim or file problem.
struct Recorder : perdiem::ClaimSink {
  std::vector<std::string> seen;
  void on_claim(perdiem::Claim&& c) override {
    auto span = [](const perdiem::ByteSpan& b) {
      return std::to_string(b.begin) + "+" + std::to_string(b.size());
    };
    std::string s = "claim " + std::string(c.claim_id) + " @" + std::to_string(c.source.segment) +
                    "/" + std::to_string(c.source.offset) + " lines " + std::to_string(c.lines.size()) +
                    " member " + std::string(c.member_id) + " taxonomy " +
                    std::string(c.billing_taxonomy) + " span " + span(c.span) + " clm " +
                    span(c.x12.clm) + " segments " + std::to_string(c.x12.segments) + " st " +
                    std::to_string(c.x12.st_offset) + "/" + std::to_string(c.x12.st_segment);
    for (const auto& l : c.lines)
      s += " | " + std::string(l.code) + " " + std::to_string(l.source.segment) + " " +
           std::to_string(l.dates.from.days()) + "-" + std::to_string(l.dates.to.days()) + " " +
           std::to_string(l.charge.raw()) + " " + std::to_string(l.units.raw()) + " " +
           span(l.span) + " " + span(l.x12.sv1) + " " + span(l.x12.dtp472) + " " +
           std::to_string(l.x12.segments) + " " + std::string(l.x12.control_number);
    for (const auto& p : c.problems)
      s += " | " + std::to_string(p.segment) + "/" + std::to_string(p.offset) + " " + p.message;
    seen.push_back(std::move(s));
  }
  void on_file_problem(const perdiem::Problem& p) override {
    seen.push_back("file " + std::to_string(p.segment) + "/" + std::to_string(p.offset) + " " +
                   p.message);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t piece = 16 + size_t{data[0]} * 4;
  perdiem::ReadLimits limits = perdiem::fuzz::small_limits();
  // Low 6 bits: max_claims 1 to 63, or the usual 200 (63). High 2 bits:
  // max_segment_bytes 2,048 (0 and 3), 256 or 64.
  if ((data[1] & 63) != 63) limits.max_claims = 1 + (data[1] & 63);
  static constexpr uint64_t kSegmentBytes[4] = {2048, 256, 64, 2048};
  limits.max_segment_bytes = kSegmentBytes[data[1] >> 6];
  const std::string_view in(reinterpret_cast<const char*>(data) + 2, size - 2);

  Recorder whole;
  perdiem::read_x12(in, "fuzz.837", whole, limits);

  auto plan = perdiem::PieceReader::plan(in, "fuzz.837", limits, piece);
  if (!plan) return 0;  // not X12 of two pieces or more: read whole by the pipeline
  Recorder pieces;
  plan->read_one_by_one(pieces);
  if (pieces.seen != whole.seen) {
    size_t k = 0;
    while (k < pieces.seen.size() && k < whole.seen.size() && pieces.seen[k] == whole.seen[k]) ++k;
    perdiem::fuzz::fail("reading in pieces differs from reading whole",
                        "at item " + std::to_string(k) + "\n  pieces: " +
                            (k < pieces.seen.size() ? pieces.seen[k] : "(none)") + "\n  whole:  " +
                            (k < whole.seen.size() ? whole.seen[k] : "(none)"));
  }
  return 0;
}
