#include "app/catalog_edit.hpp"

#include <algorithm>
#include <cctype>

namespace slotpay::server {
namespace {

using json = nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

const char* collection_name(CatalogPart p) {
  switch (p) {
    case CatalogPart::kService:
      return "services";
    case CatalogPart::kStaff:
      return "staff";
    case CatalogPart::kCoupon:
      return "coupons";
    case CatalogPart::kOverride:
      return "overrides";
  }
  return "";
}

ApiError not_found(CatalogPart p, const std::string& key) {
  return ApiError{"not_found", std::string(collection_name(p)) + "/" + key,
                  std::string("no such item in ") + collection_name(p) + ": '" + key + "'",
                  nullptr};
}

ApiError exists(CatalogPart p, const std::string& key) {
  return ApiError{"already_exists", std::string(collection_name(p)) + "/" + key,
                  std::string(collection_name(p)) + " already has '" + key + "'", nullptr};
}

ApiError bad(const std::string& field, const std::string& message) {
  return ApiError{"invalid_field", field, message, nullptr};
}

// The key of an array item ("id" or "code"), "" when absent or not a string.
std::string item_key(const json& item, CatalogPart p) {
  const char* k = p == CatalogPart::kCoupon ? "code" : "id";
  if (!item.is_object() || !item.contains(k) || !item[k].is_string()) return "";
  return item[k].get<std::string>();
}

bool same_key(CatalogPart p, const std::string& a, const std::string& b) {
  return p == CatalogPart::kCoupon ? lower(a) == lower(b) : a == b;
}

EditResult edit_array(json catalog, const CatalogEdit& e) {
  EditResult r;
  const char* name = collection_name(e.part);
  const char* key_name = e.part == CatalogPart::kCoupon ? "code" : "id";
  if (!catalog.contains(name) || catalog[name].is_null()) catalog[name] = json::array();
  if (!catalog[name].is_array()) {
    r.error = bad(std::string("catalog.") + name, std::string(name) + " must be an array");
    return r;
  }
  json& arr = catalog[name];
  auto find = [&](const std::string& key) {
    return std::find_if(arr.begin(), arr.end(),
                        [&](const json& x) { return same_key(e.part, item_key(x, e.part), key); });
  };
  if (e.op == EditOp::kAdd) {
    std::string key = item_key(e.body, e.part);
    if (!e.body.is_object() || key.empty()) {
      r.error = bad(key_name, std::string("the new item needs a string \"") + key_name + "\"");
      return r;
    }
    if (find(key) != arr.end()) {
      r.error = exists(e.part, key);
      return r;
    }
    arr.push_back(e.body);
    r.item = e.body;
  } else {
    auto it = find(e.key);
    if (it == arr.end()) {
      r.error = not_found(e.part, e.key);
      return r;
    }
    if (e.op == EditOp::kPatch) {
      if (!e.body.is_object()) {
        r.error = bad("", "a patch is a JSON object (RFC 7396 merge patch)");
        return r;
      }
      json item = *it;
      json_merge_patch(item, e.body);
      std::string key = item_key(item, e.part);
      if (key.empty()) {
        r.error = bad(key_name, std::string("an item keeps a string \"") + key_name + "\"");
        return r;
      }
      if (!same_key(e.part, key, e.key) && find(key) != arr.end()) {
        r.error = exists(e.part, key);
        return r;
      }
      *it = item;
      r.item = item;
    } else {
      arr.erase(it);
      r.item = nullptr;
      // Staff members no longer offer a service that is gone.
      if (e.part == CatalogPart::kService && catalog.contains("staff") &&
          catalog["staff"].is_array())
        for (auto& member : catalog["staff"])
          if (member.is_object() && member.contains("services") && member["services"].is_array()) {
            auto& s = member["services"];
            s.erase(std::remove(s.begin(), s.end(), json(e.key)), s.end());
          }
    }
  }
  r.catalog = std::move(catalog);
  return r;
}

EditResult edit_override(json catalog, const CatalogEdit& e) {
  EditResult r;
  if (!catalog.contains("schedule") || !catalog["schedule"].is_object()) {
    r.error = bad("catalog.schedule", "the catalog has no schedule object");
    return r;
  }
  json& schedule = catalog["schedule"];
  if (!schedule.contains("overrides") || schedule["overrides"].is_null())
    schedule["overrides"] = json::object();
  if (!schedule["overrides"].is_object()) {
    r.error = bad("catalog.schedule.overrides", "overrides must be an object keyed by date");
    return r;
  }
  json& ov = schedule["overrides"];
  std::string date = e.key;
  if (e.op == EditOp::kAdd) {
    if (!e.body.is_object() || !e.body.contains("date") || !e.body["date"].is_string()) {
      r.error = bad("date", "the new override needs a \"date\" (YYYY-MM-DD)");
      return r;
    }
    date = e.body["date"].get<std::string>();
    if (ov.contains(date)) {
      r.error = exists(e.part, date);
      return r;
    }
  } else if (!ov.contains(date)) {
    r.error = not_found(e.part, date);
    return r;
  }
  if (e.op == EditOp::kRemove) {
    ov.erase(date);
    r.item = nullptr;
  } else {
    if (!e.body.is_object() || !e.body.contains("hours")) {
      r.error = bad("hours", "an override needs \"hours\" ([] for closed)");
      return r;
    }
    for (auto it = e.body.begin(); it != e.body.end(); ++it)
      if (it.key() != "date" && it.key() != "hours") {
        r.error = ApiError{"unknown_field", it.key(), "unknown field", nullptr};
        return r;
      }
    if (e.op == EditOp::kPatch && e.body.contains("date") && e.body["date"] != date) {
      r.error = bad("date", "the date of an override cannot change: remove it and add another");
      return r;
    }
    ov[date] = e.body["hours"];
    r.item = json{{"date", date}, {"hours", e.body["hours"]}};
  }
  r.catalog = std::move(catalog);
  return r;
}

}  // namespace

std::optional<CatalogPart> catalog_part_from(std::string_view c) {
  if (c == "services") return CatalogPart::kService;
  if (c == "staff") return CatalogPart::kStaff;
  if (c == "coupons") return CatalogPart::kCoupon;
  if (c == "overrides") return CatalogPart::kOverride;
  return std::nullopt;
}

EditResult apply_catalog_edit(const json& catalog, const CatalogEdit& edit) {
  if (!catalog.is_object()) {
    EditResult r;
    r.error = bad("catalog", "the stored catalog is not an object");
    return r;
  }
  return edit.part == CatalogPart::kOverride ? edit_override(catalog, edit)
                                             : edit_array(catalog, edit);
}

void json_merge_patch(json& target, const json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.value().is_null())
      target.erase(it.key());
    else
      json_merge_patch(target[it.key()], it.value());
  }
}

std::optional<ApiError> merchant_catalog_problem(const json& catalog) {
  if (catalog.is_object() && catalog.contains("merchant") && catalog["merchant"].is_object() &&
      catalog["merchant"].contains("platform_fee"))
    return ApiError{"field_not_allowed", "catalog.merchant.platform_fee",
                    "the platform fee is set by the platform operator, not in the catalog",
                    nullptr};
  return std::nullopt;
}

std::optional<FeeSetting> take_platform_fee(json& catalog) {
  if (!catalog.is_object() || !catalog.contains("merchant") || !catalog["merchant"].is_object() ||
      !catalog["merchant"].contains("platform_fee"))
    return std::nullopt;
  const json fee = catalog["merchant"]["platform_fee"];
  auto field = [&](const char* k) -> std::optional<int64_t> {
    if (!fee.is_object() || !fee.contains(k)) return int64_t{0};
    if (!fee[k].is_number_integer()) return std::nullopt;
    return fee[k].get<int64_t>();
  };
  auto bps = field("rate_bps"), fixed = field("fixed");
  if (!bps || !fixed) return std::nullopt;  // malformed: stays for the core to report
  catalog["merchant"].erase("platform_fee");
  return FeeSetting{*bps, *fixed};
}

json starter_catalog(const std::string& merchant_id, const std::string& name,
                     const std::string& timezone, const std::string& currency) {
  json c;
  c["merchant"] = {{"id", merchant_id},
                   {"name", name},
                   {"timezone", timezone},
                   {"currency", currency},
                   {"min_charge_policy", "raise_to_minimum"}};
  json day = json::array({json::array({"09:00", "17:00"})});
  c["schedule"] = {
      {"weekly", {{"mon", day}, {"tue", day}, {"wed", day}, {"thu", day}, {"fri", day}}},
      {"overrides", json::object()},
      {"slot_interval_min", 15},
      {"min_notice_min", 60},
      {"max_advance_days", 60}};
  c["staff"] = json::array();
  c["services"] = json::array();
  c["coupons"] = json::array();
  return c;
}

}  // namespace slotpay::server
