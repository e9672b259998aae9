package layering

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/ifconnect/ifconnect/"

// deps returns, for every package matching pattern, its transitive imports as `go list -deps` sees
// them (test files excluded: tests in internal/e2e may import both halves on purpose).
func deps(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, pattern).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list %s: %v\n%s", pattern, err, stderr)
	}
	m := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 0 {
			m[f[0]] = f[1:]
		}
	}
	return m
}

func TestWalls(t *testing.T) {
	walls := []struct {
		pattern   string
		forbidden []string // import path prefixes
		why       string
	}{
		{"../bank/...", []string{module + "internal/platform"}, "the bank meets the platform only over HTTPS (DESIGN.md)"},
		{"../platform/...", []string{module + "internal/bank"}, "the sandbox must not borrow the bank's code, or it would not prove the bank"},
		{"../bank/core", []string{"net/http", "crypto/tls", "database/sql", module + "internal/database"},
			"the domain is the contract a bank's core-system adapter implements; HTTP, TLS and SQL are adapters"},
		{"../conformance/...", []string{module + "internal/bank", module + "internal/platform"},
			"the harness tests any bank as a black box"},
		{"../tpp/...", []string{module + "internal/bank", module + "internal/platform"},
			"the TPP client talks to the platform only over the Open Banking APIs"},
	}
	for _, w := range walls {
		pkgs := deps(t, w.pattern)
		if len(pkgs) == 0 {
			t.Fatalf("%s matched no package: the wall would guard nothing", w.pattern)
		}
		for pkg, imports := range pkgs {
			for _, imp := range imports {
				for _, bad := range w.forbidden {
					if imp == bad || strings.HasPrefix(imp, bad+"/") {
						t.Errorf("%s imports %s: %s", pkg, imp, w.why)
					}
				}
			}
		}
	}
}
