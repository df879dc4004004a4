// perdiem: the command-line front end. A thin layer over the engine library:
// argument parsing, files, exit statuses. All decisions are the engine's.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "perdiem/engine.h"
#include "perdiem/input.h"
#include "perdiem/pack.h"
#include "perdiem/units.h"
#include "perdiem/writer.h"

namespace {

using namespace perdiem;

constexpr int kExitAllPaid = 0;
constexpr int kExitSomeNotPaid = 1;
constexpr int kExitUnreadable = 2;
constexpr int kExitUsage = 64;

// Writes to a FILE*, reporting failure once.
struct Output {
  FILE* f = stdout;
  bool failed = false;
  void write(std::string& buf) {
    if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) failed = true;
    buf.clear();
  }
};

bool read_all(const std::string& path, std::string& out, std::string& error) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

std::shared_ptr<const PackSet> load_or_report(const std::string& path) {
  std::vector<PackError> errors;
  auto packs = load_pack(path.empty() ? default_pack_path() : path, errors);
  if (!packs) {
    std::cerr << "perdiem: the policy pack could not be loaded:\n";
    for (const auto& e : errors) std::cerr << "  " << e.text() << "\n";
  }
  return packs;
}

std::string problem_text(std::string_view file, const Problem& p) {
  std::string s(file);
  if (p.segment) s += ": segment " + std::to_string(p.segment);
  s += ", byte " + std::to_string(p.offset);
  if (!p.element.empty()) s += " (" + p.element + ")";
  s += p.severity == Severity::kWarning ? ": warning: " : ": ";
  s += p.message;
  return s;
}

// Checks claims as the reader hands them over and writes each result at once.
class CheckSink : public ClaimSink {
 public:
  CheckSink(const Engine& engine, ResultWriter& writer, Output& out, OutputFormat format)
      : engine_(engine), writer_(writer), out_(out), format_(format) {}

  void on_claim(Claim&& claim) override {
    const ClaimResult r = engine_.check(claim);
    totals.add(claim, r);
    if (r.status == ClaimStatus::kRejected) unreadable = true;
    for (const auto& line : r.lines)
      if (line.decision != Decision::kPay) some_not_paid = true;
    writer_.claim(buf_, claim, r);
    if (buf_.size() > (1 << 16)) out_.write(buf_);
  }

  void on_file_problem(const Problem& p) override {
    ++totals.file_problems;
    if (p.severity == Severity::kError) unreadable = true;
    writer_.file_problem(buf_, file, p);
    if (format_ != OutputFormat::kJson) std::cerr << "perdiem: " << problem_text(file, p) << "\n";
  }

  void flush() { out_.write(buf_); }

  std::string file;
  Totals totals;
  bool unreadable = false;
  bool some_not_paid = false;

 private:
  const Engine& engine_;
  ResultWriter& writer_;
  Output& out_;
  OutputFormat format_;
  std::string buf_;
};

int run_check(const std::vector<std::string>& inputs, const std::string& format_name,
              const std::string& pack_path, const std::string& as_of_text, const std::string& out_path) {
  OutputFormat format;
  if (!parse_output_format(format_name, format)) {
    std::cerr << "perdiem: --format must be json, ndjson, table or csv\n";
    return kExitUsage;
  }
  CheckOptions options;
  if (!as_of_text.empty()) {
    options.as_of = Date::parse_iso(as_of_text);
    if (!options.as_of) {
      std::cerr << "perdiem: --as-of must be a date YYYY-MM-DD, not \"" << as_of_text << "\"\n";
      return kExitUsage;
    }
  }
  auto packs = load_or_report(pack_path);
  if (!packs) return kExitUsage;
  Engine engine(packs, options);

  Output out;
  if (!out_path.empty() && out_path != "-") {
    out.f = std::fopen(out_path.c_str(), "wb");
    if (!out.f) {
      std::cerr << "perdiem: cannot write " << out_path << "\n";
      return kExitUsage;
    }
  }
  auto writer = ResultWriter::make(format, engine.headline_pack());
  CheckSink sink(engine, *writer, out, format);
  std::string buf;
  writer->begin(buf);
  out.write(buf);
  std::string data;
  for (const auto& path : inputs) {
    sink.file = path == "-" ? "<stdin>" : path;
    std::string error;
    if (!read_all(path, data, error)) {
      Problem p;
      p.message = error;
      sink.on_file_problem(p);
      continue;
    }
    read_input(data, sink.file, sink);
    sink.flush();
  }
  writer->end(buf, sink.totals);
  out.write(buf);
  if (out.f != stdout) std::fclose(out.f);
  else std::fflush(stdout);
  if (out.failed) {
    std::cerr << "perdiem: writing the results failed\n";
    return kExitUnreadable;
  }
  if (sink.unreadable) return kExitUnreadable;
  return sink.some_not_paid ? kExitSomeNotPaid : kExitAllPaid;
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
    std::string out = "[";
    for (size_t i = 0; i < pack.rules.size(); ++i) {
      const RuleDef& r = pack.rules[i];
      out += i ? ",\n " : "\n ";
      out += "{\"rule\":";
      append_json_string(out, r.id);
      out += ",\"stage\":" + std::to_string(r.stage) + ",\"decision\":";
      append_json_string(out, decision_name(r.decision));
      out += ",\"group\":";
      append_json_string(out, r.group);
      out += ",\"carc\":";
      append_json_string(out, r.carc);
      out += ",\"rarc\":[";
      for (size_t k = 0; k < r.rarc.size(); ++k) {
        if (k) out += ",";
        append_json_string(out, r.rarc[k]);
      }
      out += "],\"enabled\":";
      out += r.enabled ? "true" : "false";
      out += ",\"title\":";
      append_json_string(out, r.title);
      out += ",\"citation\":";
      append_json_string(out, r.citation);
      out += "}";
    }
    out += "\n]\n";
    std::cout << out;
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

// Runs a rule's example claim through the engine: the edit it makes.
struct ExampleSink : ClaimSink {
  const Engine& engine;
  const RuleDef& rule;
  std::vector<std::string> found;
  std::vector<std::string> problems;
  ExampleSink(const Engine& e, const RuleDef& r) : engine(e), rule(r) {}
  void on_claim(Claim&& c) override {
    for (const auto& p : c.problems) problems.push_back(p.message);
    const ClaimResult res = engine.check(c);
    for (size_t i = 0; i < res.lines.size(); ++i)
      for (const auto& e : res.lines[i].edits)
        if (e.rule == &rule) found.push_back(e.message);
  }
  void on_file_problem(const Problem& p) override { problems.push_back(p.message); }
};

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
    Engine engine(packs);
    ExampleSink sink(engine, *r);
    read_json(r->example, "example", sink, false);
    std::cout << "\nWhat perdiem says about it\n";
    for (const auto& m : sink.found) std::cout << "  " << m << "\n";
    for (const auto& m : sink.problems) std::cout << "  (example problem: " << m << ")\n";
    if (sink.found.empty()) std::cout << "  (the example does not fire this rule with this pack)\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"perdiem: checks home infusion claims against a health plan's payment policy (BCBSTX CPCP019)"};
  app.set_version_flag("--version", std::string("perdiem ") + PERDIEM_VERSION);
  app.require_subcommand(1);

  std::vector<std::string> inputs;
  std::string format = "json", pack_path, as_of, out_path;
  auto* check = app.add_subcommand("check", "Check claims (X12 837P, JSON or NDJSON; '-' reads stdin)");
  check->add_option("--format", format, "json, ndjson, table or csv")->capture_default_str();
  check->add_option("--pack", pack_path, "policy pack folder (default: the built-in CPCP019 pack)");
  check->add_option("--as-of", as_of, "apply the pack version in force on this date (YYYY-MM-DD)");
  check->add_option("-o,--output", out_path, "write results to this file instead of stdout");
  check->add_option("inputs", inputs, "claim files")->required();

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  if (*check) return run_check(inputs, format, pack_path, as_of, out_path);
  if (*units) return run_units(every, duration);
  if (*rules) return run_rules(pack_path, rules_format);
  if (*explain) return run_explain(rule_id, pack_path);
  return kExitUsage;
}
