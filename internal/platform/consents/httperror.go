package consents

import (
	"log/slog"
	"net/http"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// apiError is a failure on the wire: the contract's body and the HTTP status carrying it.
type apiError struct {
	status int
	body   consentmgr.Error
}

func badRequest(code, message string) *apiError {
	return &apiError{status: http.StatusBadRequest, body: consentmgr.Error{ErrorCode: code, ErrorMessage: message}}
}

// wireError maps a domain error to the contract's error body, the one place that does. The contract
// declares 400 as the only failure status of every operation, so every client mistake — including an
// unknown consent, a disallowed transition and a lost race — is a 400 told apart by errorCode; only
// a failure of the platform itself is a 500, and its details stay in the log.
func wireError(err error) *apiError {
	msg := ErrorMessage(err)
	switch ErrorCode(err) {
	case EINVALID:
		return badRequest(consentmgr.CodeInvalidRequest, msg)
	case ENOTFOUND:
		return badRequest(consentmgr.CodeConsentNotFound, msg)
	case ETRANSITION:
		return badRequest(consentmgr.CodeInvalidTransition, msg)
	case ECONFLICT:
		return badRequest(consentmgr.CodeConflict, msg)
	case EEXPIRED:
		return badRequest(consentmgr.CodeConsentExpired, msg)
	}
	return &apiError{status: http.StatusInternalServerError,
		body: consentmgr.Error{ErrorCode: consentmgr.CodeInternal, ErrorMessage: "internal error"}}
}

// writeError writes e, logging a platform failure with its cause.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, e *apiError, cause error) {
	if e.status >= 500 && cause != nil {
		log.ErrorContext(r.Context(), "consent manager request failed", "method", r.Method, "path", r.URL.Path, "err", cause)
	}
	encode(w, e.status, e.body)
}
