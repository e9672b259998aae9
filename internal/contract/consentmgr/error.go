package consentmgr

// Error is the contract's error body, returned with every failure status.
type Error struct {
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
}

// Error codes the platform's consent manager puts in Error.ErrorCode. The contract fixes the body but
// not the codes; the HTTP status of every client mistake is 400, the only failure status the
// contract declares, so the code is what tells the failures apart.
const (
	CodeInvalidRequest       = "InvalidRequest"          // malformed JSON, missing or invalid field
	CodeUnsupportedMediaType = "UnsupportedMediaType"    // Content-Type is not application/json
	CodePayloadTooLarge      = "PayloadTooLarge"         // body over the size limit
	CodeConsentNotFound      = "ConsentNotFound"         // no consent with that id
	CodeInvalidTransition    = "InvalidStatusTransition" // status change not allowed from the current status
	CodeConflict             = "ConsentConflict"         // the consent already left the status the change needs (another change won)
	CodeConsentExpired       = "ConsentExpired"          // the consent's ExpirationDateTime has passed
	CodeNotFound             = "NotFound"                // no such operation
	CodeMethodNotAllowed     = "MethodNotAllowed"        // operation exists, not with this method
	CodeInternal             = "InternalError"           // the platform failed; not the caller's fault
)
