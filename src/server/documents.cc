// The server's policy documents, built once when it starts: one rule as
// `perdiem explain` tells it (GET /v1/rules/{id}) and the pack served
// (GET /v1/pack).
#include "json_out.h"
#include "perdiem/check.h"
#include "perdiem/pack.h"
#include "server_impl.h"

namespace perdiem::server {

std::string rule_json(const std::shared_ptr<const PackSet>& packs, const RuleDef& r) {
  JsonOut j;
  j.begin_object();
  j.kv("rule", r.id);
  j.kv("title", r.title);
  j.kv("stage", static_cast<int64_t>(r.stage));
  j.kv("decision", decision_name(r.decision));
  j.kv("group", r.group);
  j.kv("carc", r.carc);
  j.strings("rarc", r.rarc);
  j.kv("enabled", r.enabled);
  j.kv("citation", r.citation);
  j.kv("summary", r.summary);
  j.kv("policy_text", r.policy_text);
  if (r.effective) j.kv("effective", r.effective->iso());
  if (r.expires) j.kv("expires", r.expires->iso());
  if (!r.example.empty()) {
    j.kv("example", r.example);
    const RuleExample said = check_rule_example(Engine(packs), r);
    j.strings("example_edits", said.edits);
    j.strings("example_problems", said.problems);
  }
  j.end_object();
  return j.take();
}

std::string pack_json(const PackSet& packs) {
  const Pack& p = packs.latest();
  JsonOut j;
  j.begin_object();
  j.kv("id", p.id);
  j.kv("name", p.name);
  j.kv("policy", p.policy);
  j.kv("title", p.title);
  j.kv("version", p.version);
  j.kv("effective", p.effective.iso());
  if (p.expires) j.kv("expires", p.expires->iso());
  j.kv("rules", static_cast<int64_t>(p.rules.size()));
  j.key("versions").begin_array();
  for (const auto& v : packs.packs()) {
    j.begin_object();
    j.kv("id", v->id);
    j.kv("version", v->version);
    j.kv("effective", v->effective.iso());
    if (v->expires) j.kv("expires", v->expires->iso());
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.take();
}

}  // namespace perdiem::server
