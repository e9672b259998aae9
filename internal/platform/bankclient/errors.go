package bankclient

import (
	"errors"
	"fmt"
)

// Kind classifies a failed call.
type Kind int

const (
	// KindRejected: the bank answered 4xx with its error body; Status and Code say what.
	KindRejected Kind = iota + 1
	// KindBankFailure: the bank answered 5xx, or a body that is not what the contract promises.
	KindBankFailure
	// KindTimeout: no answer within the deadline, or the bank could not be reached.
	KindTimeout
	// KindUnavailable: the circuit breaker of the endpoint is open; the bank was not called.
	KindUnavailable
)

func (k Kind) String() string {
	switch k {
	case KindRejected:
		return "rejected"
	case KindBankFailure:
		return "bank failure"
	case KindTimeout:
		return "timeout"
	case KindUnavailable:
		return "unavailable"
	}
	return "unknown"
}

// Error is a failed Bank Connect call.
type Error struct {
	Kind     Kind
	Endpoint string // "GET /accounts/{accountId}"
	// Status, Code and Message are the bank's answer when it gave one (KindRejected, KindBankFailure).
	Status  int
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("bank connect %s: %s", e.Endpoint, e.Kind)
	if e.Status != 0 {
		msg += fmt.Sprintf(" (%d %s: %s)", e.Status, e.Code, e.Message)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of the *Error in err's chain, 0 when there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// ErrCircuitOpen is wrapped by the errors of calls refused by an open breaker.
var ErrCircuitOpen = errors.New("circuit breaker open")
