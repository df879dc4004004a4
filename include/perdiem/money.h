// Exact decimal quantities: money in cents and service units in thousandths.
//
// Claims carry money and units as decimal text ("1400.00", "7", "1.5"); they
// are parsed straight to scaled integers and never pass through binary
// floating point, so totals are exact and output is byte-stable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perdiem {

// A fixed-point decimal with Scale digits after the point.
template <int Scale>
class Fixed {
 public:
  static constexpr int64_t kOne = Scale == 2 ? 100 : Scale == 3 ? 1000 : 1;
  constexpr Fixed() = default;
  static constexpr Fixed from_raw(int64_t raw) { Fixed f; f.raw_ = raw; return f; }
  static constexpr Fixed from_int(int64_t v) { return from_raw(v * kOne); }

  // Parses "-12.5", "12", "12.50", ".5". Rejects exponents, more than Scale
  // fraction digits that are not zeros, empty text and magnitudes that would
  // overflow (more than 15 integer digits).
  static std::optional<Fixed> parse(std::string_view s);

  constexpr int64_t raw() const { return raw_; }
  constexpr bool is_integer() const { return raw_ % kOne == 0; }
  constexpr int64_t whole() const { return raw_ / kOne; }
  // Money style: always Scale fraction digits ("1400.00").
  std::string fixed_text() const;
  // Number style: shortest form ("7", "1.5").
  std::string short_text() const;

  friend constexpr bool operator==(Fixed a, Fixed b) = default;
  friend constexpr auto operator<=>(Fixed a, Fixed b) = default;
  friend constexpr Fixed operator+(Fixed a, Fixed b) { return from_raw(a.raw_ + b.raw_); }
  friend constexpr Fixed operator-(Fixed a, Fixed b) { return from_raw(a.raw_ - b.raw_); }
  Fixed& operator+=(Fixed o) { raw_ += o.raw_; return *this; }

 private:
  int64_t raw_ = 0;
};

using Money = Fixed<2>;     // cents
using Quantity = Fixed<3>;  // service units, to a thousandth

extern template class Fixed<2>;
extern template class Fixed<3>;

}  // namespace perdiem
