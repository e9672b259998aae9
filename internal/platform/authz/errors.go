package authz

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is an OAuth 2.0 / OIDC error: the code a client sees (RFC 6749 §5.2, RFC 6749 §4.1.2.1,
// OIDC Core §3.1.2.6, RFC 9101 §6.3, RFC 9126 §2.3) and the HTTP status it travels with. The package's
// sentinels are never changed: WithDescription and WithCause return copies.
type Error struct {
	Code        string
	Description string
	Status      int
	cause       error
}

// Sentinels for every error code the server produces.
var (
	ErrInvalidRequest          = &Error{Code: "invalid_request", Status: http.StatusBadRequest}
	ErrInvalidClient           = &Error{Code: "invalid_client", Status: http.StatusUnauthorized}
	ErrInvalidGrant            = &Error{Code: "invalid_grant", Status: http.StatusBadRequest}
	ErrUnauthorizedClient      = &Error{Code: "unauthorized_client", Status: http.StatusBadRequest}
	ErrUnsupportedGrantType    = &Error{Code: "unsupported_grant_type", Status: http.StatusBadRequest}
	ErrUnsupportedResponseType = &Error{Code: "unsupported_response_type", Status: http.StatusBadRequest}
	ErrInvalidScope            = &Error{Code: "invalid_scope", Status: http.StatusBadRequest}
	ErrInvalidRequestObject    = &Error{Code: "invalid_request_object", Status: http.StatusBadRequest}
	ErrInvalidRequestURI       = &Error{Code: "invalid_request_uri", Status: http.StatusBadRequest}
	ErrAccessDenied            = &Error{Code: "access_denied", Status: http.StatusForbidden}
	ErrServerError             = &Error{Code: "server_error", Status: http.StatusInternalServerError}
)

func (e *Error) Error() string {
	msg := e.Code
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if e.cause != nil {
		msg += ": " + e.cause.Error()
	}
	return msg
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// Is matches any *Error with the same code, so errors.Is(err, ErrInvalidGrant) holds for a copy.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// WithDescription returns a copy of e with a formatted error_description.
func (e *Error) WithDescription(format string, args ...any) *Error {
	c := *e
	c.Description = fmt.Sprintf(format, args...)
	return &c
}

// WithCause returns a copy of e recording the internal cause, which is logged but never sent.
func (e *Error) WithCause(err error) *Error {
	c := *e
	c.cause = err
	return &c
}

// asError turns any error into an *Error: itself when it is one, server_error otherwise.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return ErrServerError.WithDescription("internal error").WithCause(err)
}

// safeDescription is the description restricted to the characters RFC 6749 §5.2 allows in
// error_description (printable ASCII except the double quote and the backslash), so it can travel in a redirect.
func (e *Error) safeDescription() string {
	b := []byte(e.Description)
	for i, c := range b {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			b[i] = '?'
		}
	}
	return string(b)
}
