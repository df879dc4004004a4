// Civil-date arithmetic (Howard Hinnant's days_from_civil / civil_from_days;
// the fast conversion back to a civil date is inline in date.h).
#include "perdiem/date.h"

namespace perdiem {
namespace {

constexpr int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

constexpr bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(int y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<unsigned>(c - '0');
  }
  return true;
}

std::optional<Date> make(unsigned y, unsigned m, unsigned d) {
  // Claims are for services in living memory; years outside this window are typos.
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month(static_cast<int>(y), m))
    return std::nullopt;
  return Date::from_ymd(static_cast<int>(y), m, d);
}

}  // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  return from_days(days_from_civil(year, month, day));
}

std::optional<Date> Date::parse_compact(std::string_view s) {
  unsigned y, m, d;
  if (s.size() != 8 || !digits(s, 0, 4, y) || !digits(s, 4, 2, m) || !digits(s, 6, 2, d))
    return std::nullopt;
  return make(y, m, d);
}

std::optional<Date> Date::parse_iso(std::string_view s) {
  unsigned y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) ||
      !digits(s, 5, 2, m) || !digits(s, 8, 2, d))
    return std::nullopt;
  return make(y, m, d);
}

void Date::ymd_general(int& year, unsigned& month, unsigned& day) const {
  int32_t z = days_ + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = y + (month <= 2);
}

void Date::write_iso(char* out) const {
  int y;
  unsigned m, d;
  ymd(y, m, d);
  unsigned uy = static_cast<unsigned>(y < 0 ? 0 : y) % 10000;
  out[0] = static_cast<char>('0' + uy / 1000);
  out[1] = static_cast<char>('0' + uy / 100 % 10);
  out[2] = static_cast<char>('0' + uy / 10 % 10);
  out[3] = static_cast<char>('0' + uy % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + d / 10);
  out[9] = static_cast<char>('0' + d % 10);
}

std::string Date::iso() const {
  std::string s(10, '0');
  write_iso(s.data());
  return s;
}

}  // namespace perdiem
