// The rule catalogue as JSON: what `perdiem rules --format json` prints and
// GET /v1/rules returns (include/perdiem/writer.h).
#include "perdiem/pack.h"
#include "perdiem/writer.h"

namespace perdiem {

std::string rules_catalogue_json(const Pack& pack) {
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
  return out;
}

}  // namespace perdiem
