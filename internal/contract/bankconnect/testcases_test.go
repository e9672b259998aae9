package bankconnect_test

import (
	"slices"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

func TestTestCaseIDs(t *testing.T) {
	spec := []byte("a\n  ###### ACC-010-070, ACC-010-080\n###### XXX-999-999\n - ###### ACC-010-070\nACC-999-999 outside a heading\n")
	if got := bankconnect.TestCaseIDs(spec); !slices.Equal(got, []string{"ACC-010-070", "ACC-010-080"}) {
		t.Fatalf("TestCaseIDs = %v", got)
	}
	if n := len(bankconnect.TestCaseIDs(bankconnect.AISSpec())); n != 185 {
		t.Fatalf("the embedded AIS contract names %d test cases, want 185", n)
	}
}
