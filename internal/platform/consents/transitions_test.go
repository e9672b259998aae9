package consents_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// allowed is the lifecycle the contract's flow implies: AwaitingAuthorisation → Authorised or
// Rejected; Authorised → Revoked or Consumed; nothing else.
var allowed = map[[2]consentmgr.Status]bool{
	{consentmgr.StatusAwaitingAuthorisation, consentmgr.StatusAuthorised}: true,
	{consentmgr.StatusAwaitingAuthorisation, consentmgr.StatusRejected}:   true,
	{consentmgr.StatusAuthorised, consentmgr.StatusRevoked}:               true,
	{consentmgr.StatusAuthorised, consentmgr.StatusConsumed}:              true,
}

// refusal is the error code of a disallowed change to status to of a consent that went through path
// from AwaitingAuthorisation: ConsentConflict when to was allowed from a status the consent has left
// (the caller acted on a stale view, e.g. lost a race), InvalidStatusTransition otherwise.
func refusal(path []consentmgr.Status, to consentmgr.Status) string {
	been := append([]consentmgr.Status{consentmgr.StatusAwaitingAuthorisation}, path...)
	for _, s := range been[:len(been)-1] {
		if allowed[[2]consentmgr.Status{s, to}] {
			return consentmgr.CodeConflict
		}
	}
	return consentmgr.CodeInvalidTransition
}

func TestEveryTransitionOverTheWire(t *testing.T) {
	// reach brings a new payment consent to status from through allowed transitions.
	reach := map[consentmgr.Status][]consentmgr.Status{
		consentmgr.StatusAwaitingAuthorisation: nil,
		consentmgr.StatusAuthorised:            {consentmgr.StatusAuthorised},
		consentmgr.StatusRejected:              {consentmgr.StatusRejected},
		consentmgr.StatusRevoked:               {consentmgr.StatusAuthorised, consentmgr.StatusRevoked},
		consentmgr.StatusConsumed:              {consentmgr.StatusAuthorised, consentmgr.StatusConsumed},
	}
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, from := range consentmgr.Statuses {
			for _, to := range consentmgr.Statuses {
				t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
					c := e.create(paymentRequest())
					id := c.ConsentBody.Data.ConsentID
					if _, err := e.svc.Patch(t.Context(), id, consents.Patch{
						PSU: &consentmgr.PSUIdentifiers{UserID: "u"}, AccountIDs: []string{"debtor"}, By: "test",
					}); err != nil {
						t.Fatal(err)
					}
					for _, s := range reach[from] {
						if _, err := e.svc.Transition(t.Context(), id, s, "test", nil); err != nil {
							t.Fatal(err)
						}
					}
					// PSU and accounts are already set where needed: patch only the status.
					r := e.patch(id, map[string]any{"consentBody.Data.Status": to})
					if allowed[[2]consentmgr.Status{from, to}] != consents.CanTransition(from, to) {
						t.Errorf("CanTransition(%s, %s) = %v", from, to, consents.CanTransition(from, to))
					}
					want := from
					if allowed[[2]consentmgr.Status{from, to}] {
						if r.status != http.StatusNoContent {
							t.Fatalf("%d %s", r.status, r.body)
						}
						want = to
					} else if got, want := r.errorBody(t).ErrorCode, refusal(reach[from], to); got != want {
						t.Errorf("errorCode %s, want %s", got, want)
					}
					if got := e.read(id).ConsentBody.Data.Status; got != want {
						t.Errorf("status %s, want %s", got, want)
					}
				})
			}
		}
	})
}
