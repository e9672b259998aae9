package scaleout

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/tpp"
)

func httpGet(t *testing.T, ctx context.Context, u string) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// grew reports whether every backend's connection count rose between before and after.
func grew(before, after map[string]int64) bool {
	for a, n := range after {
		if n <= before[a] {
			return false
		}
	}
	return len(after) > 0
}

// TestScaleOut runs the cluster through a journey split across replicas, payments spread over them,
// and the loss of one replica of each half under load.
func TestScaleOut(t *testing.T) {
	c := newCluster(t)
	ctx := context.Background()
	users, err := seed.ReadDemoUsers(c.root.DemoUsers())
	if err != nil {
		t.Fatal(err)
	}
	ana, _ := seed.DemoUserByKey(users, "ana")
	psu := tpp.PSU{CPF: ana.CPF, Password: ana.Password}
	btls, err := tpp.DevBrowserTLS(c.root)
	if err != nil {
		t.Fatal(err)
	}
	// The customer's browser opens a new connection per page, so the balancer alternates the bank's
	// web replicas within one journey.
	browser := tpp.NewBrowserTransport(btls)
	browser.DisableKeepAlives = true
	issuer := "https://" + c.tpp.Addr()
	newClient := func(t *testing.T, id string) *tpp.Client {
		cfg, err := tpp.DevConfig(c.root, id, issuer, "")
		if err != nil {
			t.Fatal(err)
		}
		cl, err := tpp.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cl.Close)
		return cl
	}
	db, err := database.Open(ctx, c.bankDB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	payments := func(t *testing.T) int {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM payments`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// pay runs one payment flow on a fresh connection (so the balancer picks the next platform).
	pay := func(cl *tpp.Client) (*tpp.Session, error) {
		cl.Close()
		return cl.Run(ctx, browser, tpp.Request{Kind: tpp.Payment, CPF: ana.CPF, Amount: "1.07"}, psu, tpp.Choice{})
	}

	t.Run("ConsentJourneyAcrossReplicas", func(t *testing.T) {
		cl := newClient(t, "tpp1")
		tppBefore, webBefore := c.tpp.Connections(), c.web.Connections()
		s, err := cl.Start(ctx, tpp.Request{Kind: tpp.DataSharing, CPF: ana.CPF})
		if err != nil {
			t.Fatalf("consent on the first replica: %v", err)
		}
		afterStart := c.tpp.Connections()
		// Drop the TPP's connection: its code exchange and API calls reach the other platform replica.
		cl.Close()
		b, err := tpp.NewBrowser(browser, cl.Config().RedirectURI)
		if err != nil {
			t.Fatal(err)
		}
		cb, err := s.Authorize(ctx, b, psu, tpp.Choice{Limit: 1})
		if err != nil {
			t.Fatalf("journey: %v", err)
		}
		if err := s.Finish(ctx, cb); err != nil {
			t.Fatalf("finish on the second replica: %v", err)
		}
		if len(s.Accounts) != 1 {
			t.Errorf("shared %d accounts; want 1", len(s.Accounts))
		}
		if !grew(tppBefore, c.tpp.Connections()) {
			t.Errorf("the TPP's calls did not reach both platform replicas: before %v, after start %v, after %v", tppBefore, afterStart, c.tpp.Connections())
		}
		if !grew(webBefore, c.web.Connections()) {
			t.Errorf("the customer's pages did not come from both bank replicas: %v → %v", webBefore, c.web.Connections())
		}
		// Both trails recorded the authorisation: the platform's (every status change, by whom) and the
		// bank's (the customer's decision, from the browser's address).
		for _, args := range [][]string{{"--db", c.platDB}, {"--db", c.bankDB}} {
			out := c.run(t, append([]string{"audit", "--state", c.root.Root, "--consent", s.ConsentID}, args...)...)
			if !strings.Contains(out, "Authorised") || !strings.Contains(out, "127.0.0.1:") {
				t.Errorf("audit %v of %s lacks the authorisation and its source:\n%s", args, s.ConsentID, out)
			}
		}
	})

	t.Run("PaymentsSpreadExactlyOnce", func(t *testing.T) {
		cl := newClient(t, "tpp2")
		before := payments(t)
		const n = 6
		const n0 = n
		for i := range n {
			s, err := pay(cl)
			if err != nil {
				t.Fatalf("payment %d: %v", i, err)
			}
			if last := s.PaymentUpdates[len(s.PaymentUpdates)-1]; last != "ACSC" && last != "ACCC" {
				t.Errorf("payment %d ended %s", i, last)
			}
		}
		if got := payments(t) - before; got != n {
			t.Errorf("%d payments stored for %d acknowledged", got, n)
		}
		for _, b := range c.banks {
			if m := b.ops(t, ctx, "bank-ops", "/metrics"); !strings.Contains(m, `ifconnect_payments_total{outcome="accepted",reason=""}`) {
				t.Errorf("%s executed no payment: the platforms did not spread them", b.name)
			}
		}
		c.run(t, "ledger", "check", "--state", c.root.Root, "--db", c.bankDB)
		out := c.run(t, "audit", "--state", c.root.Root, "--db", c.bankDB, "--psu", ana.UserID)
		if n := strings.Count(out, "tpp:tpp2"); n < 2*n0 {
			t.Errorf("the bank's audit trail holds %d changes by tpp2 for %d payments:\n%s", n, n0, out)
		}
	})

	t.Run("KillOneReplicaOfEachMidLoad", func(t *testing.T) {
		before := payments(t)
		var mu sync.Mutex
		type ack struct{ client, payment string }
		var acked []ack
		var started, failedDuringKill int
		killed := make(chan struct{})
		var killOnce sync.Once
		var wg sync.WaitGroup
		// Four TPP workers, two per client, keep both halves busy while a replica of each is killed.
		clients := []string{"tpp1", "tpp2", "tpp1", "tpp2"}
		for w := range len(clients) {
			cl := newClient(t, clients[w])
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 4 {
					mu.Lock()
					started++
					mu.Unlock()
					s, err := pay(cl)
					mu.Lock()
					if s != nil && s.PaymentID != "" {
						acked = append(acked, ack{clients[w], s.PaymentID})
					}
					if err != nil {
						failedDuringKill++
					}
					mu.Unlock()
					if w == 0 && i == 0 {
						// One payment done and the other worker's under way: lose a replica of each half.
						killOnce.Do(func() {
							c.banks[0].kill(t)
							c.platforms[0].kill(t)
							close(killed)
						})
					}
				}
			}()
		}
		wg.Wait()
		<-killed
		t.Logf("%d payment flows during the kill: %d acknowledged, %d failed", started, len(acked), failedDuringKill)

		// Every acknowledged payment is still there, read by its TPP through the surviving replicas.
		readers := map[string]*tpp.Client{"tpp1": newClient(t, "tpp1"), "tpp2": newClient(t, "tpp2")}
		for _, a := range acked {
			cl := readers[a.client]
			tok, _, err := cl.ClientCredentials(ctx, "payments")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cl.Call(ctx, http.MethodGet, "/open-banking/payments/v1/pix/payments/"+url.PathEscape(a.payment), tok.AccessToken, nil, http.StatusOK); err != nil {
				t.Errorf("acknowledged payment %s of %s lost: %v", a.payment, a.client, err)
			}
		}
		cl := readers["tpp1"]
		stored := payments(t) - before
		if stored < len(acked) || stored > started {
			t.Errorf("%d payments stored for %d acknowledged of %d started", stored, len(acked), started)
		}
		// The survivors keep serving.
		for i := range 3 {
			if _, err := pay(cl); err != nil {
				t.Errorf("payment %d after the kill: %v", i, err)
			}
		}
		c.run(t, "ledger", "check", "--state", c.root.Root, "--db", c.bankDB)
	})
}
