package consents_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// TestConcurrentPatchesOneWins races two PATCHes that are each allowed from the status both read —
// Revoked against Consumed on an Authorised payment consent, and Authorised against Rejected on a new
// one, and two identical revocations — many times over: exactly one must win and the other must fail
// with the contract's error body and ConsentConflict, whether it lost the compare-and-set or read the
// winner's result; never two winners, never a 500.
func TestConcurrentPatchesOneWins(t *testing.T) {
	races := []struct {
		name   string
		setup  func(e *env, id string)
		a, b   map[string]any
		finals []consentmgr.Status
	}{
		{
			name:  "Revoked vs Consumed",
			setup: func(e *env, id string) { e.authorise(id, "u", "debtor") },
			a:     map[string]any{"consentBody.Data.Status": "Revoked"},
			b:     map[string]any{"consentBody.Data.Status": "Consumed"},
		},
		{
			name:  "Authorised vs Rejected",
			setup: func(*env, string) {},
			a:     map[string]any{"psuIdentifiers": map[string]any{"userId": "u"}, "accountIds": []string{"debtor"}, "consentBody.Data.Status": "Authorised"},
			b:     map[string]any{"consentBody.Data.Status": "Rejected"},
		},
		{
			name:  "Revoked vs Revoked",
			setup: func(e *env, id string) { e.authorise(id, "u", "debtor") },
			a:     map[string]any{"consentBody.Data.Status": "Revoked"},
			b:     map[string]any{"consentBody.Data.Status": "Revoked"},
		},
	}
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, race := range races {
			t.Run(race.name, func(t *testing.T) {
				for range 20 {
					c := e.create(paymentRequest())
					race.setup(e, c.ID)
					before := len(e.read(c.ID).ConsentBody.History)
					var wg sync.WaitGroup
					results := make([]response, 2)
					start := make(chan struct{})
					for i, body := range []map[string]any{race.a, race.b} {
						wg.Go(func() {
							<-start
							results[i] = e.call(http.MethodPatch, "/consents/{consentId}", map[string]string{"consentId": c.ID}, "", body, "", true)
						})
					}
					close(start)
					wg.Wait()
					wins := 0
					for _, r := range results {
						if r.status == http.StatusNoContent {
							wins++
							continue
						}
						code := r.errorBody(t).ErrorCode
						if code != consentmgr.CodeConflict {
							t.Errorf("loser's errorCode %s", code)
						}
					}
					if wins != 1 {
						t.Fatalf("%d PATCHes won", wins)
					}
					if h := e.read(c.ID).ConsentBody.History; len(h) != before+1 {
						t.Errorf("history grew by %d entries, want 1", len(h)-before)
					}
				}
			})
		}
	})
}

// TestStaleWriteIsAConflict makes the lost race deterministic: a change decided on a read that is no
// longer current fails with ECONFLICT and changes nothing.
func TestStaleWriteIsAConflict(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.create(paymentRequest())
		e.authorise(c.ID, "u", "debtor")
		read, err := e.svc.Get(t.Context(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Transition(t.Context(), c.ID, consentmgr.StatusConsumed, "gateway", nil); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Patch(t.Context(), c.ID, consents.Patch{Status: consentmgr.StatusRevoked, By: "authz", ExpectVersion: read.Version})
		if consents.ErrorCode(err) != consents.ECONFLICT {
			t.Fatalf("stale Patch: %v, want ECONFLICT", err)
		}
		if got, _ := e.svc.Get(t.Context(), c.ID); got.Status != consentmgr.StatusConsumed || got.Version != read.Version+1 {
			t.Errorf("after the stale write: %s v%d", got.Status, got.Version)
		}
	})
}
