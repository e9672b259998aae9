package consents_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

func TestListByPSU(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		data := e.create(accountAccessRequest(0))
		e.clock.Advance(time.Second)
		pay := e.create(paymentRequest())
		e.clock.Advance(time.Second)
		other := e.create(accountAccessRequest(0))
		e.create(accountAccessRequest(0)) // never authorised: no PSU
		e.authorise(data.ID, "76109277673", "acc-1", "acc-2")
		e.authorise(pay.ID, "76109277673", "acc-1")
		e.authorise(other.ID, "52998224725", "acc-9")

		ids := func(r response) []string {
			t.Helper()
			if r.status != http.StatusOK {
				t.Fatalf("%d %s", r.status, r.body)
			}
			var cs consentmgr.ConsentsGetResponse
			r.decode(t, &cs)
			var out []string
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		if got := ids(e.list("76109277673", "")); len(got) != 2 || got[0] != data.ID || got[1] != pay.ID {
			t.Errorf("all of the PSU's consents: %v", got)
		}
		if got := ids(e.list("76109277673", "domestic-payment-consents")); len(got) != 1 || got[0] != pay.ID {
			t.Errorf("payment consents: %v", got)
		}
		if got := ids(e.list("76109277673", "standing-order-consents")); len(got) != 0 {
			t.Errorf("standing orders: %v", got)
		}
		r := e.list("nobody", "")
		if string(r.body) != "[]" {
			t.Errorf("no consents: body %s, want []", r.body)
		}
		// The list shows each consent as GET does, revocations included.
		if r := e.patch(data.ID, map[string]any{"consentBody.Data.Status": "Revoked"}); r.status != http.StatusNoContent {
			t.Fatal(r.status)
		}
		var cs consentmgr.ConsentsGetResponse
		e.list("76109277673", "account-access-consents").decode(t, &cs)
		if len(cs) != 1 || cs[0].ConsentBody.Data.Status != consentmgr.StatusRevoked || len(cs[0].ConsentBody.History) != 3 {
			t.Errorf("listed consent %+v", cs)
		}
	})
}
