// Package tecbanclient is the bank's mutual-TLS client of the TecBan platform's APIs the bank calls:
// the Consent Manager (tecban/openapi/consent-manager-spec.yaml), from which the PIS server reads the
// payment consent a payment is made under (GET /consents/{consentId}, the bank's side of steps
// 6003/6004 and 6012 of tecban/images/pis-detailed.png). It converts the contract's bodies to core
// types at the edge and maps the platform's failures to core error codes: an unknown consent is
// ENOTFOUND, an unreachable or failing platform EUNAVAILABLE.
package tecbanclient
