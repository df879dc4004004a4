// The X12 writer (x12/writer.h): separators owed until a non-empty value
// needs them, delimiter bytes in values written as spaces, numbers written
// straight into the output, and the envelopes with their counts.
#include "x12/writer.h"

#include <algorithm>

namespace perdiem::x12 {
namespace {

unsigned char byte(char c) { return static_cast<unsigned char>(c); }

// Writes n, at least `width` digits, ending before `end`; returns its first byte.
char* format_digits(char* end, uint64_t n, int width) {
  char* p = end;
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0 || end - p < width);
  return p;
}

constexpr uint64_t kIsaControlModulus = 1'000'000'000;

}  // namespace

Writer::Writer(const Delimiters& delimiters, LineBreak line_break)
    : d_(delimiters), line_break_(line_break) {
  buf_.resize(4096);
  int k = 0;
  for (char c : {d_.element, d_.component, d_.segment, '\r', '\n', d_.repetition}) {
    if (c == 0 || special_[byte(c)]) continue;  // no repetition separator; CR or LF twice
    special_[byte(c)] = true;
#if defined(__SSE2__)
    pattern_[k] = _mm_set1_epi8(c);
#endif
    ++k;
  }
#if defined(__SSE2__)
  for (; k < 6; ++k) pattern_[k] = pattern_[k - 1];
#endif
}

Writer& Writer::elements(std::initializer_list<std::string_view> values) {
  for (std::string_view v : values) element(v);
  return *this;
}

void Writer::grow(size_t k) { buf_.resize(std::max(2 * buf_.size(), n_ + k + kSlack)); }

void Writer::substitute(size_t at) {
  for (size_t i = at; i < n_; ++i) {
    if (special_[byte(buf_[i])]) {
      buf_[i] = ' ';
      ++substituted_;
    }
  }
}

void Writer::digits(uint64_t n, int width) {
  // Straight into the buffer, last digit first, two at a time: formatting
  // elsewhere and copying would load bytes just stored one by one, which
  // waits for the stores.
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  int count = 1;
  for (uint64_t p = 10; count < 20 && n >= p; p *= 10) ++count;
  const size_t len = static_cast<size_t>(std::max(count, std::min(width, 32)));
  room(len);
  char* const first = buf_.data() + n_;
  char* p = first + len;
  while (n >= 100) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * (n % 100), 2);
    n /= 100;
  }
  if (n >= 10) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * n, 2);
  } else {
    *--p = static_cast<char>('0' + n);
  }
  while (p > first) *--p = '0';
  n_ += len;
}

uint64_t Writer::signed_element(int64_t raw) {
  next_element();
  flush();
  if (raw >= 0) return static_cast<uint64_t>(raw);
  put("-");
  return 0 - static_cast<uint64_t>(raw);
}

Writer& Writer::amount(Money m) {
  const uint64_t v = signed_element(m.raw());
  digits(v / 100, 1);
  put(".");
  digits(v % 100, 2);
  return *this;
}

Writer& Writer::quantity(Quantity q) {
  const uint64_t v = signed_element(q.raw());
  digits(v / 1000, 1);
  uint64_t frac = v % 1000;
  if (frac != 0) {
    int places = 3;
    while (frac % 10 == 0) {
      frac /= 10;
      --places;
    }
    put(".");
    digits(frac, places);
  }
  return *this;
}

// ------------------------------------------------------------ envelopes

void Writer::fixed(std::string_view value, size_t width) {
  put(std::string_view(&d_.element, 1));
  const std::string_view v = value.substr(0, width);
  const size_t at = n_;
  put(v);
  substitute(at);
  room(width);
  for (size_t k = v.size(); k < width; ++k) buf_[n_++] = ' ';
}

void Writer::isa(const Interchange& h) {
  // Every field is written, at its width: the ISA is the one segment a
  // reader finds the delimiters in by position.
  begin("ISA");
  fixed(h.authorization_qualifier, 2);
  fixed(h.authorization, 10);
  fixed(h.security_qualifier, 2);
  fixed(h.security, 10);
  fixed(h.sender_qualifier, 2);
  fixed(h.sender, 15);
  fixed(h.receiver_qualifier, 2);
  fixed(h.receiver, 15);
  fixed(h.date, 6);
  fixed(h.time, 4);
  const char isa11 = d_.repetition != 0 ? d_.repetition : 'U';
  const char e = d_.element;
  put({&e, 1});
  put({&isa11, 1});
  fixed(h.version, 5);
  put({&e, 1});
  interchange_control_ = h.control % kIsaControlModulus;
  digits(interchange_control_, 9);
  const char tail[] = {e, h.acknowledgment_requested ? '1' : '0', e, h.usage, e, d_.component};
  put({tail, sizeof tail});
  end();
  groups_ = 0;
}

void Writer::gs(const FunctionalGroup& g) {
  begin("GS")
      .element(g.functional_id)
      .element(g.sender)
      .element(g.receiver)
      .element(g.date)
      .element(g.time)
      .number(g.control)
      .element(g.agency)
      .element(g.version)
      .end();
  group_control_ = g.control;
  sets_ = 0;
  ++groups_;
}

void Writer::begin_set(std::string_view control) {
  set_control_size_ = std::min(control.size(), sizeof set_control_);
  control.copy(set_control_, set_control_size_);
  set_start_ = segments_;
  ++sets_;
}

void Writer::st(std::string_view id, uint64_t control, std::string_view version) {
  char tmp[24];
  const char* p = format_digits(tmp + sizeof tmp, control, 4);
  begin_set(std::string_view(p, static_cast<size_t>(tmp + sizeof tmp - p)));
  begin("ST").element(id).element(std::string_view(set_control_, set_control_size_)).element(version).end();
}

void Writer::se() {
  const uint64_t count = segments_ - set_start_ + 1;  // ST through this SE
  begin("SE").number(count).element(std::string_view(set_control_, set_control_size_)).end();
}

void Writer::ge() { begin("GE").number(sets_).number(group_control_).end(); }

void Writer::iea() { begin("IEA").number(groups_).padded(interchange_control_, 9).end(); }

}  // namespace perdiem::x12
