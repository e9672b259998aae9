package conformance

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// sharedSpec returns tecban/openapi/NAME from the shared material above the working directory, nil
// when this checkout has none.
func sharedSpec(t *testing.T, name string) []byte {
	dir, _ := os.Getwd()
	for {
		for _, p := range []string{filepath.Join(dir, "..", "shared", "tecban", "openapi", name), filepath.Join(dir, "shared", "tecban", "openapi", name)} {
			if b, err := os.ReadFile(p); err == nil {
				return b
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Logf("WARNING: shared/tecban/openapi/%s not found; checking against the embedded copy only", name)
			return nil
		}
		dir = parent
	}
}

// TestEveryContractIDHasACase: the catalogue holds exactly one case per test-case id of the AIS
// contract — the shared original and the embedded copy — so a new id without a case fails here.
func TestEveryContractIDHasACase(t *testing.T) {
	specs := [][]byte{bankconnect.AISSpec()}
	if b := sharedSpec(t, "obie-api-spec-ais.yaml"); b != nil {
		specs = append(specs, b)
	}
	cases := Catalogue()
	var got []string
	for _, c := range cases {
		if c.Extra {
			if !bankconnect.TestCaseIDPattern.MatchString(c.ID) || slices.Contains(ContractIDs(bankconnect.AISSpec()), c.ID) {
				t.Errorf("extra check %s is not named like a test case or takes a contract id", c.ID)
			}
			continue
		}
		if slices.Contains(got, c.ID) {
			t.Errorf("case %s appears twice", c.ID)
		}
		got = append(got, c.ID)
		if len(c.steps) == 0 || c.Title == "" || len(c.Operations) == 0 {
			t.Errorf("case %s has no steps, title or operation", c.ID)
		}
	}
	for _, spec := range specs {
		want := ContractIDs(spec)
		if len(want) != 185 {
			t.Fatalf("the contract names %d test cases, expected 185: was it changed?", len(want))
		}
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("contract test case %s has no case", id)
			}
		}
		for _, id := range got {
			if !slices.Contains(want, id) {
				t.Errorf("case %s is no test case of the contract", id)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("cases are not in the contract's order")
		}
	}
}

// TestOperation: request paths find their contract operation, the most specific template first.
func TestOperation(t *testing.T) {
	for path, want := range map[string]string{
		"/accounts/x/balances":              "/accounts/{accountId}/balances",
		"/customer/beneficiaries":           "/customer/beneficiaries",
		"/payments/p-1/details":             "/payments/:paymentId/details",
		"/payments-consent/action/validate": "",
		"/nowhere":                          "",
	} {
		_, tmpl, err := operation("GET", path)
		if err != nil {
			t.Fatal(err)
		}
		if tmpl != want {
			t.Errorf("%s: %q, want %q", path, tmpl, want)
		}
	}
	if msg := validateResponse("GET", "/accounts/x", 500, []byte(`{"errorCode":"x","errorMessage":"y"}`)); !strings.Contains(msg, "declares no status 500") {
		t.Errorf("a 500 passed validation: %q", msg)
	}
	if msg := validateResponse("GET", "/accounts", 200, []byte(`{"data":[{"id":1}]}`)); msg == "" {
		t.Errorf("an invalid body passed validation")
	}
}
