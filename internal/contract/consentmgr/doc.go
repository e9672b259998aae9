// Package consentmgr holds the wire types of the TecBan platform's Consent Manager API
// (tecban/openapi/consent-manager-spec.yaml, "Consent Manager APIs" v2.2 release 31.2): the bodies of
// POST /consents, GET and PATCH /consents/{consentId} and GET /psu/{userId}/consents, and the error
// body every failure carries. The platform's consent manager serves them and the bank's client calls
// them (steps 3005/3006 and 4003/4004 of the data-sharing flow, and their payment counterparts); both
// sides convert to their own domain types at the edge, so this package carries JSON tags and nothing
// else: no HTTP, no storage, no rules beyond the shape of the contract.
//
// Objects the contract declares open (additionalProperties: true) keep the members this package does
// not name in an Extra map and write them back unchanged, so nothing a peer stored is lost in a
// round trip.
package consentmgr
