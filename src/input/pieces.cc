// The piece reader's interface (input/pieces.h): which reader reads an input
// in pieces (X12 is the one format that can be), and reading the pieces one
// after another on one thread, as the pipeline does on many.
#include "input/pieces.h"

#include <variant>
#include <vector>

#include "x12/pieces.h"

namespace perdiem {

std::unique_ptr<PieceReader> PieceReader::plan(std::string_view data, std::string_view file,
                                               const ReadLimits& limits, size_t piece_bytes) {
  return x12::X12PieceReader::plan(data, file, limits, piece_bytes);
}

size_t PieceReader::read_one_by_one(ClaimSink& sink) {
  // One piece's claims and file problems, in order, until it is accepted.
  struct Held : ClaimSink {
    std::vector<std::variant<Claim, Problem>> items;
    void on_claim(Claim&& c) override { items.emplace_back(std::move(c)); }
    void on_file_problem(const Problem& p) override { items.emplace_back(p); }
  } held;
  for (size_t i = 0; i < pieces(); ++i) {
    held.items.clear();
    PieceResult r;
    read(i, held, r);
    if (!accept(i, r)) {
      abandon();
      read_rest(sink);
      return i;
    }
    for (auto& item : held.items) {
      if (auto* c = std::get_if<Claim>(&item)) sink.on_claim(std::move(*c));
      else sink.on_file_problem(std::get<Problem>(item));
    }
  }
  return pieces();
}

}  // namespace perdiem
