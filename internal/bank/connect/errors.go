package connect

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// Error codes of this adapter beyond core's, for mistakes only the HTTP edge can make.
const (
	codeInvalidHeader    = "connect_invalid_header"  // a context header is missing or unexpected
	codeNoRoute          = "connect_no_route"        // no operation at this path
	codeMethodNotAllowed = "connect_method"          // the path exists, not with this method
	codeTooLarge         = "connect_request_too_big" // headers, query or body over the limits
)

// errorStatus is the one place that chooses the status and the contract's errorCode of a failure.
// The AIS contract declares 400 for every client mistake — a missing or bad header, an account that
// does not exist (ACC-020-020) or is another PSU's (ACC-020-050) — and 401 for an unauthorised caller
// (ACC-010-100); the codes tell the 400s apart.
var errorStatus = map[string]struct {
	status int
	code   string
}{
	core.EINVALID:        {http.StatusBadRequest, bankconnect.CodeInvalidRequest},
	codeInvalidHeader:    {http.StatusBadRequest, bankconnect.CodeInvalidHeader},
	codeTooLarge:         {http.StatusBadRequest, bankconnect.CodeInvalidRequest},
	core.ENOTFOUND:       {http.StatusBadRequest, bankconnect.CodeNotFound},
	core.EFORBIDDEN:      {http.StatusBadRequest, bankconnect.CodeNotAccessible},
	core.EUNAUTHORIZED:   {http.StatusUnauthorized, bankconnect.CodeUnauthorized},
	core.ECONFLICT:       {http.StatusConflict, bankconnect.CodeConflict},
	codeNoRoute:          {http.StatusNotFound, bankconnect.CodeNotFound},
	codeMethodNotAllowed: {http.StatusMethodNotAllowed, bankconnect.CodeMethodNotAllowed},
	core.EUNAVAILABLE:    {http.StatusServiceUnavailable, bankconnect.CodeUnavailable},
	core.EINTERNAL:       {http.StatusInternalServerError, bankconnect.CodeInternal},
}

// writeError answers err in the contract's {"errorCode","errorMessage"} body. Errors that are not
// the caller's fault are logged with their detail, which never reaches the caller.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := core.ErrorCode(err)
	m, ok := errorStatus[code]
	if !ok {
		m = errorStatus[core.EINTERNAL]
	}
	msg := core.ErrorMessage(err)
	if m.status >= 500 {
		s.log.LogAttrs(r.Context(), slog.LevelError, "bank connect request failed",
			slog.String("path", r.URL.Path), slog.String("interactionId", r.Header.Get(bankconnect.HeaderOzoneInteractionID)),
			slog.String("error", err.Error()))
		var ce *core.Error
		if !errors.As(err, &ce) {
			msg = "internal error"
		}
	}
	if m.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="bank-connect"`)
	}
	writeJSON(w, m.status, bankconnect.Error{ErrorCode: m.code, ErrorMessage: msg})
}

// invalidHeader is the error of a missing or unexpected context header.
func invalidHeader(format string, args ...any) error {
	return core.Errorf(codeInvalidHeader, format, args...)
}

// invalid is the error of a malformed query parameter.
func invalid(format string, args ...any) error {
	return core.Errorf(core.EINVALID, format, args...)
}
