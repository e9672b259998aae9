// Package bankconnect holds the wire types of the TecBan platform's Bank Connect API, which the bank
// serves and the platform calls over mutual TLS: the context headers every operation carries
// (o3-aspsp-id, o3-psu-identifier, …), the {"errorCode","errorMessage"} error body, Meta and
// PaginatedMeta, and the bodies of every AIS operation of tecban/openapi/obie-api-spec-ais.yaml
// ("Ozone Bank Connect - AIS APIs", version 2.2 release 34.1), including the Brazilian BRCB* schemas.
// The bank's Bank Connect server encodes them and the platform's Bank Connect client decodes them;
// both convert to their own domain types at the edge, so this package carries JSON tags, the embedded
// contract and nothing else: no HTTP, no storage.
//
// Where the contract's schemas contradict themselves, the types here follow the variant that
// validates against the contract as written, and ServedContract documents the few corrections the
// bank publishes at GET /openapi.json (see corrections.go): list operations whose schema names only
// the item, the CUS-010-020 empty data object, and a required property the schema forbids.
package bankconnect
