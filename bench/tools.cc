// perdiem-bench: the measurements bench/run.sh compares perdiem against.
//   perdiem-bench floor FILE   the physical floor: one pass over the mapped
//                              bytes counting segment terminators (memchr)
//   perdiem-bench parse FILE   the X12 reader alone: every claim read, none
//                              checked or written
//   perdiem-bench pieces FILE  the same, read in 1 MiB pieces one after
//                              another on one thread (input/pieces.h): the
//                              cost of cutting, surveying and predicting
//                              (a file whose pieces are not all accepted
//                              is refused)
// Each prints one line: "<mode> <bytes> <claims-or-segments> <seconds>".
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "perdiem/input.h"
#include "perdiem/pipeline.h"
#include "input/pieces.h"

namespace {

struct CountingSink : perdiem::ClaimSink {
  uint64_t claims = 0, lines = 0, problems = 0;
  void on_claim(perdiem::Claim&& c) override {
    ++claims;
    lines += c.lines.size();
  }
  void on_file_problem(const perdiem::Problem&) override { ++problems; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: perdiem-bench floor|parse FILE\n");
    return 64;
  }
  const std::string mode = argv[1];
  std::string error;
  auto in = perdiem::MappedInput::open(argv[2], error);
  if (!in) {
    std::fprintf(stderr, "perdiem-bench: %s\n", error.c_str());
    return 2;
  }
  const std::string_view data = in->data();
  const auto t0 = std::chrono::steady_clock::now();
  uint64_t count = 0;
  if (mode == "floor") {
    const char term = data.size() > 105 ? data[105] : '~';
    const char* p = data.data();
    const char* end = p + data.size();
    while ((p = static_cast<const char*>(std::memchr(p, term, static_cast<size_t>(end - p))))) {
      ++count;
      ++p;
    }
  } else if (mode == "parse") {
    CountingSink sink;
    perdiem::read_input(data, argv[2], sink);
    count = sink.claims;
  } else if (mode == "pieces") {
    auto plan = perdiem::PieceReader::plan(data, argv[2], {}, size_t{1} << 20);
    if (!plan) {
      std::fprintf(stderr, "perdiem-bench: %s cannot be read in pieces\n", argv[2]);
      return 2;
    }
    // Each piece straight into a count, taken when the piece is accepted (all
    // are, for generated files): read_one_by_one() would hold each piece's
    // claims until then, which costs more than reading them.
    for (size_t i = 0; i < plan->pieces(); ++i) {
      CountingSink piece;
      perdiem::PieceResult r;
      plan->read(i, piece, r);
      if (!plan->accept(i, r)) {
        std::fprintf(stderr, "perdiem-bench: piece %zu was not accepted\n", i);
        return 2;
      }
      count += piece.claims;
    }
  } else {
    std::fprintf(stderr, "perdiem-bench: unknown mode %s\n", mode.c_str());
    return 64;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s %zu %llu %.6f\n", mode.c_str(), data.size(), static_cast<unsigned long long>(count), secs);
  return 0;
}
