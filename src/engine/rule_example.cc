// check_rule_example() (include/perdiem/check.h): a rule's example claim run
// through a check session, for `perdiem explain` and GET /v1/rules/{id}.
#include "perdiem/check.h"
#include "perdiem/pack.h"

namespace perdiem {

namespace {

// Hands what the JSON reader reads to the session, in the order read.
class ToSession : public ClaimSink {
 public:
  ToSession(CheckSession& s, std::string_view file) : session_(s), file_(file) {}
  void on_claim(Claim&& c) override { session_.add_claim(std::move(c)); }
  void on_file_problem(const Problem& p) override { session_.add_file_problem(file_, p); }

 private:
  CheckSession& session_;
  std::string_view file_;
};

}  // namespace

RuleExample check_rule_example(const Engine& engine, const RuleDef& rule) {
  RuleExample out;
  CheckSessionOptions o;
  o.threads = 1;
  o.on_claim = [&](const Claim& c, const ClaimResult& r) {
    for (const auto& p : c.problems) out.problems.push_back(p.message);
    for (const auto& line : r.lines)
      for (const auto& e : line.edits)
        if (e.rule == &rule) out.edits.push_back(e.message);
  };
  o.on_file_problem = [&](std::string_view, const Problem& p) { out.problems.push_back(p.message); };
  CheckSession session(engine, std::move(o));
  // The example is a JSON claim (docs/pack-format.md), read as one whatever
  // it looks like.
  ToSession sink(session, "example");
  read_json(rule.example, "example", sink, false);
  session.finish();
  return out;
}

}  // namespace perdiem
