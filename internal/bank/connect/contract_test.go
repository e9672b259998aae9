package connect_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testCaseID is a contract test-case reference; XXX-999-999 is only the document's example.
var testCaseID = regexp.MustCompile(`[A-Z]{3}-\d{3}-\d{3}`)

// contractTestCases returns every test-case id the contract names in a ###### heading (comma lists
// included), without the example.
func contractTestCases(t *testing.T) []string {
	t.Helper()
	p := findShared("obie-api-spec-ais.yaml")
	var data []byte
	var err error
	if p == "" {
		t.Logf("WARNING: shared/tecban/openapi/obie-api-spec-ais.yaml not found above %s; reading the embedded copy", mustWD())
		data = embeddedSpec()
	} else if data, err = os.ReadFile(p); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, line := range strings.Split(string(data), "\n") {
		_, heading, ok := strings.Cut(line, "######")
		if !ok {
			continue
		}
		for _, id := range testCaseID.FindAllString(heading, -1) {
			if id != "XXX-999-999" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
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
