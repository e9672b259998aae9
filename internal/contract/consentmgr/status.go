package consentmgr

// Status is ConsentStatusEnum: the state of a consent, carried in consentBody.Data.Status and patched
// through the "consentBody.Data.Status" member of a PATCH.
type Status string

// The five statuses of ConsentStatusEnum.
const (
	StatusAwaitingAuthorisation Status = "AwaitingAuthorisation"
	StatusAuthorised            Status = "Authorised"
	StatusConsumed              Status = "Consumed"
	StatusRejected              Status = "Rejected"
	StatusRevoked               Status = "Revoked"
)

// Statuses lists every value of ConsentStatusEnum in the contract's order.
var Statuses = []Status{StatusAwaitingAuthorisation, StatusAuthorised, StatusConsumed, StatusRejected, StatusRevoked}

// Valid reports whether s is one of the contract's statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusAwaitingAuthorisation, StatusAuthorised, StatusConsumed, StatusRejected, StatusRevoked:
		return true
	}
	return false
}

// Final reports whether no transition leaves s (Rejected, Revoked, Consumed).
func (s Status) Final() bool {
	return s == StatusRejected || s == StatusRevoked || s == StatusConsumed
}
