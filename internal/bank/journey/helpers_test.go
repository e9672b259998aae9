package journey_test

import (
	"net/http/httptest"

	"github.com/ifconnect/ifconnect/internal/bank/journey"
)

// replica starts a second journey server on the same database and platform.
func (h *harness) replica() *harness {
	h.t.Helper()
	s, err := journey.New(journey.Config{}, journey.Deps{DB: h.db, Users: h.bank, Customers: h.bank, Accounts: h.bank, Contracts: h.bank,
		Auth: h.plat, Consents: h.plat, Clock: h.clock.Now})
	if err != nil {
		h.t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(s)
	srv.TLS = h.srv.TLS
	srv.StartTLS()
	h.t.Cleanup(srv.Close)
	r := *h
	r.srv = srv
	return &r
}
