// Drug reference tables (drugs.csv by HCPCS, ndc.csv by NDC): a small
// RFC 4180 reader and the row validation. Errors carry file and line.
#include "policy/drug_reference.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>

namespace perdiem {
namespace {

// Splits CSV text into rows of fields; quoted fields may hold commas, quotes
// ("") and line breaks. Records the 1-based line each row starts on.
struct CsvRow {
  uint32_t line;
  std::vector<std::string> fields;
};

bool parse_csv(const std::string& text, std::vector<CsvRow>& rows, std::string& error, uint32_t& err_line) {
  uint32_t line = 1;
  size_t i = 0;
  const size_t n = text.size();
  if (n >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < n) {
    CsvRow row{line, {}};
    std::string field;
    bool row_done = false;
    while (!row_done) {
      field.clear();
      if (i < n && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') { field += '"'; i += 2; continue; }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (!closed) { error = "a quoted field is not closed"; err_line = row.line; return false; }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      row.fields.push_back(field);
      if (i < n && text[i] == ',') { ++i; continue; }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') { ++i; ++line; }
      row_done = true;
    }
    if (!(row.fields.size() == 1 && row.fields[0].empty())) rows.push_back(std::move(row));
  }
  return true;
}

std::string trim(std::string s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

bool parse_yes_no(const std::string& s, bool& out) {
  if (s == "yes") { out = true; return true; }
  if (s == "no" || s.empty()) { out = false; return true; }
  return false;
}

}  // namespace

bool parse_tpn_role(std::string_view s, TpnRole& out) {
  if (s.empty()) out = TpnRole::kNone;
  else if (s == "included") out = TpnRole::kIncluded;
  else if (s == "separate") out = TpnRole::kSeparate;
  else if (s == "specialty-high") out = TpnRole::kSpecialtyHigh;
  else return false;
  return true;
}

bool parse_routes(std::string_view text, uint16_t& out, std::string& error) {
  out = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view r = text.substr(start, end - start);
    while (!r.empty() && r.front() == ' ') r.remove_prefix(1);
    while (!r.empty() && r.back() == ' ') r.remove_suffix(1);
    if (!r.empty()) {
      if (r == "IV") out |= kRouteIV;
      else if (r == "SC") out |= kRouteSC;
      else if (r == "IM") out |= kRouteIM;
      else if (r == "ORAL") out |= kRouteOral;
      else if (r == "INH") out |= kRouteInhaled;
      else if (r == "TOPICAL") out |= kRouteTopical;
      else if (r == "INTRA-ARTICULAR") out |= kRouteIntraArticular;
      else if (r == "INTRATHECAL") out |= kRouteIntrathecal;
      else if (r == "EPIDURAL") out |= kRouteEpidural;
      else if (r == "ENTERAL") out |= kRouteEnteral;
      else if (r == "OTHER") out |= kRouteOther;
      else {
        error = "unknown route \"" + std::string(r) +
                "\" (IV, SC, IM, ORAL, INH, TOPICAL, INTRA-ARTICULAR, INTRATHECAL, EPIDURAL, ENTERAL, OTHER)";
        return false;
      }
    }
    start = end + 1;
  }
  return true;
}

bool load_drug_table(const std::string& path, bool by_ndc, std::unordered_map<std::string, DrugInfo>& out,
                     std::vector<PackError>& errors, std::vector<PackError>& warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({path, 0, "cannot open the file"});
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_drug_table_text(ss.str(), path, by_ndc, out, errors, warnings);
}

bool load_drug_table_text(const std::string& text, const std::string& path, bool by_ndc,
                          std::unordered_map<std::string, DrugInfo>& out, std::vector<PackError>& errors,
                          std::vector<PackError>& warnings) {
  std::vector<CsvRow> rows;
  std::string err;
  uint32_t err_line = 0;
  if (!parse_csv(text, rows, err, err_line)) {
    errors.push_back({path, err_line, err});
    return false;
  }
  if (rows.empty()) {
    errors.push_back({path, 0, "the table is empty (it needs a header row)"});
    return false;
  }
  // The columns the engine reads, found by name in the header; any other
  // column is reported as read by nothing.
  enum Col { kCode, kName, kClass, kRoutes, kClotting, kTpn, kSource, kCols };
  const char* names[kCols] = {by_ndc ? "ndc" : "hcpcs", "name", "class", "routes", "clotting_factor", "tpn", "source"};
  size_t at[kCols];
  std::fill(std::begin(at), std::end(at), SIZE_MAX);
  const std::vector<std::string>& header = rows[0].fields;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string h = trim(header[c]);
    bool known = false;
    for (int k = 0; k < kCols; ++k)
      if (h == names[k] && !(by_ndc && k == kClotting)) {
        if (at[k] != SIZE_MAX) errors.push_back({path, rows[0].line, "the column \"" + h + "\" appears twice"});
        at[k] = c;
        known = true;
      }
    if (!known) warnings.push_back({path, rows[0].line, "the column \"" + h + "\" is read by nothing"});
  }
  std::string missing;
  for (int k = 0; k < kCols; ++k)
    if (at[k] == SIZE_MAX && !(by_ndc && k == kClotting)) missing += std::string(missing.empty() ? "" : ", ") + names[k];
  if (!missing.empty()) {
    errors.push_back({path, rows[0].line, "the header lacks the column(s) " + missing});
    return false;
  }
  const size_t before = errors.size();
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    auto fail = [&](const std::string& m) { errors.push_back({path, row.line, m}); };
    if (row.fields.size() != header.size()) {
      fail("has " + std::to_string(row.fields.size()) + " fields; the header has " + std::to_string(header.size()));
      continue;
    }
    auto field = [&](Col k) { return trim(row.fields[at[k]]); };
    DrugInfo d;
    d.line = row.line;
    d.code = field(kCode);
    d.name = field(kName);
    d.drug_class = field(kClass);
    std::string route_err;
    if (by_ndc) {
      if (d.code.size() != 11 || d.code.find_first_not_of("0123456789") != std::string::npos) {
        fail("NDC \"" + d.code + "\" is not 11 digits");
        continue;
      }
    } else if (d.code.size() != 5) {
      fail("HCPCS code \"" + d.code + "\" is not 5 characters");
      continue;
    }
    if (d.drug_class.empty()) fail(d.code + ": class is empty");
    if (!parse_routes(field(kRoutes), d.routes, route_err)) fail(d.code + ": " + route_err);
    const std::string tpn = field(kTpn);
    if (!parse_tpn_role(tpn, d.tpn))
      fail(d.code + ": tpn \"" + tpn + "\" is not empty, included, separate or specialty-high");
    if (!by_ndc && !parse_yes_no(field(kClotting), d.clotting_factor))
      fail(d.code + ": clotting_factor must be yes or no");
    d.source = field(kSource);
    if (d.source.empty()) fail(d.code + ": source is empty; every row says where its facts came from");
    const std::string key = d.code;
    if (!out.emplace(key, std::move(d)).second) fail(key + " appears twice");
  }
  return errors.size() == before;
}

}  // namespace perdiem
