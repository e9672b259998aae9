// Package connect is the bank's Bank Connect server: the AIS operations of
// tecban/openapi/obie-api-spec-ais.yaml (and the PIS ones of obie-api-spec-pis.yaml) that the TecBan
// platform calls over mutual TLS to read a customer's accounts, balances, transactions, standing data,
// credit contracts and customer data on a TPP's behalf (step 6002 of the data-sharing flow). Each
// handler decodes the call, asks core's narrow reader interfaces, and encodes the contract's wire
// types from internal/contract/bankconnect; routes.go lists every operation with the contract test
// cases it satisfies, and errors.go is the one place that maps core's error codes to the contract's
// status codes and {"errorCode","errorMessage"} body.
//
// # Access model
//
// Mutual TLS admits only the platform's allow-listed client certificates; an optional bearer token
// (static, or a JWT signed by the platform) is checked next (401 on failure). Every operation then
// requires o3-aspsp-id equal to the bank's id, o3-api-uri, o3-api-operation (the operation's method)
// and o3-ozone-interaction-id; the contract makes the last three "may" 400s, the bank enforces them.
//
// The PSU is the userId of o3-psu-identifier (base64 of the consent's psuIdentifiers JSON). What the
// PSU may read is its scope: core.CustomerReader.CustomersOfUser — the user's own person and the
// companies the user represents — less companies where the user's powers exclude sharing data, and
// narrowed to psuIdentifiers.customerId when the bank wrote one at consent time (a consent given for
// one company covers only that company). An unknown user has an empty scope. Data outside the scope
// is treated as the contract treats "another PSU":
//
//   - collections (GET /accounts?accountIds=…, /balances, /transactions, /direct-debits, …) skip ids
//     that do not exist, are deleted, or are outside the scope, exactly as unknown ids (ACC-010-030),
//     and answer an empty data array when nothing is left (ACC-010-040, OFF-010-030);
//   - single resources (GET /accounts/{accountId}/…, /loans/{contractId}/…) answer 400: NotFound when
//     the account or contract does not exist or is deleted (ACC-020-020), NotAccessible when it is
//     outside the scope (ACC-020-050); GET /accounts/{accountId}/customer answers an empty list for
//     both, as CUS-020-020 allows, so it reveals nothing about other customers;
//   - GET /customer answers the empty data object for a PSU that is no customer (CUS-010-020); the
//     Brazilian customer operations, whose schemas have no empty form, answer 400 NotFound.
//
// o3-psu-identifier is required everywhere except GET /products, which is not made for a PSU. The
// collections of account objects (transactions, direct debits, scheduled payments, standing orders,
// beneficiaries) also accept accountIds without a PSU, as the contract allows, but only with
// o3-consent-id: the platform has then already scoped the call to the consent's accounts. With
// o3-consent-id and a PSU the platform has scoped the accountIds and the bank still enforces the PSU.
//
// Transactions are paginated (PaginatedMeta: paginated true, totalPages ≥ 1), newest first, with
// Deps.PageSize lines per page; fromBookingDateTime and toBookingDateTime take ISO 8601 dates (a whole
// day in the bank's time zone, both bounds inclusive) or date-times; the unsupported status filter is
// refused, as the contract requires of an ASPSP that does not support it.
package connect
