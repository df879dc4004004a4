// libFuzzer target: the policy pack loader (pack.toml, drugs.csv, ndc.csv).
// The input is the three files' text separated by lines "=====" (a missing
// part is empty). When a mutated pack still loads, the example claims are
// checked with it, so rules meet packs with odd sets, lists and messages.
// See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "fuzz_common.h"
#include "policy/pack_text.h"

namespace {

std::vector<perdiem::Claim>* claims = nullptr;
std::vector<std::string>* claim_texts = nullptr;

struct Keep : perdiem::ClaimSink {
  std::vector<perdiem::Claim>& out;
  explicit Keep(std::vector<perdiem::Claim>& o) : out(o) {}
  void on_claim(perdiem::Claim&& c) override { out.push_back(std::move(c)); }
  void on_file_problem(const perdiem::Problem&) override {}
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  claims = new std::vector<perdiem::Claim>;
  claim_texts = new std::vector<std::string>;
  const std::string src = PERDIEM_SOURCE_DIR;
  // Every rule's example claim and the example files: claims that fire every rule.
  auto packs = perdiem::fuzz::builtin_pack();
  for (const auto& r : packs->latest().rules)
    if (!r.example.empty()) claim_texts->push_back(r.example);
  claim_texts->push_back(slurp(src + "/examples/claims.json"));
  claim_texts->push_back(slurp(src + "/examples/home-infusion.837"));
  for (const auto& t : *claim_texts) {
    Keep keep(*claims);
    perdiem::read_input(t, "example", keep);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string parts[3];
  size_t start = 0;
  for (int i = 0; i < 3 && start <= in.size(); ++i) {
    const size_t sep = i < 2 ? in.find("\n=====\n", start) : std::string_view::npos;
    if (sep == std::string_view::npos) {
      parts[i] = std::string(in.substr(start));
      break;
    }
    parts[i] = std::string(in.substr(start, sep - start));
    start = sep + 7;
  }
  std::vector<perdiem::PackError> errors;
  auto packs = perdiem::load_pack_text(parts[0], parts[1], parts[2], errors);
  if (!packs) {
    if (errors.empty()) perdiem::fuzz::fail("a pack was refused without an error");
    for (const auto& e : errors)
      if (e.message.empty()) perdiem::fuzz::fail("a pack error without a message");
    return 0;
  }
  if (!errors.empty()) perdiem::fuzz::fail("a pack loaded with errors");
  const perdiem::Engine engine(packs);
  perdiem::fuzz::CheckingSink sink(&engine, SIZE_MAX);
  for (const auto& c : *claims) {
    sink.new_input();  // the claims come from several inputs
    sink.check(c);
  }
  return 0;
}
