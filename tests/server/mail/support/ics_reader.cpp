#include "support/ics_reader.hpp"

#include <algorithm>
#include <stdexcept>

#include "slotpay/time.hpp"

namespace slotpay::mail::testing {
namespace {

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error("ics: " + why); }

// Strict UTF-8 check (no overlongs, surrogates or code points above U+10FFFF).
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

std::vector<std::string> content_lines(std::string_view text) {
  if (!text.ends_with("\r\n")) fail("does not end with CRLF");
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    std::string_view physical = text.substr(start, end - start);
    if (physical.find_first_of("\r\n") != std::string_view::npos) fail("bare CR or LF");
    if (physical.size() > 75) fail("line longer than 75 octets: " + std::string(physical));
    if (!valid_utf8(physical)) fail("a physical line is not valid UTF-8 (split sequence?)");
    if (!physical.empty() && (physical[0] == ' ' || physical[0] == '\t')) {
      if (lines.empty()) fail("continuation line first");
      lines.back().append(physical.substr(1));
    } else {
      if (physical.empty()) fail("empty line");
      lines.emplace_back(physical);
    }
    start = end + 2;
  }
  return lines;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

IcsProperty parse_property(const std::string& line) {
  IcsProperty p;
  size_t i = line.find_first_of(";:");
  if (i == std::string::npos) fail("no ':' in " + line);
  p.name = upper(line.substr(0, i));
  while (line[i] == ';') {
    size_t eq = line.find('=', i);
    if (eq == std::string::npos) fail("parameter without '=' in " + line);
    std::string pname = upper(line.substr(i + 1, eq - i - 1));
    size_t j = eq + 1;
    std::string value;
    if (j < line.size() && line[j] == '"') {
      size_t close = line.find('"', j + 1);
      if (close == std::string::npos) fail("unclosed quote in " + line);
      value = line.substr(j + 1, close - j - 1);
      j = close + 1;
    } else {
      size_t end = line.find_first_of(";:", j);
      if (end == std::string::npos) fail("parameter runs to the end in " + line);
      value = line.substr(j, end - j);
      if (value.find('"') != std::string::npos) fail("quote inside a parameter in " + line);
      j = end;
    }
    if (j >= line.size() || (line[j] != ';' && line[j] != ':')) fail("bad parameters: " + line);
    p.params[pname] = value;
    i = j;
  }
  p.value = line.substr(i + 1);
  return p;
}

int parse_offset(std::string_view v) {
  if (v.size() != 5 && v.size() != 7) fail("bad UTC offset " + std::string(v));
  int sign = v[0] == '-' ? -1 : v[0] == '+' ? 1 : 0;
  if (sign == 0) fail("bad UTC offset sign " + std::string(v));
  int h = std::stoi(std::string(v.substr(1, 2)));
  int m = std::stoi(std::string(v.substr(3, 2)));
  int s = v.size() == 7 ? std::stoi(std::string(v.substr(5, 2))) : 0;
  return sign * (h * 3600 + m * 60 + s);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

int weekday_code(std::string_view code) {  // 0 = Monday, as slotpay::weekday_index
  static const char* kCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  for (int i = 0; i < 7; ++i)
    if (code == kCodes[i]) return i;
  fail("bad weekday " + std::string(code));
}

// Onset dates (local seconds at DTSTART's time of day) of a yearly RRULE in `year`.
std::vector<int64_t> expand_rrule(std::string_view rrule, int64_t dtstart_local, int year) {
  int month = 0;
  std::optional<int> ordinal;
  std::optional<int> weekday;
  std::vector<int> monthdays;
  bool yearly = false;
  for (const std::string& part : split(rrule, ';')) {
    size_t eq = part.find('=');
    if (eq == std::string::npos) fail("bad RRULE part " + part);
    std::string key = part.substr(0, eq);
    std::string value = part.substr(eq + 1);
    if (key == "FREQ") {
      yearly = value == "YEARLY";
    } else if (key == "BYMONTH") {
      month = std::stoi(value);
    } else if (key == "BYDAY") {
      if (value.find(',') != std::string::npos) fail("several BYDAY values");
      std::string code = value.substr(value.size() - 2);
      weekday = weekday_code(code);
      if (value.size() > 2) ordinal = std::stoi(value.substr(0, value.size() - 2));
    } else if (key == "BYMONTHDAY") {
      for (const std::string& d : split(value, ',')) monthdays.push_back(std::stoi(d));
    } else {
      fail("RRULE part not understood by the test reader: " + part);
    }
  }
  if (!yearly || month < 1 || month > 12 || !weekday)
    fail("unsupported RRULE " + std::string(rrule));
  int dim = days_in_month(year, month);
  std::vector<int> days;
  if (!monthdays.empty()) {
    if (ordinal) fail("ordinal BYDAY with BYMONTHDAY");
    for (int md : monthdays) {
      int d = md > 0 ? md : dim + md + 1;
      if (d >= 1 && d <= dim && weekday_index(LocalDate{year, month, d}) == *weekday)
        days.push_back(d);
    }
  } else {
    std::vector<int> matching;
    for (int d = 1; d <= dim; ++d)
      if (weekday_index(LocalDate{year, month, d}) == *weekday) matching.push_back(d);
    if (!ordinal) fail("BYDAY without ordinal needs BYMONTHDAY here");
    int n = *ordinal;
    int idx = n > 0 ? n - 1 : static_cast<int>(matching.size()) + n;
    if (idx >= 0 && idx < static_cast<int>(matching.size())) days.push_back(matching[idx]);
  }
  int64_t time_of_day = ((dtstart_local % 86400) + 86400) % 86400;
  std::vector<int64_t> out;
  for (int d : days)
    out.push_back(days_from_civil(LocalDate{year, month, d}) * 86400 + time_of_day);
  return out;
}

}  // namespace

const IcsProperty* IcsComponent::property(std::string_view n) const {
  for (const IcsProperty& p : properties)
    if (p.name == n) return &p;
  return nullptr;
}

size_t IcsComponent::count(std::string_view n) const {
  return static_cast<size_t>(std::count_if(properties.begin(), properties.end(),
                                           [&](const IcsProperty& p) { return p.name == n; }));
}

const IcsProperty& IcsComponent::required(std::string_view n) const {
  const IcsProperty* p = property(n);
  if (!p) fail(name + " has no " + std::string(n));
  return *p;
}

std::vector<const IcsComponent*> IcsComponent::children_named(std::string_view n) const {
  std::vector<const IcsComponent*> out;
  for (const IcsComponent& c : children)
    if (c.name == n) out.push_back(&c);
  return out;
}

IcsComponent parse_ics(std::string_view text) {
  std::vector<IcsComponent> stack;
  std::optional<IcsComponent> root;
  for (const std::string& line : content_lines(text)) {
    IcsProperty p = parse_property(line);
    if (p.name == "BEGIN") {
      if (root) fail("content after END:VCALENDAR");
      stack.push_back(IcsComponent{upper(p.value), {}, {}});
    } else if (p.name == "END") {
      if (stack.empty() || stack.back().name != upper(p.value)) fail("unbalanced END:" + p.value);
      IcsComponent done = std::move(stack.back());
      stack.pop_back();
      if (stack.empty())
        root = std::move(done);
      else
        stack.back().children.push_back(std::move(done));
    } else {
      if (stack.empty()) fail("property outside a component: " + line);
      stack.back().properties.push_back(std::move(p));
    }
  }
  if (!root || !stack.empty()) fail("unterminated calendar");
  if (root->name != "VCALENDAR") fail("the root is not VCALENDAR");
  return *root;
}

std::string unescape_text(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      if (v[i] == ';' || v[i] == ',') fail("unescaped ; or , in TEXT: " + std::string(v));
      out += v[i];
      continue;
    }
    if (++i >= v.size()) fail("dangling backslash");
    switch (v[i]) {
      case 'n':
      case 'N':
        out += '\n';
        break;
      case '\\':
      case ';':
      case ',':
        out += v[i];
        break;
      default:
        fail("bad escape in TEXT: " + std::string(v));
    }
  }
  return out;
}

int64_t parse_date_time(std::string_view v, bool* utc) {
  bool z = v.size() == 16 && v.back() == 'Z';
  if (v.size() != 15 && !z) fail("bad DATE-TIME " + std::string(v));
  if (v[8] != 'T') fail("bad DATE-TIME " + std::string(v));
  for (size_t i = 0; i < 15; ++i)
    if (i != 8 && (v[i] < '0' || v[i] > '9')) fail("bad DATE-TIME " + std::string(v));
  auto num = [&](size_t pos, size_t len) { return std::stoi(std::string(v.substr(pos, len))); };
  LocalDate d{num(0, 4), num(4, 2), num(6, 2)};
  if (utc) *utc = z;
  return days_from_civil(d) * 86400 + num(9, 2) * 3600 + num(11, 2) * 60 + num(13, 2);
}

VTimezone::VTimezone(const IcsComponent& vtz, int first_year, int last_year) {
  if (vtz.name != "VTIMEZONE") fail("not a VTIMEZONE");
  tzid_ = vtz.required("TZID").value;
  for (const IcsComponent& obs : vtz.children) {
    if (obs.name != "STANDARD" && obs.name != "DAYLIGHT") fail("unexpected " + obs.name);
    int from = parse_offset(obs.required("TZOFFSETFROM").value);
    int to = parse_offset(obs.required("TZOFFSETTO").value);
    bool utc = false;
    int64_t dtstart = parse_date_time(obs.required("DTSTART").value, &utc);
    if (utc) fail("a VTIMEZONE DTSTART is local time");
    std::vector<int64_t> locals = {dtstart};
    if (const IcsProperty* rrule = obs.property("RRULE")) {
      for (int y = first_year; y <= last_year; ++y)
        for (int64_t l : expand_rrule(rrule->value, dtstart, y))
          if (l > dtstart) locals.push_back(l);
    }
    for (const IcsProperty& p : obs.properties)
      if (p.name == "RDATE")
        for (const std::string& v : split(p.value, ',')) locals.push_back(parse_date_time(v));
    for (int64_t l : locals) onsets_.push_back(Onset{l - from, from, to});
    offsets_.push_back(from);
    offsets_.push_back(to);
  }
  if (onsets_.empty()) fail("VTIMEZONE without observances");
  std::sort(onsets_.begin(), onsets_.end(),
            [](const Onset& a, const Onset& b) { return a.utc < b.utc; });
  std::sort(offsets_.begin(), offsets_.end());
  offsets_.erase(std::unique(offsets_.begin(), offsets_.end()), offsets_.end());
}

int VTimezone::offset_at(int64_t utc) const {
  auto it = std::upper_bound(onsets_.begin(), onsets_.end(), utc,
                             [](int64_t t, const Onset& o) { return t < o.utc; });
  if (it == onsets_.begin()) return onsets_.front().from;
  return std::prev(it)->to;
}

std::optional<int64_t> VTimezone::to_utc(int64_t local) const {
  std::optional<int64_t> best;
  for (int o : offsets_) {
    int64_t u = local - o;
    if (offset_at(u) == o && (!best || u < *best)) best = u;
  }
  return best;
}

int64_t event_time_utc(const IcsComponent& event, std::string_view property,
                       const VTimezone& zone) {
  const IcsProperty& p = event.required(property);
  bool utc = false;
  int64_t t = parse_date_time(p.value, &utc);
  if (utc) {
    if (p.params.count("TZID")) fail("UTC time with a TZID");
    return t;
  }
  auto tzid = p.params.find("TZID");
  if (tzid == p.params.end()) fail("floating time in " + std::string(property));
  if (tzid->second != zone.tzid()) fail("TZID " + tzid->second + " is not " + zone.tzid());
  auto u = zone.to_utc(t);
  if (!u) fail("local time in a gap: " + p.value);
  return *u;
}

}  // namespace slotpay::mail::testing
