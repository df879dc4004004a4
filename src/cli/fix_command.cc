// `perdiem fix`: the input with every mechanical fix applied (SPEC §6),
// a thin layer over the fix session (include/perdiem/fix.h).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "perdiem/fix.h"
#include "perdiem/writer.h"

namespace perdiem::cli {

namespace {

struct FixArgs {
  std::string input, pack_path, as_of, out_path, changes_path;
  unsigned threads = 0;
  ReadLimits limits;
};

int run_fix(const FixArgs& args) {
  CheckOptions options;
  if (!args.as_of.empty()) {
    options.as_of = Date::parse_iso(args.as_of);
    if (!options.as_of) {
      std::cerr << "perdiem: --as-of must be a date YYYY-MM-DD, not \"" << args.as_of << "\"\n";
      return kExitUsage;
    }
  }
  auto packs = load_or_report(args.pack_path);
  if (!packs) return kExitUsage;
  Engine engine(packs, options);

  FILE* out = stdout;
  if (!args.out_path.empty() && args.out_path != "-") {
    out = std::fopen(args.out_path.c_str(), "wb");
    if (!out) {
      std::cerr << "perdiem: cannot write " << args.out_path << "\n";
      return kExitUsage;
    }
  }
  std::unique_ptr<std::ofstream> changes;
  if (!args.changes_path.empty()) {
    changes = std::make_unique<std::ofstream>(args.changes_path, std::ios::binary | std::ios::trunc);
    if (!*changes) {
      std::cerr << "perdiem: cannot write " << args.changes_path << "\n";
      if (out != stdout) std::fclose(out);
      return kExitUsage;
    }
  }

  FixSessionOptions fo;
  fo.threads = args.threads;
  fo.limits = args.limits;
  fo.write = [out](std::string_view s) { return std::fwrite(s.data(), 1, s.size(), out) == s.size(); };
  if (changes) fo.on_change = [&changes](const FixChange& c) { *changes << change_json(c) << '\n'; };
  fo.on_notice = [](const FixNotice& n) { std::cerr << "perdiem: claim " << n.claim_id << ": " << n.message << "\n"; };
  fo.on_file_problem = [](std::string_view file, const Problem& p) {
    std::cerr << "perdiem: " << problem_text(file, p) << "\n";
  };
  FixSession session(engine, std::move(fo));
  session.add_file(args.input);
  FixSummary s = session.finish();
  if (std::fflush(out) != 0) s.write_failed = true;
  if (out != stdout) std::fclose(out);
  if (changes) {
    changes->flush();
    if (!*changes) s.write_failed = true;
  }
  if (s.write_failed) std::cerr << "perdiem: writing the corrected claims failed\n";
  std::cerr << "perdiem fix: " << s.input.totals.claims << " claims, " << s.claims_changed << " corrected ("
            << s.changes << (s.changes == 1 ? " change); " : " changes); ") << s.lines_not_paid_after
            << (s.lines_not_paid_after == 1 ? " line still needs" : " lines still need") << " a person";
  if (s.input.totals.rejected) std::cerr << "; " << s.input.totals.rejected << " claims could not be read (copied as sent)";
  std::cerr << "\n";
  return s.exit_status();
}

}  // namespace

Command add_fix_command(CLI::App& app) {
  auto args = std::make_shared<FixArgs>();
  CLI::App* fix = app.add_subcommand(
      "fix", "Write the claims with every mechanical fix applied, in the input's format (SPEC §6)");
  fix->add_option("--pack", args->pack_path, "policy pack folder (default: the built-in CPCP019 pack)");
  fix->add_option("--as-of", args->as_of, "apply the pack version in force on this date (YYYY-MM-DD)");
  fix->add_option("-o,--output", args->out_path, "write the corrected claims to this file instead of stdout");
  fix->add_option("--changes", args->changes_path, "also write one JSON object per change to this file");
  fix->add_option("--threads", args->threads, "worker threads (default: one per core; output is identical)");
  fix->add_option("--max-input-bytes", args->limits.max_input_bytes, "largest input file, in bytes (K, M, G suffixes)")
      ->transform(CLI::AsSizeValue(false));
  fix->add_option("input", args->input, "claim file (X12 837P, JSON or NDJSON; '-' reads stdin)")->required();
  return {fix, [args] { return run_fix(*args); }};
}

}  // namespace perdiem::cli
