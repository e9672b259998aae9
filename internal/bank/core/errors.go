package core

import (
	"errors"
	"fmt"
)

// Error codes. Adapters map them to their contract's status codes and error bodies in one place each;
// the domain never chooses an HTTP status.
const (
	EINVALID      = "invalid"      // the caller sent something malformed or not allowed
	ENOTFOUND     = "not_found"    // the thing does not exist, or not for this caller
	ECONFLICT     = "conflict"     // the request contradicts stored state (duplicate, wrong state)
	EFORBIDDEN    = "forbidden"    // the caller may not see or do this
	EUNAUTHORIZED = "unauthorized" // the caller is not authenticated
	EUNAVAILABLE  = "unavailable"  // a dependency (database, platform) cannot be reached
	EINTERNAL     = "internal"     // a bug or an unexpected failure
)

// Error is a domain error with a machine-readable code and a message safe to show the caller.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other non-nil
// error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a generic text for other
// errors so internal details never reach a caller.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
