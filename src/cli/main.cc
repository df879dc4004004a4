// perdiem: the command-line front end. A thin layer over the engine library:
// argument parsing, files, messages. Claims are checked by a CheckSession
// (include/perdiem/check.h), which also computes the exit status.
#include <CLI/CLI.hpp>

#include <chrono>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "perdiem/engine.h"
#include "perdiem/generator.h"
#include "perdiem/input.h"
#include "perdiem/pack.h"
#include "perdiem/check.h"
#include "perdiem/server.h"
#include "perdiem/units.h"
#include "perdiem/writer.h"
#include "cli/commands.h"

namespace perdiem::cli {

// Loads the pack; says on stderr what is wrong with it, or, when it loads,
// what in it no rule it applies reads (docs/pack-format.md).
std::shared_ptr<const PackSet> load_or_report(const std::string& path) {
  std::vector<PackError> errors, warnings;
  auto packs = load_pack(path.empty() ? default_pack_path() : path, errors, &warnings);
  if (!packs) {
    std::cerr << "perdiem: the policy pack could not be loaded:\n";
    for (const auto& e : errors) std::cerr << "  " << e.text() << "\n";
    return packs;
  }
  for (const auto& w : warnings) std::cerr << "perdiem: warning: " << w.text() << "\n";
  return packs;
}

}  // namespace perdiem::cli

namespace {

using namespace perdiem;
using cli::load_or_report;


// Progress on stderr, only when stderr is a terminal and the run is long:
// bytes read, claims per second, and the time left.
class Progress {
 public:
  explicit Progress(uint64_t total_bytes)
      : enabled_(::isatty(STDERR_FILENO) != 0), total_(total_bytes), start_(Clock::now()), last_(start_) {}

  // `bytes` counts every byte of the inputs finished so far plus this one's position.
  void update(uint64_t claims, uint64_t bytes) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = bytes / secs;
    char line[160];
    if (total_ > 0 && rate > 0 && bytes <= total_) {
      const double left = (total_ - bytes) / rate;
      std::snprintf(line, sizeof line, "\rperdiem: %.0f of %.0f MB, %.0f claims/s, %.0f MB/s, %.0f s left   ",
                    bytes / 1e6, total_ / 1e6, claims / secs, rate / 1e6, left);
    } else {
      std::snprintf(line, sizeof line, "\rperdiem: %.0f MB, %.0f claims/s   ", bytes / 1e6, claims / secs);
    }
    std::fputs(line, stderr);
    shown_ = true;
  }

  // Clears the progress line, so that a message can take its place (the
  // next update writes the line again).
  void clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

  ~Progress() { clear(); }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_, shown_ = false;
  uint64_t total_;
  Clock::time_point start_, last_;
};

struct CheckArgs {
  std::vector<std::string> inputs;
  std::string format = "json", pack_path, as_of, out_path;
  unsigned threads = 0;
  size_t piece_bytes = size_t{1} << 20;
  ReadLimits limits;
};

int run_check(const CheckArgs& args) {
  OutputFormat format;
  if (!parse_output_format(args.format, format)) {
    std::cerr << "perdiem: --format must be json, ndjson, table or csv\n";
    return kExitUsage;
  }
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
  static char out_buffer[1 << 16];
  std::setvbuf(out, out_buffer, _IOFBF, sizeof out_buffer);

  // The inputs' sizes, for the progress line (standard input's is not known).
  uint64_t total_bytes = 0;
  for (const std::string& in : args.inputs) {
    struct stat st {};
    if (in != "-" && ::stat(in.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      total_bytes += static_cast<uint64_t>(st.st_size);
  }

  Progress progress(total_bytes);
  CheckSessionOptions so;
  so.threads = args.threads;
  so.piece_bytes = args.piece_bytes;
  so.format = format;
  so.limits = args.limits;
  so.write = [out](std::string_view s) { return std::fwrite(s.data(), 1, s.size(), out) == s.size(); };
  if (format != OutputFormat::kJson)
    so.on_file_problem = [&progress](std::string_view file, const Problem& p) {
      progress.clear();
      std::cerr << "perdiem: " << problem_text(file, p) << "\n";
    };
  so.on_progress = [&progress](uint64_t claims, uint64_t bytes) { progress.update(claims, bytes); };

  // A file that cannot be read is reported in its place; the others are still checked.
  CheckSession session(engine, std::move(so));
  for (const std::string& in : args.inputs) session.add_file(in);
  CheckSummary r = session.finish();
  if (std::fflush(out) != 0) r.write_failed = true;
  if (out != stdout) std::fclose(out);
  if (r.write_failed) std::cerr << "perdiem: writing the results failed\n";
  return r.exit_status();
}

int run_units(const std::string& every_text, const std::string& for_text) {
  std::string error;
  auto every = parse_interval(every_text, error);
  if (!every) {
    std::cerr << "perdiem: --every: " << error << "\n";
    return kExitUsage;
  }
  std::optional<Interval> duration;
  if (!for_text.empty()) {
    duration = parse_interval(for_text, error);
    if (!duration) {
      std::cerr << "perdiem: --for: " << error << "\n";
      return kExitUsage;
    }
  }
  const UnitsAnswer a = per_diem_units(*every, duration);
  std::cout << a.units;
  if (!a.per.empty()) std::cout << " (per " << a.per << ")";
  std::cout << "\n" << a.explanation << "\n";
  return 0;
}

std::string reason_codes(const RuleDef& r) {
  std::string s = r.group + "-" + r.carc;
  for (size_t i = 0; i < r.rarc.size(); ++i) s += (i ? "," : " / ") + r.rarc[i];
  return s;
}

int run_rules(const std::string& pack_path, const std::string& format) {
  auto packs = load_or_report(pack_path);
  if (!packs) return kExitUsage;
  const Pack& pack = packs->latest();
  if (format == "json") {
    std::cout << rules_catalogue_json(pack);
    return 0;
  }
  if (format != "table") {
    std::cerr << "perdiem: --format must be table or json\n";
    return kExitUsage;
  }
  std::cout << pack.policy << " " << pack.title << ", pack " << pack.id << " " << pack.version << ", effective "
            << pack.effective.iso() << "\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-5s %-34s %-7s %-16s %s\n", "stage", "rule", "decision", "codes", "what");
  std::cout << line;
  for (const RuleDef& r : pack.rules) {
    std::snprintf(line, sizeof line, "%-5d %-34s %-7s %-16s %s%s\n", r.stage, r.id.c_str(), decision_name(r.decision),
                  reason_codes(r).c_str(), r.title.c_str(), r.enabled ? "" : " [disabled]");
    std::cout << line;
  }
  return 0;
}

int run_explain(const std::string& id, const std::string& pack_path) {
  auto packs = load_or_report(pack_path);
  if (!packs) return kExitUsage;
  const Pack& pack = packs->latest();
  const RuleDef* r = pack.rule(id);
  if (!r) {
    std::cerr << "perdiem: no rule \"" << id << "\"; `perdiem rules` lists them\n";
    return kExitUsage;
  }
  std::cout << r->id << ": " << r->title << "\n\n"
            << "  stage      " << r->stage << "\n"
            << "  decision   " << decision_name(r->decision) << "\n"
            << "  codes      " << reason_codes(*r) << "\n"
            << "  citation   " << r->citation << "\n"
            << (r->enabled ? "" : "  DISABLED in this pack\n") << "\nWhat it checks\n  " << r->summary
            << "\n\nThe policy says\n  " << r->policy_text << "\n";
  if (!r->example.empty()) {
    std::cout << "\nExample claim that fires it\n  " << r->example << "\n";
    const RuleExample said = check_rule_example(Engine(packs), *r);
    std::cout << "\nWhat perdiem says about it\n";
    for (const auto& m : said.edits) std::cout << "  " << m << "\n";
    for (const auto& m : said.problems) std::cout << "  (example problem: " << m << ")\n";
    if (said.edits.empty()) std::cout << "  (the example does not fire this rule with this pack)\n";
  }
  return 0;
}

// `perdiem gen`: synthetic 837P to stdout (or -o FILE), written in large chunks.
int run_gen(GenOptions options, const std::string& out_path, const std::string& labels_path) {
  const std::string error = gen_options_error(options);
  if (!error.empty()) {
    std::cerr << "perdiem: gen: " << error << "\n";
    return kExitUsage;
  }
  FILE* f = stdout;
  if (!out_path.empty() && out_path != "-" && !(f = std::fopen(out_path.c_str(), "wb"))) {
    std::cerr << "perdiem: cannot write " << out_path << "\n";
    return kExitUsage;
  }
  FILE* labels = nullptr;
  if (!labels_path.empty()) {
    if (!(labels = std::fopen(labels_path.c_str(), "wb"))) {
      std::cerr << "perdiem: cannot write " << labels_path << "\n";
      if (f != stdout) std::fclose(f);
      return kExitUsage;
    }
    std::fputs("claim_id,break,rule\n", labels);
    options.on_claim = [labels](const GenClaimInfo& c) {
      std::fprintf(labels, "%.*s,%s,%s\n", static_cast<int>(c.claim_id.size()), c.claim_id.data(),
                   gen_break_name(c.kind), gen_break_rule(c.kind));
    };
  }
  bool failed = false;
  generate_837(options, [&](std::string_view chunk) {
    if (!failed && std::fwrite(chunk.data(), 1, chunk.size(), f) != chunk.size()) failed = true;
  });
  if (f != stdout ? std::fclose(f) != 0 : std::fflush(stdout) != 0) failed = true;
  if (labels && std::fclose(labels) != 0) failed = true;
  if (failed) {
    std::cerr << "perdiem: gen: writing the output failed\n";
    return kExitUnreadable;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"perdiem: checks home infusion claims against a health plan's payment policy (BCBSTX CPCP019)"};
  app.set_version_flag("--version", std::string("perdiem ") + PERDIEM_VERSION);
  app.require_subcommand(1);

  CheckArgs ca;
  std::string pack_path;
  auto* check = app.add_subcommand("check", "Check claims (X12 837P, JSON or NDJSON; '-' reads stdin)");
  check->add_option("--format", ca.format, "json, ndjson, table or csv")->capture_default_str();
  check->add_option("--pack", ca.pack_path, "policy pack folder (default: the built-in CPCP019 pack)");
  check->add_option("--as-of", ca.as_of, "apply the pack version in force on this date (YYYY-MM-DD)");
  check->add_option("-o,--output", ca.out_path, "write results to this file instead of stdout");
  check->add_option("--threads", ca.threads, "worker threads (default: one per core; output is identical for any number)");
  check->add_option("--piece-bytes", ca.piece_bytes,
                    "with 2 threads or more, X12 input is read in pieces of about this many "
                    "bytes, one per thread at a time (0: read on one thread; output is the same)")
      ->capture_default_str();
  // Limits against hostile input (docs/robustness.md); 0 means no limit.
  check->add_option("--max-segment-bytes", ca.limits.max_segment_bytes,
                    "longest X12 segment or NDJSON line, in bytes (K, M suffixes)")
      ->transform(CLI::AsSizeValue(false))->capture_default_str();
  check->add_option("--max-lines-per-claim", ca.limits.max_lines_per_claim, "most service lines in one claim")
      ->capture_default_str();
  check->add_option("--max-claims", ca.limits.max_claims, "most claims in one input")->capture_default_str();
  check->add_option("--max-json-depth", ca.limits.max_json_depth, "deepest JSON nesting (at most 512)")
      ->capture_default_str();
  check->add_option("--max-input-bytes", ca.limits.max_input_bytes, "largest input file, in bytes (K, M, G suffixes)")
      ->transform(CLI::AsSizeValue(false))->capture_default_str();
  check->add_flag("--echo-values", ca.limits.echo_values,
                  "quote the raw text of a damaged segment or value in problems: it may hold member data, so "
                  "for local debugging only");
  check->add_option("inputs", ca.inputs, "claim files")->required();

  std::string every, duration;
  auto* units = app.add_subcommand("units", "Per diem units for a prescribed schedule (the policy's examples)");
  units->add_option("--every", every, "how often: 4h, 8h, 24h, 10d, 1w, 1mo")->required();
  units->add_option("--for", duration, "for how long: 7d, 30d, 4w, 3mo (omit for a recurring schedule)");

  std::string rules_format = "table";
  auto* rules = app.add_subcommand("rules", "List the rules of the policy pack");
  rules->add_option("--pack", pack_path, "policy pack folder");
  rules->add_option("--format", rules_format, "table or json")->capture_default_str();

  std::string rule_id;
  auto* explain = app.add_subcommand("explain", "Explain one rule: what it checks, the policy, an example");
  explain->add_option("rule", rule_id, "rule id (see `perdiem rules`)")->required();
  explain->add_option("--pack", pack_path, "policy pack folder");

  GenOptions gen_options;
  std::string gen_out, gen_labels;
  auto* gen = app.add_subcommand("gen", "Write synthetic 837P home infusion claims (the same bytes for a seed)");
  gen->add_option("--claims", gen_options.claims, "number of claims")->required();
  gen->add_option("--seed", gen_options.seed, "random seed")->capture_default_str();
  gen->add_option("--error-rate", gen_options.error_rate, "share of claims with one deliberate rule break, 0..1")
      ->capture_default_str();
  gen->add_option("--claims-per-st", gen_options.claims_per_st, "claims per transaction set")->capture_default_str();
  gen->add_option("--st-per-interchange", gen_options.st_per_interchange, "transaction sets per interchange")
      ->capture_default_str();
  gen->add_option("--start-date", gen_options.start_date, "earliest date of service (YYYY-MM-DD)")
      ->capture_default_str();
  gen->add_option("-o,--output", gen_out, "write to this file instead of stdout");
  gen->add_option("--labels", gen_labels, "also write claim_id,break,rule (CSV) for every claim to this file");

  perdiem::server::ServerOptions so;
  std::string serve_pack, api_key_file;
  double serve_timeout = 30;
  auto* serve = app.add_subcommand("serve", "Serve the claim-editing HTTP API and the biller's web page (docs/api.md)");
  serve->add_option("--host", so.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", so.port, "port; 0 takes any free port")->capture_default_str()->check(CLI::Range(0, 65535));
  serve->add_option("--pack", serve_pack, "policy pack folder");
  serve->add_option("--threads", so.threads, "connections served at once")->capture_default_str()->check(CLI::Range(1, 4096));
  serve->add_option("--max-concurrent", so.max_concurrent, "requests read or checked at once; past it 503")
      ->capture_default_str()->check(CLI::Range(1, 100000));
  serve->add_option("--max-body", so.max_body, "largest request body in bytes (K, M suffixes); past it 413")
      ->transform(CLI::AsSizeValue(false))->capture_default_str();
  serve->add_option("--timeout", serve_timeout, "seconds per request")->capture_default_str()->check(CLI::Range(0.001, 86400.0));
  serve->add_option("--api-key-file", api_key_file, "file of API keys, one a line: /v1/* and /metrics need one");
  serve->add_option("--access-log", so.access_log, "'-' (stderr), 'off', or a file to append to")->capture_default_str();

  const cli::Command fix = cli::add_fix_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  ClaimIdTracker claim_ids;  // duplicate claim ids across all the inputs of a run
  ca.limits.claim_ids = &claim_ids;
  if (*check) return run_check(ca);
  if (*fix.app) return fix.run();
  if (*units) return run_units(every, duration);
  if (*rules) return run_rules(pack_path, rules_format);
  if (*explain) return run_explain(rule_id, pack_path);
  if (*gen) return run_gen(gen_options, gen_out, gen_labels);
  if (*serve) {
    auto packs = load_or_report(serve_pack);
    if (!packs) return kExitUsage;
    so.timeout = std::chrono::milliseconds(static_cast<long long>(serve_timeout * 1000));
    return perdiem::server::run(packs, so, api_key_file);
  }
  return kExitUsage;
}
