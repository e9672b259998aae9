// Package conformance is the Bank Connect conformance harness: every test case the TecBan AIS
// contract names (tecban/openapi/obie-api-spec-ais.yaml, the ###### ACC-010-010 … TXN-020-090
// headings, 185 ids) and checks of the PIS operations (obie-api-spec-pis.yaml), run as a black box
// over mutual TLS against any bank's Bank Connect server — ours or another bank's, in any language.
//
// A Case is one contract id with the requests to send and what each answer must be; Catalogue lists
// them in the contract's order, and a test keeps it equal to the ids the contract names, so a new id
// without a case fails. Run sends them through a Target (base URL, mutual-TLS client, o3-aspsp-id,
// optional bearer token) for a Fixture — the PSU's user id, accounts and contracts and another PSU's
// account — read from flags, a demo-users.json file (FromDemoUsers) or the consent manager
// (FromConsent). Every answer to a contract operation is also validated against the contract's
// schemas (the corrected copy embedded in internal/contract/bankconnect), so the harness needs no
// TecBan material beside it. The Report it returns is written as a text summary, JUnit XML and a
// self-contained HTML page with the request and response of every failure.
//
// The harness knows the target only through HTTP: it imports no bank or platform code.
package conformance
