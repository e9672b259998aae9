package consents

import "github.com/ifconnect/ifconnect/internal/contract/consentmgr"

// Status is the contract's consent status (ConsentStatusEnum).
type Status = consentmgr.Status

// transitions is the consent lifecycle: the statuses each status may move to. A consent is created
// AwaitingAuthorisation; the bank authorises or rejects it at step 4003 (PATCH "consentBody.Data.Status");
// an authorised consent is revoked (by the PSU, the TPP or the bank) or, for a payment consent, consumed
// by the one payment it allows. Rejected, Revoked and Consumed are final.
var transitions = map[Status][]Status{
	consentmgr.StatusAwaitingAuthorisation: {consentmgr.StatusAuthorised, consentmgr.StatusRejected},
	consentmgr.StatusAuthorised:            {consentmgr.StatusRevoked, consentmgr.StatusConsumed},
}

// CanTransition reports whether a consent in status from may move to status to.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}
