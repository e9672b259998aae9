package core_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func TestErrorCodeAndMessageThroughWrapping(t *testing.T) {
	err := fmt.Errorf("loading account: %w", core.Errorf(core.ENOTFOUND, "account %s not found", "a1"))
	if got := core.ErrorCode(err); got != core.ENOTFOUND {
		t.Errorf("ErrorCode = %q", got)
	}
	if got := core.ErrorMessage(err); got != "account a1 not found" {
		t.Errorf("ErrorMessage = %q", got)
	}
	plain := errors.New("disk on fire")
	if core.ErrorCode(plain) != core.EINTERNAL || core.ErrorMessage(plain) != "internal error" {
		t.Errorf("a plain error must map to internal with a generic message")
	}
	if core.ErrorCode(nil) != "" || core.ErrorMessage(nil) != "" {
		t.Errorf("nil must map to empty")
	}
}

func TestJournalBalanced(t *testing.T) {
	ok := core.Journal{Postings: []core.Posting{{LedgerAccount: "a", Amount: -100}, {LedgerAccount: core.SettlementExternal, Amount: 100}}}
	if !ok.Balanced() {
		t.Error("a journal summing to zero must balance")
	}
	bad := core.Journal{Postings: []core.Posting{{LedgerAccount: "a", Amount: -100}, {LedgerAccount: "b", Amount: 99}}}
	if bad.Balanced() {
		t.Error("a journal not summing to zero must not balance")
	}
	if (core.Journal{Postings: []core.Posting{{LedgerAccount: "a"}}}).Balanced() {
		t.Error("a single posting is not a double entry")
	}
}
