package connect_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// contractTestCases returns every test-case id the contract names, without the example.
func contractTestCases(t *testing.T) []string {
	t.Helper()
	p := findShared("obie-api-spec-ais.yaml")
	if p == "" {
		t.Logf("WARNING: shared/tecban/openapi/obie-api-spec-ais.yaml not found above %s; reading the embedded copy", mustWD())
		return bankconnect.TestCaseIDs(embeddedSpec())
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return bankconnect.TestCaseIDs(data)
}

// TestEveryContractTestCaseHasATest fails for each test case of the contract that no test of this
// package names (in a test or subtest name, or a comment).
func TestEveryContractTestCaseHasATest(t *testing.T) {
	ids := contractTestCases(t)
	if len(ids) != 185 {
		t.Fatalf("the contract names %d test cases, expected 185: was it changed?", len(ids))
	}
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var tests strings.Builder
	for _, f := range files {
		if f == "contract_test.go" {
			continue // the list below must not count
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tests.Write(b)
	}
	for _, id := range ids {
		if !strings.Contains(tests.String(), id) {
			t.Errorf("contract test case %s has no test", id)
		}
	}
}

// TestMain runs the suite and then, when every test ran, checks that every operation of the
// contract had a success and a client error validated against the contract.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		doc := contract.doc
		if doc != nil {
			for path := range doc.Paths.Map() {
				seen := validated.seen[path]
				if seen[200] == 0 || seen[400] == 0 || seen[401] == 0 {
					os.Stderr.WriteString("contract coverage: " + path + " lacks a validated 200, 400 or 401: " + validated.String() + "\n")
					code = 1
				}
			}
		}
	}
	os.Exit(code)
}
