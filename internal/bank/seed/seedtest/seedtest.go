// Package seedtest gives tests a bank database loaded with seed data: a fresh, migrated SQLite file
// holding a few customers and the named demo users, with passwords hashed at the cheap test cost. The
// end-to-end tests start the real bank over it.
package seedtest

import (
	"context"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/password"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// Bank is a seeded bank database.
type Bank struct {
	// URL opens the database again, e.g. for the journey's own tables.
	URL string
	// Store is open on URL and closed when the test ends.
	Store *store.Store
	// Users are the demo users (ana, bruno, carla, diego, eduardo) with their ids and passwords.
	Users []seed.DemoUser
}

// New migrates a fresh SQLite database and seeds it with customers customers from seed number n,
// their history ending now (truncated to the second).
func New(t testing.TB, n int64, customers int) *Bank {
	t.Helper()
	ctx := context.Background()
	url := databasetest.SQLiteURL(t)
	if _, err := store.Migrate(ctx, url); err != nil {
		t.Fatalf("seedtest: migrate: %v", err)
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatalf("seedtest: open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	res, err := seed.Run(ctx, st, seed.Options{Seed: n, Customers: customers, Now: time.Now().UTC().Truncate(time.Second), Hashing: password.Cheap}, nil)
	if err != nil {
		t.Fatalf("seedtest: seed: %v", err)
	}
	return &Bank{URL: url, Store: st, Users: res.DemoUsers}
}
