// A claim's stretches of days (days.h).
#include "rules/days.h"

#include <algorithm>

namespace perdiem::rules {

void Stretches::cut(const std::vector<DateSpan>& spans) {
  stretches_.clear();
  events_.clear();
  // A sweep over the spans' starts (+1) and the days after their ends (-1):
  // between two events the same spans are billed; where none is, there is
  // no stretch (a claim may leave days between its lines).
  for (const DateSpan& s : spans) {
    events_.push_back({s.from, 1});
    events_.push_back({s.to + 1, -1});
  }
  std::sort(events_.begin(), events_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  int open = 0;
  for (size_t e = 0; e < events_.size();) {
    const Date at = events_[e].first;
    while (e < events_.size() && events_[e].first == at) open += events_[e++].second;
    if (open > 0 && e < events_.size()) stretches_.push_back({at, events_[e].first + -1});
  }
}

DaySet Stretches::of(const DateSpan& span) const {
  DaySet s;
  // The stretches are sorted and disjoint: find the first that ends on or
  // after the span's start.
  auto it = std::lower_bound(stretches_.begin(), stretches_.end(), span.from,
                             [](const Stretch& st, Date d) { return st.to < d; });
  for (; it != stretches_.end() && it->from <= span.to; ++it) s.add(static_cast<size_t>(it - stretches_.begin()));
  return s;
}

int64_t Stretches::days(const DaySet& s) const {
  if (stretches_.size() == 1) return s.has(0) ? stretches_[0].days() : 0;  // most claims
  int64_t n = 0;
  for (size_t k = s.first(); k != DaySet::npos; k = s.next(k)) n += stretches_[k].days();
  return n;
}

void Stretches::runs(const DaySet& s, std::vector<DateSpan>& out) const {
  out.clear();
  for (size_t k = s.first(); k != DaySet::npos; k = s.next(k)) {
    const Stretch& st = stretches_[k];
    if (!out.empty() && out.back().to + 1 == st.from) out.back().to = st.to;
    else out.push_back({st.from, st.to});
  }
}

void Stretches::append_text(std::string& out, const DaySet& s) const {
  std::vector<DateSpan> r;
  runs(s, r);
  for (size_t i = 0; i < r.size(); ++i) {
    if (i > 0) out += i + 1 == r.size() ? " and " : ", ";
    out += r[i].from.iso();
    if (r[i].to != r[i].from) {
      out += " to ";
      out += r[i].to.iso();
    }
  }
}

}  // namespace perdiem::rules
