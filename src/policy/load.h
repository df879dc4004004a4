// Reading a pack's files into a Pack: pack.toml and the drug tables it
// names, checked for form. Private to the engine library; load_pack()
// (perdiem/pack.h) reads with these and then compiles against the rules.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "perdiem/pack.h"

namespace perdiem::policy {

// Reads one pack folder. nullptr, with every mistake in `errors`, when it
// cannot be read; what is read by nothing (a drug table column) goes to
// `warnings`.
std::unique_ptr<Pack> read_pack_folder(const std::string& folder, std::vector<PackError>& errors,
                                       std::vector<PackError>& warnings);
// The same from text already in memory (tests, fuzz/fuzz_pack.cc):
// `drugs_csv` and `ndc_csv` stand for the files pack.toml names; errors name
// "pack.toml" and those names.
std::unique_ptr<Pack> read_pack_text(const std::string& toml_text, const std::string& drugs_csv,
                                     const std::string& ndc_csv, std::vector<PackError>& errors,
                                     std::vector<PackError>& warnings);
// The version folders at `path`: a pack folder, its pack.toml, or a folder
// of pack folders (sorted by name). False, with an error, when there is none.
bool pack_folders(const std::string& path, std::vector<std::string>& folders, std::vector<PackError>& errors);

}  // namespace perdiem::policy
