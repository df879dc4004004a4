// load_pack(): a pack's versions read by src/policy/ (data, knowing nothing
// of rules) and each compiled against the rule registry (src/rules/), into
// one immutable PackSet.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "perdiem/pack.h"
#include "policy/load.h"
#include "policy/pack_text.h"
#include "rules/compiled.h"

namespace perdiem {

namespace fs = std::filesystem;

struct PackSetBuilder {
  // Compiles each version and orders them by effective date. nullptr when
  // any version does not compile, or two take effect on the same day.
  static std::shared_ptr<const PackSet> build(std::vector<std::unique_ptr<Pack>> packs, std::vector<PackError>& errors,
                                              std::vector<PackError>& warnings) {
    auto set = std::make_shared<PackSet>();
    bool ok = true;
    for (auto& p : packs) {
      auto compiled = rules::compile(*p, errors, warnings);
      ok = ok && compiled != nullptr;
      set->versions_.push_back({std::shared_ptr<const Pack>(std::move(p)), std::move(compiled)});
    }
    if (!ok) return nullptr;
    std::stable_sort(set->versions_.begin(), set->versions_.end(),
                     [](const auto& a, const auto& b) { return a.pack->effective < b.pack->effective; });
    for (size_t i = 1; i < set->versions_.size(); ++i)
      if (set->versions_[i].pack->effective == set->versions_[i - 1].pack->effective) {
        errors.push_back({set->versions_[i].pack->folder, 0, "two pack versions take effect on the same date"});
        return nullptr;
      }
    for (const auto& v : set->versions_) set->packs_.push_back(v.pack.get());
    return set;
  }
};

std::shared_ptr<const PackSet> load_pack(const std::string& path, std::vector<PackError>& errors,
                                         std::vector<PackError>* warnings) {
  std::vector<PackError> local;
  std::vector<PackError>& warn = warnings ? *warnings : local;
  std::vector<std::string> folders;
  if (!policy::pack_folders(path, folders, errors)) return nullptr;
  std::vector<std::unique_ptr<Pack>> packs;
  bool ok = true;
  for (const std::string& f : folders) {
    auto p = policy::read_pack_folder(f, errors, warn);
    ok = ok && p != nullptr;
    if (p) packs.push_back(std::move(p));
  }
  if (!ok) return nullptr;
  return PackSetBuilder::build(std::move(packs), errors, warn);
}

std::shared_ptr<const PackSet> load_pack_text(const std::string& toml_text, const std::string& drugs_csv,
                                              const std::string& ndc_csv, std::vector<PackError>& errors,
                                              std::vector<PackError>* warnings) {
  std::vector<PackError> local;
  std::vector<PackError>& warn = warnings ? *warnings : local;
  auto p = policy::read_pack_text(toml_text, drugs_csv, ndc_csv, errors, warn);
  if (!p) return nullptr;
  std::vector<std::unique_ptr<Pack>> packs;
  packs.push_back(std::move(p));
  return PackSetBuilder::build(std::move(packs), errors, warn);
}

std::string default_pack_path() {
  if (const char* env = std::getenv("PERDIEM_PACK"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "perdiem" / "packs" / "cpcp019";
    if (fs::exists(installed / "pack.toml", ec)) return installed.string();
  }
  return PERDIEM_DEFAULT_PACK;
}

}  // namespace perdiem
