package conformance

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// ContractIDs returns every test-case id an OpenAPI document names, in order of first appearance
// (bankconnect.TestCaseIDs).
func ContractIDs(spec []byte) []string { return bankconnect.TestCaseIDs(spec) }

// contracts are the AIS contract (with bankconnect.Correct applied: the bank's documented corrections
// of schemas no answer could satisfy) and the PIS contract, loaded once from the embedded copies.
var contracts struct {
	once     sync.Once
	ais, pis *openapi3.T
	err      error
}

func loadContracts() (ais, pis *openapi3.T, err error) {
	contracts.once.Do(func() {
		if contracts.ais, contracts.err = bankconnect.LoadContract(bankconnect.AISSpec()); contracts.err != nil {
			return
		}
		if contracts.err = bankconnect.Correct(contracts.ais); contracts.err != nil {
			return
		}
		contracts.pis, contracts.err = bankconnect.LoadContract(bankconnect.PISSpec())
	})
	return contracts.ais, contracts.pis, contracts.err
}

// operation finds the contract operation of a request path, matching {param} and :param segments;
// it returns the path template, "" when the path is no operation of either contract.
func operation(method, path string) (*openapi3.Operation, string, error) {
	ais, pis, err := loadContracts()
	if err != nil {
		return nil, "", err
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var best *openapi3.Operation
	var bestTmpl string
	bestFixed := -1
	for _, doc := range []*openapi3.T{ais, pis} {
		for tmpl, item := range doc.Paths.Map() {
			ts := strings.Split(strings.Trim(tmpl, "/"), "/")
			if len(ts) != len(segs) {
				continue
			}
			fixed, match := 0, true
			for i := range ts {
				if strings.HasPrefix(ts[i], "{") || strings.HasPrefix(ts[i], ":") {
					continue
				}
				if ts[i] != segs[i] {
					match = false
					break
				}
				fixed++
			}
			// The most specific template wins: /customer/beneficiaries over /accounts/{accountId}.
			if op := item.GetOperation(method); match && op != nil && fixed > bestFixed {
				best, bestTmpl, bestFixed = op, tmpl, fixed
			}
		}
	}
	return best, bestTmpl, nil
}

// validateResponse checks an answer of a contract operation: its status is one the operation
// declares and its body validates against the declared schema. It returns "" when it conforms or the
// path is no contract operation, else what is wrong.
func validateResponse(method, path string, status int, body []byte) string {
	op, tmpl, err := operation(method, path)
	if err != nil {
		return err.Error()
	}
	if op == nil {
		return ""
	}
	ref := op.Responses.Value(strconv.Itoa(status))
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return fmt.Sprintf("the contract declares no status %d for %s %s", status, method, tmpl)
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return "" // a status declared without a body, such as TXN-010-100's 401
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Sprintf("%s %s answered %d with a body that is not JSON", method, tmpl, status)
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
		return fmt.Sprintf("%s %s %d: the body does not validate against the contract: %v", method, tmpl, status, clip(err.Error(), 1500))
	}
	return ""
}

// clip shortens s to at most n bytes for messages.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
