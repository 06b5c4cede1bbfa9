#include "app/merchant_catalog.hpp"

#include <algorithm>
#include <memory>

#include "app/log.hpp"
#include "app/origins.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// What a save computed inside its transaction, for the reply after the commit.
struct SaveOutcome {
  std::optional<ApiError> error;
  std::shared_ptr<CatalogEntry> entry;
  int64_t version = 0;
  json item;  // the edited item (edits)
};

// Makes the new catalog from the current one, or refuses.
using MakeCatalog =
    std::function<std::variant<json, ApiError>(const json& current, json& item_out)>;

void save_catalog_edit(AppContext& ctx, const Principal& who, MakeCatalog make, int status,
                       bool with_catalog, Reply reply) {
  auto out = std::make_shared<SaveOutcome>();
  const int64_t now = ctx.clock.now_ms();
  ctx.store.write(
      [who, make, out, now](BookingTx& tx) {
        auto& a = tx.accounts();
        if (!a.lock_merchant(who.merchant_id)) {
          out->error = ApiError{"merchant_not_found", "", "no such merchant", nullptr};
          return false;
        }
        auto m = tx.merchant(who.merchant_id);
        auto text = m ? tx.catalog_text(who.merchant_id, m->catalog_version) : std::nullopt;
        if (!text) throw StoreError("the merchant's catalog is missing");
        json made;
        auto result = make(json::parse(*text), out->item);
        if (auto* err = std::get_if<ApiError>(&result)) {
          out->error = *err;
          return false;
        }
        made = std::move(std::get<json>(result));
        if (auto problem = merchant_catalog_problem(made)) {
          out->error = *problem;
          return false;
        }
        const std::string new_text = made.dump();
        auto parsed = parse_catalog_text(new_text);
        if (auto* errors = std::get_if<slotpay::Errors>(&parsed)) {
          out->error = invalid_catalog_error(*errors);
          return false;  // nothing saved
        }
        out->entry = std::const_pointer_cast<CatalogEntry>(std::get<CatalogPtr>(parsed));
        if (out->entry->loaded.catalog.merchant.id != who.merchant_id) {
          out->error = ApiError{
              "invalid_catalog", "catalog.merchant.id",
              "catalog.merchant.id must be the merchant's id '" + who.merchant_id + "'", nullptr};
          return false;
        }
        out->version = a.save_catalog(who.merchant_id, new_text,
                                      out->entry->loaded.catalog.merchant.name, now);
        return true;
      },
      [&ctx, who, out, status, with_catalog, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (out->error) return reply(AppResult::fail(*out->error));
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          out->entry->merchant_id = who.merchant_id;
          out->entry->version = out->version;
          ctx.catalogs.put(out->entry);
          ctx.merchants.forget(who.merchant_id);
          log_info("catalog saved by merchant",
                   {{"merchant", who.merchant_id}, {"catalog_version", out->version}});
          ojson body;
          body["catalog_version"] = out->version;
          if (with_catalog)
            body["catalog"] = ojson::parse(out->entry->text.empty() ? "{}" : out->entry->text);
          else
            body["item"] = out->item;
          reply(AppResult::ok(std::move(body), status));
        });
      });
}

}  // namespace

void get_merchant_catalog_use_case(AppContext& ctx, const Principal& who, Reply reply) {
  ctx.store.read([who, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(who.merchant_id);
      auto text = m ? r.catalog_text(who.merchant_id, m->catalog_version) : std::nullopt;
      if (!text)
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      ojson body;
      body["catalog_version"] = m->catalog_version;
      body["catalog"] = ojson::parse(*text);
      reply(AppResult::ok(std::move(body)));
    });
  });
}

void put_merchant_catalog_use_case(AppContext& ctx, const Principal& who, const json& catalog,
                                   Reply reply) {
  if (!catalog.is_object())
    return reply(AppResult::fail({"missing_field", "catalog", "catalog object required", nullptr}));
  json given = catalog;
  if (given.contains("merchant") && given["merchant"].is_object() &&
      !given["merchant"].contains("id"))
    given["merchant"]["id"] = who.merchant_id;
  save_catalog_edit(
      ctx, who, [given](const json&, json&) -> std::variant<json, ApiError> { return given; }, 200,
      true, std::move(reply));
}

void edit_merchant_catalog_use_case(AppContext& ctx, const Principal& who, const CatalogEdit& edit,
                                    Reply reply) {
  save_catalog_edit(
      ctx, who,
      [edit](const json& current, json& item) -> std::variant<json, ApiError> {
        EditResult r = apply_catalog_edit(current, edit);
        if (r.error) return *r.error;
        item = r.item;
        return std::move(r.catalog);
      },
      edit.op == EditOp::kAdd ? 201 : 200, false, std::move(reply));
}

std::variant<std::vector<std::string>, ApiError> normalize_origins(
    const std::vector<std::string>& given) {
  std::vector<std::string> out;
  for (size_t i = 0; i < given.size(); ++i) {
    OriginCheck c = normalize_origin(given[i]);
    if (!c.error.empty())
      return ApiError{"invalid_field", "allowed_origins[" + std::to_string(i) + "]", c.error,
                      nullptr};
    if (std::find(out.begin(), out.end(), c.origin) == out.end()) out.push_back(c.origin);
  }
  if (out.size() > kMaxAllowedOrigins)
    return ApiError{"invalid_field", "allowed_origins",
                    "at most " + std::to_string(kMaxAllowedOrigins) + " origins", nullptr};
  return out;
}

void get_origins_use_case(AppContext& ctx, const Principal& who, Reply reply) {
  ctx.store.read([who, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(who.merchant_id);
      if (!m)
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      reply(AppResult::ok(ojson{{"allowed_origins", m->allowed_origins}}));
    });
  });
}

void put_origins_use_case(AppContext& ctx, const Principal& who,
                          const std::vector<std::string>& given, Reply reply) {
  auto normalized = normalize_origins(given);
  if (auto* err = std::get_if<ApiError>(&normalized)) return reply(AppResult::fail(*err));
  auto origins = std::get<std::vector<std::string>>(normalized);
  auto found = std::make_shared<bool>(false);
  ctx.store.write(
      [who, origins, found](BookingTx& tx) {
        return *found = tx.accounts().set_allowed_origins(who.merchant_id, origins);
      },
      [&ctx, who, origins, found, reply](const WriteResult& w) {
        guarded(reply, [&] {
          if (!w.error.empty()) return reply(AppResult::fail(store_failure(w)));
          if (!*found)
            return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
          ctx.merchants.forget(who.merchant_id);  // CORS and frame-ancestors see it at once
          reply(AppResult::ok(ojson{{"allowed_origins", origins}}));
        });
      });
}

}  // namespace slotpay::server
