package consents_test

import (
	"net/http"
	"testing"

	"github.com/ifconnect/ifconnect/internal/pki"
)

// TestOnlyTheBankGetsIn checks the handler behind the mutual-TLS listener it is meant for: no client
// certificate, another CA's, or one off the allow-list is refused at the handshake.
func TestOnlyTheBankGetsIn(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	for name, id := range map[string]pki.Identity{
		"no certificate":    {},
		"foreign CA":        e.pki.ForeignClient("bank-client"),
		"not on allow-list": e.pki.Client("intruder"),
	} {
		t.Run(name, func(t *testing.T) {
			res, err := e.pki.HTTPClient(id).Get(e.base + "/psu/u/consents")
			if err == nil {
				res.Body.Close()
				t.Fatalf("served with status %d", res.StatusCode)
			}
		})
	}
	res, err := e.client.Get(e.base + "/psu/u/consents")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the bank: %v %v", res, err)
	}
	res.Body.Close()
}
