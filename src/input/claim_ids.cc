// ClaimIdTracker: duplicate claim ids across a run, in bounded memory.
//
// It runs once per claim on the reading thread, so it is kept cheap: ids are
// hashed 8 bytes at a time and looked up in a flat open-addressing table;
// nothing is allocated per claim (the arrays double now and then). Two ids
// with the same 64-bit hash count as the same id; among a million ids the
// odds of that are about one in 40 million.
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>

#include <fmt/format.h>

#include "perdiem/input.h"

namespace perdiem {
namespace {

std::string printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < 40; ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    out += (u < 0x20 || u >= 0x7f || s[i] == '"') ? '?' : s[i];
  }
  if (s.size() > 40) out += "...";
  return out;
}

// The MurmurHash3 finaliser: every input bit changes about half the output
// bits, and no two inputs give the same output.
uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Each 8-byte word of the id mixed in turn into its length: the last word is
// the id's last 8 bytes (overlapping the one before), or, for ids shorter
// than 8 bytes, the bytes padded with zeros. Claim ids are short (CLM01 holds
// at most 38 bytes).
uint64_t hash_id(std::string_view id) {
  uint64_t h = id.size() ^ 0x9e3779b97f4a7c15ULL;
  uint64_t word = 0;
  if (id.size() < 8) {
    for (size_t k = 0; k < id.size(); ++k)
      word |= uint64_t{static_cast<unsigned char>(id[k])} << (8 * k);
    return mix(h ^ word);
  }
  for (size_t i = 0; i + 8 < id.size(); i += 8) {
    std::memcpy(&word, id.data() + i, 8);
    h = mix(h ^ word);
  }
  std::memcpy(&word, id.data() + id.size() - 8, 8);
  return mix(h ^ word);
}

constexpr size_t kFirstSlots = 1024;

}  // namespace

ClaimIdTracker::Slots::Slots(size_t n) {
  if (n == 0) return;
  constexpr size_t kHuge = size_t{2} << 20;
  const size_t bytes = (n * sizeof(Slot) + kHuge - 1) / kHuge * kHuge;
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  ::madvise(p, bytes, MADV_HUGEPAGE);  // a hint: without it, 4 KiB pages
  data_ = static_cast<Slot*>(p);
  size_ = n;
  bytes_ = bytes;
}

ClaimIdTracker::Slots::~Slots() {
  if (data_) ::munmap(data_, bytes_);
}

size_t ClaimIdTracker::find(uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].place != 0 && slots_[i].hash != hash) i = (i + 1) & mask;
  return i;
}

void ClaimIdTracker::rehash(size_t slots) {
  Slots old(slots);
  std::swap(old, slots_);
  for (const Slot& s : old)
    if (s.place != 0) slots_[find(s.hash)] = s;
  places_.reserve(slots_.size() / 2);
}

void ClaimIdTracker::reserve(size_t ids) {
  const size_t want = std::min(kMaxIds, places_.size() + ids);
  size_t slots = kFirstSlots;
  while (slots < 2 * want) slots *= 2;
  if (slots > slots_.size()) rehash(slots);
}

uint64_t ClaimIdTracker::hash_of(std::string_view id) { return hash_id(id); }

bool ClaimIdTracker::note(Claim& claim) { return note(claim, hash_id(claim.claim_id)); }

bool ClaimIdTracker::note(Claim& claim, uint64_t hash) {
  if (claim.claim_id.empty()) return false;
  bool full_now = false;
  const uint32_t earlier =
      record(claim.file, hash, claim.source.segment, claim.source.offset, full_now);
  if (earlier != kNone) claim.problems.push_back(duplicate_of(claim, earlier));
  return full_now;
}

uint32_t ClaimIdTracker::record(std::string_view file, uint64_t hash, uint64_t segment,
                                uint64_t offset, bool& full_now) {
  full_now = false;
  if (!slots_.empty()) {
    if (const Slot& slot = slots_[find(hash)]; slot.place != 0) return slot.place - 1;
  }
  if (places_.size() >= kMaxIds) {
    full_now = !full_;
    full_ = true;
    return kNone;
  }
  if (files_.empty() || files_.back() != file) files_.emplace_back(file);
  if (2 * (places_.size() + 1) > slots_.size())
    rehash(slots_.empty() ? kFirstSlots : 2 * slots_.size());
  places_.push_back(Place{static_cast<uint32_t>(files_.size() - 1), segment, offset});
  slots_[find(hash)] = Slot{hash, static_cast<uint32_t>(places_.size())};
  return kNone;
}

Problem ClaimIdTracker::duplicate_of(const Claim& claim, uint32_t earlier) const {
  const Place& first = places_[earlier];
  std::string where = files_[first.file];
  if (first.segment != 0) where += fmt::format(", segment {}", first.segment);
  where += fmt::format(", byte {}", first.offset);
  std::string why;
  if (claim.frequency == "7" || claim.frequency == "8")
    why = fmt::format(" (this claim's frequency code {} says it replaces or voids a claim)",
                      claim.frequency);
  Problem p;
  p.severity = Severity::kWarning;
  p.element = "claim_id";
  p.segment = claim.source.segment;
  p.offset = claim.source.offset;
  p.message = fmt::format(
      "claim id \"{}\" was already used by the claim at {}{}; both claims are reported",
      printable(claim.claim_id), where, why);
  return p;
}

}  // namespace perdiem
