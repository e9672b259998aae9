package bankconnect

import (
	"regexp"
	"slices"
	"strings"
)

// TestCaseIDPattern matches a Bank Connect test-case reference such as ACC-010-010: the contract marks
// each behaviour an ASPSP must show with one, and the Ozone test harness (and ours, internal/conformance)
// checks it under that name.
var TestCaseIDPattern = regexp.MustCompile(`[A-Z]{3}-\d{3}-\d{3}`)

// exampleTestCaseID is the contract's illustration of the reference format, not a test case.
const exampleTestCaseID = "XXX-999-999"

// TestCaseIDs returns every test-case id an OpenAPI document names in a ###### heading (comma lists
// included), in order of first appearance, without the document's example XXX-999-999.
func TestCaseIDs(spec []byte) []string {
	var ids []string
	for _, line := range strings.Split(string(spec), "\n") {
		_, heading, ok := strings.Cut(line, "######")
		if !ok {
			continue
		}
		for _, id := range TestCaseIDPattern.FindAllString(heading, -1) {
			if id != exampleTestCaseID && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}
