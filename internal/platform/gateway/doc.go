// Package gateway is the TecBan sandbox's TPP-facing resource server: the Open Banking Brasil
// phase-2 data APIs (consents, resources, accounts, credit-cards-accounts, customers, loans,
// financings, invoice-financings, unarranged-accounts-overdraft) and the phase-3 payments API
// (payment consents and PIX payments), under /open-banking/<api>/v1/… exactly as
// tecban/openapi/fase2 and fase3 write them. routes.go lists every operation.
//
// Every call passes the platform's checks before it reaches the bank (steps 6000–6001 of
// fluxo_compartilhamento.png and pis-detailed.png): the FAPI headers (x-fapi-interaction-id checked,
// echoed, generated when absent), the mutual-TLS client certificate, the bearer token (active,
// unexpired, with the operation's scope and bound to that certificate, cnf.x5t#S256), then for data
// and payment operations the consent the token carries (Authorised, unexpired, the caller's, with a
// permission covering the operation) and the resource ids the consent names. Only then the gateway
// calls the bank's Bank Connect AIS or PIS server through package bankclient (6002–6005, 6013) with
// the o3-* context headers, and turns the bank's answer into the OBB shape with links and meta.
//
// The consent lifecycle goes through the consent manager (package consents) in-process: POST
// creates it AwaitingAuthorisation, DELETE revokes it (and the consent manager's listeners revoke
// its tokens), a PIX payment consumes it. A payment consent is validated by the bank
// (payments-consent/action/validate, steps 2002–2006) before it is saved. POST /pix/payments is
// idempotent per x-idempotency-key through a store of its own (idempotency.go). Both payments POSTs
// require x-jws-signature, a detached JWS of the body by a key the client registered (jws.go).
//
// Errors have one shape, the OBB envelope (errors[] with code, title, detail; meta), written in one
// place (errors.go); a client mistake is never a 500, a bank that does not answer in time is a 504.
package gateway
