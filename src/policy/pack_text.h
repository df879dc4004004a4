// Loading a pack from text already in memory, private to the library, its
// tests and fuzz/fuzz_pack.cc: the same validation as load_pack() on a
// folder, without touching the file system. `drugs_csv` and `ndc_csv` stand
// for whatever files pack.toml's [pack] drugs and ndc name; errors name
// "pack.toml" and those names.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "perdiem/pack.h"

namespace perdiem {

std::shared_ptr<const PackSet> load_pack_text(const std::string& toml_text, const std::string& drugs_csv,
                                              const std::string& ndc_csv, std::vector<PackError>& errors,
                                              std::vector<PackError>* warnings = nullptr);

}  // namespace perdiem
