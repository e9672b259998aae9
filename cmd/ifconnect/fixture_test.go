package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/state"
)

// bankFixture migrates STATE/bank.db of a state directory and loads storetest's fixture 1 into it,
// for tests that then run `ifconnect bank` on that state.
func bankFixture(t *testing.T, stateDir string) storetest.Fixture {
	t.Helper()
	ctx := context.Background()
	dbURL := "sqlite:" + filepath.Join(stateDir, "bank.db")
	if _, err := store.Migrate(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := storetest.NewFixture(1)
	if err := s.Import(ctx, f.Batch); err != nil {
		t.Fatal(err)
	}
	return f
}

// waitEndpoints waits until the command running in the background (its result arrives on done) has
// published every named endpoint in stateDir's endpoints.json and returns them in order; if the
// command exits first, t fails with its error output.
func waitEndpoints(t *testing.T, stateDir string, done <-chan error, errOut fmt.Stringer, names ...string) []state.Endpoint {
	t.Helper()
	dir := state.Dir{Root: stateDir}
	eps := make([]state.Endpoint, len(names))
	for {
		ready := true
		for i, name := range names {
			ep, err := dir.Endpoint(name)
			if err != nil {
				ready = false
				break
			}
			eps[i] = ep
		}
		if ready {
			return eps
		}
		select {
		case err := <-done:
			t.Fatalf("the command exited: %v\n%s", err, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
