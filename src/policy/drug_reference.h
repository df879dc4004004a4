// Loading of the drug reference CSV tables of a pack.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "perdiem/pack.h"

namespace perdiem {

bool parse_tpn_role(std::string_view s, TpnRole& out);
// Loads drugs.csv (by_ndc = false) or ndc.csv (by_ndc = true) into `out`.
// Its columns are found by name in the header (docs/pack-format.md); a
// column the engine does not read is reported in `warnings`. Appends every
// mistake to `errors`; returns false when there was any.
bool load_drug_table(const std::string& path, bool by_ndc, std::unordered_map<std::string, DrugInfo>& out,
                     std::vector<PackError>& errors, std::vector<PackError>& warnings);
// The same from the table's text already in memory; `path` names it in errors.
bool load_drug_table_text(const std::string& text, const std::string& path, bool by_ndc,
                          std::unordered_map<std::string, DrugInfo>& out, std::vector<PackError>& errors,
                          std::vector<PackError>& warnings);

}  // namespace perdiem
