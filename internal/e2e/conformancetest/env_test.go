package conformancetest

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/seed/seedtest"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient/tecbantest"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

const (
	aspspID = "ifconnect-conformance-bank"
	token   = "conformance-platform-token"
)

// bank is our Bank Connect server, seeded, whose handler a test may wrap before it starts serving.
type bank struct {
	handler http.Handler
	users   []seed.DemoUser
	pki     *pkitest.PKI
	// cm is the consent manager the bank reads payment consents from, at cmURL, called with the
	// bank's client certificate (cmClient).
	cm       *tecbantest.ConsentManager
	cmURL    string
	cmClient *http.Client
}

// newBank seeds a SQLite store and builds the Bank Connect handler over it with a static bearer
// token and the payment service, which reads payment consents from a fake consent manager where a
// test puts the Authorised consents the harness reads too.
func newBank(t *testing.T) *bank {
	t.Helper()
	seeded := seedtest.New(t, 3, 10)
	st := seeded.Store
	p := pkitest.New(t)
	fake := tecbantest.NewConsentManager()
	cmSrv := p.NewServer(fake, p.Client("bank-client"))
	cm, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: cmSrv.URL, TLS: p.ClientConfig(p.Client("bank-client"))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cm.Close)
	pay, err := core.NewPaymentService(core.PaymentDeps{Accounts: st, Finder: st, Customers: st, Payments: st, Lookup: st, Consents: cm,
		Rules: core.BankRules{ISPB: seed.DefaultBank.ISPB, MaxPerPayment: core.DefaultMaxPerPayment}})
	if err != nil {
		t.Fatal(err)
	}
	h := connect.NewServer(connect.Deps{
		ASPSPID: aspspID, Institution: connect.Institution{BrandID: "banco-ipe", BrandName: seed.DefaultBank.Brand, CNPJ: seed.DefaultBank.CNPJ},
		Customers: st, Accounts: st, Transactions: st, Contracts: st, StandingData: st, Payments: pay,
		Bearer: connect.StaticBearer(token), Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	return &bank{handler: h, users: seeded.Users, pki: p, cm: fake, cmURL: cmSrv.URL, cmClient: p.HTTPClient(p.Client("bank-client"))}
}

// serve starts h over mutual TLS, allowing the platform's client certificate, and returns its URL
// and a client presenting that certificate.
func (b *bank) serve(h http.Handler) (string, *http.Client) {
	platform := b.pki.Client("platform-client")
	srv := b.pki.NewServer(h, platform)
	return srv.URL, b.pki.HTTPClient(platform)
}

// testLog sends log lines to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
