package consents

import (
	"errors"
	"fmt"
)

// Error codes of the consent manager's domain. The HTTP edge maps them to the contract's error body
// in one place (httperror.go); the domain never picks a status code.
const (
	EINVALID    = "invalid"    // the caller sent something malformed or not allowed
	ENOTFOUND   = "not_found"  // no consent with that id
	ETRANSITION = "transition" // the status change is not allowed from the consent's current status
	ECONFLICT   = "conflict"   // the consent changed between read and write: another change won
	EEXPIRED    = "expired"    // the consent's ExpirationDateTime has passed
	EINTERNAL   = "internal"   // a bug or a database failure
)

// Error is a domain error with a code and a message safe to show the caller.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other non-nil
// error and "" for nil.
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
