package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
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
