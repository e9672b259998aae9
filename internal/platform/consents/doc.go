// Package consents is the TecBan sandbox's Consent Manager: it stores the consents TPPs lodge with the
// platform and lets the bank read, authorise, reject and revoke them, exactly as
// tecban/openapi/consent-manager-spec.yaml describes (POST /consents, GET and PATCH
// /consents/{consentId}, GET /psu/{userId}/consents), served by NewHandler on the platform's
// bank-facing mutual-TLS listener. The rest of the platform (the authorization server, the TPP-facing
// gateway) uses the same Service in-process: Create when a TPP lodges a consent, Get to show it,
// Transition to consume a payment consent, and OnStatusChange to revoke tokens when a consent ends.
//
// A consent has two ids. ID is the consent manager's own uuid v4 (the contract's top-level "id");
// ConsentID is the URN TPPs and the PSU see (consentBody.Data.ConsentId, "urn:ifconnect:<uuid>", the
// openbanking_intent_id the bank reads from the id_token at step 3005). Every operation taking a
// consent id accepts either: a uuid is looked up as ID, anything else as ConsentID.
//
// Status changes follow the contract's lifecycle: AwaitingAuthorisation → Authorised or Rejected,
// Authorised → Revoked or Consumed, nothing else. They are compare-and-set on the consent's status and
// version in one statement, so of two concurrent changes exactly one wins and the other fails with
// ECONFLICT — also when the loser reads the winner's result, since a change that was allowed from a
// status the consent has left is a conflict, not a lifecycle mistake (ETRANSITION). Every change is kept in the consent's history (who, when, from, to, what it carried),
// returned by the Go API and, on the wire, in consentBody.history.
//
// Expiry: a consent whose consentBody.Data.ExpirationDateTime has passed is no longer usable. The
// contract's status enum has no "Expired", so the consent manager ends it with the closest allowed
// transition the first time it is read or patched after that instant (or when ExpireDue sweeps): an
// Authorised consent becomes Revoked, one still AwaitingAuthorisation becomes Rejected, with a history
// entry by "consent-manager:expiry" whose supplementaryInformation is {"reason":"ConsentExpired"}.
// Listeners hear that change like any other, so tokens die with the consent. Authorising an expired
// consent fails with EEXPIRED.
package consents
