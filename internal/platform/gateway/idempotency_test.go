package gateway

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// The idempotency store on both engines: first claim, replay, a different request under the same key,
// a replay while the first runs, abandonment, and concurrent claims of which exactly one wins.
func TestIdempotencyStore(t *testing.T) {
	for name, url := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if err := Migrate(ctx, db); err != nil {
				t.Fatal(err)
			}
			s := &idempotencyStore{db: db}
			now := time.Now()
			h1, h2 := hashRequest([]byte("a")), hashRequest([]byte("b"))
			if prev, err := s.begin(ctx, "c", "op", "k", h1, now); prev != nil || err != nil {
				t.Fatalf("first claim: %v %v", prev, err)
			}
			if _, err := s.begin(ctx, "c", "op", "k", h1, now); !errors.Is(err, errInProgress) {
				t.Fatalf("replay while running: %v", err)
			}
			if _, err := s.begin(ctx, "c", "op", "k", h2, now); !errors.Is(err, errKeyReused) {
				t.Fatalf("other request, same key: %v", err)
			}
			if err := s.finish(ctx, "c", "op", "k", 201, []byte(`{"ok":true}`)); err != nil {
				t.Fatal(err)
			}
			prev, err := s.begin(ctx, "c", "op", "k", h1, now)
			if err != nil || prev == nil || prev.status != 201 || string(prev.response) != `{"ok":true}` {
				t.Fatalf("replay: %+v %v", prev, err)
			}
			if prev, err := s.begin(ctx, "other-client", "op", "k", h2, now); prev != nil || err != nil {
				t.Fatalf("keys are per client: %v %v", prev, err)
			}
			if err := s.abandon(ctx, "other-client", "op", "k"); err != nil {
				t.Fatal(err)
			}
			if prev, err := s.begin(ctx, "other-client", "op", "k", h1, now); prev != nil || err != nil {
				t.Fatalf("claim after abandon: %v %v", prev, err)
			}

			var wg sync.WaitGroup
			var mu sync.Mutex
			winners := 0
			for range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					prev, err := s.begin(ctx, "c", "op", "race", h1, now)
					if err == nil && prev == nil {
						mu.Lock()
						winners++
						mu.Unlock()
					} else if err != nil && !errors.Is(err, errInProgress) {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if winners != 1 {
				t.Fatalf("%d concurrent claims won", winners)
			}

			if err := s.savePayment(ctx, paymentRecord{PaymentID: "p1", ConsentID: "c1", ClientID: "c", Request: []byte("{}")}, now); err != nil {
				t.Fatal(err)
			}
			if err := s.savePayment(ctx, paymentRecord{PaymentID: "p1", ConsentID: "c2", ClientID: "x", Request: []byte("{}")}, now); err != nil {
				t.Fatal(err)
			}
			if p, err := s.payment(ctx, "p1"); err != nil || p.ConsentID != "c1" || p.ClientID != "c" {
				t.Fatalf("payment log keeps the first record: %+v %v", p, err)
			}
			if _, err := s.payment(ctx, "nope"); !errors.Is(err, sql.ErrNoRows) {
				t.Fatalf("unknown payment: %v", err)
			}
		})
	}
}
