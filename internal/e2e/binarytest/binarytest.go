// Package binarytest gives end-to-end tests the real ifconnect binary, built once per test process,
// and a buffer that collects a running process's output for failure messages.
package binarytest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// built is the binary of this test process: building it is the slow part of an end-to-end test, and
// every test of a package runs the same one.
var built struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// Build builds cmd/ifconnect once for the test process and returns the binary's path; the go command
// must be on PATH.
func Build(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		gobin, err := exec.LookPath("go")
		if err != nil {
			built.err = err
			return
		}
		dir, err := os.MkdirTemp("", "ifconnect-e2e-*")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "ifconnect")
		built.out, built.err = exec.Command(gobin, "build", "-o", built.path, "github.com/ifconnect/ifconnect/cmd/ifconnect").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("build the ifconnect binary (the go command is needed): %v\n%s", built.err, built.out)
	}
	return built.path
}

// Output collects a process's output; it is safe for the process's writes and the test's reads at
// once.
type Output struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *Output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}
