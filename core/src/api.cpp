#include <array>

#include "json/json_in.hpp"
#include "json/json_out.hpp"
#include "ops.hpp"
#include "slotpay/json.hpp"

namespace slotpay {
namespace {

using ops::dump_doc;

struct Operation {
  std::string_view name;
  ops::ojson (*handler)(const ops::json&);
  // Optional: an operation with large responses may write its body itself (the same
  // bytes dump_doc would give, checked by the golden vectors).
  std::string (*text_handler)(const ops::json&) = nullptr;
};

// The contract's operations. Add new ones here; never rename one.
constexpr std::array kOperations = {
    Operation{"currency", &ops::currency},
    Operation{"quote", &ops::quote},
    Operation{"availability", &ops::availability, &ops::availability_text},
    Operation{"validate", &ops::validate},
    Operation{"cancel", &ops::cancel},
};

}  // namespace

namespace ops {

// Invalid UTF-8 (an id cut in the middle of a character) is replaced, not thrown on.
std::string dump_doc(const ojson& doc) { return doc.dump(); }

ojson error_doc(const Error& e) {
  ojson o;
  o["error"] = detail::to_json(e);
  return o;
}

ojson errors_doc(const Errors& errors) {
  ojson o;
  o["ok"] = false;
  ojson list = ojson::array();
  for (const auto& e : errors) list.push_back(detail::to_json(e));
  o["errors"] = std::move(list);
  return o;
}

}  // namespace ops

std::vector<std::string> operations() {
  std::vector<std::string> names;
  for (const auto& op : kOperations) names.emplace_back(op.name);
  return names;
}

Response run(std::string_view op, std::string_view request_json) {
  const Operation* found = nullptr;
  for (const auto& o : kOperations)
    if (o.name == op) found = &o;
  if (found == nullptr) {
    return Response{dump_doc(ops::error_doc(
                        make_error(ErrorCode::kUnknownOperation, "op",
                                   "unknown operation '" + std::string(op.substr(0, 32)) + "'"))),
                    true};
  }
  detail::json request;
  if (auto err = detail::parse_json(request_json, request))
    return Response{dump_doc(ops::error_doc(*err)), true};
  if (!request.is_object())
    return Response{dump_doc(ops::error_doc(
                        make_error(ErrorCode::kInvalidJson, "", "request must be a JSON object"))),
                    true};
  if (found->text_handler != nullptr) return Response{found->text_handler(request), false};
  return Response{dump_doc(found->handler(request)), false};
}

}  // namespace slotpay
