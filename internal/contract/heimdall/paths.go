package heimdall

import "net/url"

// Paths of the headless API, relative to the platform's bank-facing base URL.
const (
	// PathAuth starts an interaction (step 3003); the bank forwards the TPP's query parameters.
	PathAuth = "/auth"
)

// ConfirmPath is the path of POST /auth/{interactionId}/doConfirm (step 4005).
func ConfirmPath(interactionID string) string {
	return "/auth/" + url.PathEscape(interactionID) + "/doConfirm"
}

// FailPath is the path of POST /auth/{interactionId}/doFail.
func FailPath(interactionID string) string {
	return "/auth/" + url.PathEscape(interactionID) + "/doFail"
}
