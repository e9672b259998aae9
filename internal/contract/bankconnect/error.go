package bankconnect

// Error is the contract's error body (components.schemas.Error), sent with every 4xx and 5xx.
type Error struct {
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
}

// Error codes the bank puts in Error.ErrorCode. The contract fixes the body but not the codes; it
// answers every client mistake of the AIS operations with 400, so the code tells them apart.
const (
	CodeInvalidHeader    = "InvalidHeader"    // a context header is missing or has an unexpected value
	CodeInvalidRequest   = "InvalidRequest"   // a malformed or missing query parameter or body
	CodeNotFound         = "NotFound"         // the account, contract or operation does not exist
	CodeNotAccessible    = "NotAccessible"    // the resource is not the PSU's (ACC-020-050 and kin)
	CodeUnauthorized     = "Unauthorized"     // missing or bad bearer token (ACC-010-100 and kin)
	CodeConflict         = "Conflict"         // the request contradicts stored state
	CodeMethodNotAllowed = "MethodNotAllowed" // the path exists, not with this method
	CodeUnavailable      = "ServiceUnavailable"
	CodeInternal         = "InternalError" // the bank failed; not the caller's fault
)
