package authz_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

var spec struct {
	once sync.Once
	doc  *openapi3.T
	err  error
	path string
}

// headlessSpec loads headless-heimdall-spec.yaml from ../shared/tecban/openapi relative to the module
// root, found by walking up from the test's directory.
func headlessSpec(t testing.TB) *openapi3.T {
	t.Helper()
	spec.once.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			spec.err = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return
			}
			dir = parent
		}
		spec.path = filepath.Join(dir, "..", "shared", "tecban", "openapi", "headless-heimdall-spec.yaml")
		if _, err := os.Stat(spec.path); err != nil {
			return
		}
		spec.doc, spec.err = openapi3.NewLoader().LoadFromFile(spec.path)
	})
	if spec.err != nil {
		t.Fatalf("load %s: %v", spec.path, spec.err)
	}
	if spec.doc == nil {
		t.Skipf("SKIPPING contract validation: headless-heimdall-spec.yaml not found at %s (../shared/tecban/openapi from the module root)", spec.path)
	}
	return spec.doc
}

// checkContract validates a headless response against the contract: its status must be documented
// for the operation, and a JSON body must match the documented schema.
func checkContract(t testing.TB, path, method string, status int, body []byte) {
	t.Helper()
	doc := headlessSpec(t)
	item := doc.Paths.Value(path)
	if item == nil {
		t.Fatalf("contract has no path %s", path)
	}
	op := item.GetOperation(method)
	if op == nil {
		t.Fatalf("contract has no %s %s", method, path)
	}
	resp := op.Responses.Status(status)
	if resp == nil || resp.Value == nil {
		t.Fatalf("%s %s: status %d is not in the contract", method, path, status)
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s %s %d: body is not JSON: %v", method, path, status, err)
	}
	if err := mt.Schema.Value.VisitJSON(v); err != nil {
		t.Fatalf("%s %s %d: body does not match the contract: %v\n%s", method, path, status, err, body)
	}
}

// Contract paths as the YAML writes them.
const (
	specAuth      = "/auth"
	specDoConfirm = "/auth/:interactionId/doConfirm"
	specDoFail    = "/auth/:interactionId/doFail"
)
