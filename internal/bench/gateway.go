package bench

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/go-jose/go-jose/v4"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// GatewayOptions configure the gateway benchmark.
type GatewayOptions struct {
	// BankDBURL is the bank database, seeded like the AIS benchmark's when empty (Customers customers).
	BankDBURL string
	Customers int
	SeedNow   time.Time
	Duration  time.Duration
	Warmup    time.Duration
	// Connections are the TPP's concurrent keep-alive connections to the gateway.
	Connections int
	// Users is how many PSUs (each with an authorised consent and a token) the requests rotate over.
	Users int
	// Progress receives a line per step; nil discards.
	Progress func(format string, args ...any)
}

// GatewayReport is the outcome.
type GatewayReport struct {
	Customers   int    `json:"customers"`
	Users       int    `json:"users"`
	Connections int    `json:"connections"`
	Scenario    Result `json:"scenario"`
	Met         bool   `json:"met"`
}

// Target of the issue: GET /open-banking/accounts/v1/accounts end to end at 3,000 req/s, p99 ≤ 20 ms.
const (
	gatewayTargetRPS   = 3_000
	gatewayTargetP99MS = 20
	gatewayASPSP       = "ifconnect-bench"
)

// Gateway benchmarks GET /open-banking/accounts/v1/accounts end to end, everything in this process on
// loopback: a TPP client (vegeta, the TPP's certificate) → the platform's TPP-facing listener (TLS,
// client certificate; token, consent and permission checks on the platform's SQLite database) →
// Bank Connect client (mutual TLS, pooled keep-alive) → the bank's Bank Connect server → the bank's
// SQLite store. Each of Users PSUs has an authorised consent naming their accounts and an access
// token bound to the TPP's certificate.
func Gateway(ctx context.Context, o GatewayOptions) (GatewayReport, error) {
	say := o.Progress
	if say == nil {
		say = func(string, ...any) {}
	}
	rep := GatewayReport{Customers: o.Customers, Users: o.Users, Connections: o.Connections}
	st, err := seededStore(ctx, AISOptions{DBURL: o.BankDBURL, Customers: o.Customers, SeedNow: o.SeedNow}, say)
	if err != nil {
		return rep, err
	}
	defer st.Close()

	dir, err := os.MkdirTemp("", "ifconnect-bench-gateway-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	tlsc, err := gatewayPKI(dir)
	if err != nil {
		return rep, err
	}

	// The bank.
	bankURL, stopBank, err := serveTLS(gatewayBank(st), tlsc.bankServer)
	if err != nil {
		return rep, err
	}
	defer stopBank(ctx)

	// The platform.
	bc, err := bankclient.New(bankclient.Options{BaseURL: bankURL, TLS: tlsc.platformClient, ASPSPID: gatewayASPSP})
	if err != nil {
		return rep, err
	}
	defer bc.Close()
	pdb, err := database.Open(ctx, filepath.Join(dir, "platform.db"))
	if err != nil {
		return rep, err
	}
	defer pdb.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	issuer := "https://" + ln.Addr().String()
	p, err := platform.New(ctx, pdb, platform.Options{Issuer: issuer, BankAuthURL: "https://127.0.0.1:8444/auth", Bank: bc})
	if err != nil {
		ln.Close()
		return rep, err
	}
	_, stopPlatform := serveOn(ln, p.TPPHandler(), tlsc.platformServer)
	defer stopPlatform(context.WithoutCancel(ctx))

	say("authorising consents and issuing tokens for %d users", o.Users)
	targets, err := gatewayTargets(ctx, st, pdb, p, tlsc.tppCert, issuer, o.Users)
	if err != nil {
		return rep, err
	}
	rep.Users = len(targets)
	if o.Warmup > 0 {
		say("warming up for %s", o.Warmup)
		Attack(ctx, AttackOptions{Name: "warmup", Targets: targets, Duration: o.Warmup, Connections: o.Connections, TLS: tlsc.tppClient})
	}
	name := "GET /open-banking/accounts/v1/accounts (TPP → gateway → bank → SQLite)"
	say("attacking %s for %s over %d connections", name, o.Duration, o.Connections)
	r := Attack(ctx, AttackOptions{Name: name, Targets: targets, Duration: o.Duration, Connections: o.Connections, TLS: tlsc.tppClient})
	r.TargetRPS, r.TargetP99MS = gatewayTargetRPS, gatewayTargetP99MS
	r.Met = r.RPS >= gatewayTargetRPS && r.P99 <= gatewayTargetP99MS && r.Errors == 0 && r.Requests > 0
	rep.Scenario, rep.Met = r, r.Met
	return rep, ctx.Err()
}

// gatewayBank is the bank's Bank Connect server over st, as the gateway benchmarks put it behind
// the platform.
func gatewayBank(st *store.Store) http.Handler {
	return connect.NewServer(connect.Deps{
		ASPSPID: gatewayASPSP, Institution: connect.Institution{BrandID: "banco-ipe", BrandName: seed.DefaultBank.Brand, CNPJ: seed.DefaultBank.CNPJ},
		Customers: st, Accounts: st, Transactions: st, Contracts: st, StandingData: st, Log: slog.New(slog.DiscardHandler),
	})
}

// serveTLS serves h on a loopback port and returns its URL and its shutdown.
func serveTLS(h http.Handler, cfg *tls.Config) (string, func(context.Context) error, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	u, stop := serveOn(ln, h, cfg)
	return u, stop, nil
}

// serveOn serves h over TLS on ln, with the explicit timeouts of every server of ifconnect, and
// returns its URL and its shutdown.
func serveOn(ln net.Listener, h http.Handler, cfg *tls.Config) (string, func(context.Context) error) {
	srv := &http.Server{Handler: h, TLSConfig: cfg, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	go srv.ServeTLS(ln, "", "")
	return "https://" + ln.Addr().String(), srv.Shutdown
}

// gatewayTLS is the material of both hops.
type gatewayTLS struct {
	bankServer, platformClient, platformServer, tppClient *tls.Config
	tppCert                                               []byte
}

// gatewayPKI issues a throw-away CA and the four certificates of the two hops.
func gatewayPKI(dir string) (gatewayTLS, error) {
	var g gatewayTLS
	if _, err := pki.InitDev(dir, pki.InitOptions{CABits: 2048, Specs: []pki.DevSpec{
		{Name: "bank-server", Request: pki.Request{Kind: pki.KindServer}},
		{Name: "platform-server", Request: pki.Request{Kind: pki.KindServer}},
		{Name: "platform-client", Request: pki.Request{Kind: pki.KindClient, CommonName: "platform-client"}},
		{Name: "tpp-client", Request: pki.Request{Kind: pki.KindClient, CommonName: "bench-tpp"}},
	}}); err != nil {
		return g, fmt.Errorf("bench: PKI: %w", err)
	}
	ca := []string{pki.DevCAFile(dir)}
	platformCert, err := pki.LoadCertificate(pki.DevIdentity(dir, "platform-client").CertFile)
	if err != nil {
		return g, err
	}
	if g.bankServer, err = pki.ServerConfig(pki.ServerOptions{Identity: pki.DevIdentity(dir, "bank-server"), RequireClientCert: true,
		ClientCAFiles: ca, AllowList: pki.AllowCertificates(platformCert)}); err != nil {
		return g, err
	}
	if g.platformClient, err = pki.ClientConfig(pki.ClientOptions{Identity: pki.DevIdentity(dir, "platform-client"), RootCAFiles: ca}); err != nil {
		return g, err
	}
	if g.platformServer, err = pki.ServerConfig(pki.ServerOptions{Identity: pki.DevIdentity(dir, "platform-server"), OptionalClientCert: true, ClientCAFiles: ca}); err != nil {
		return g, err
	}
	if g.tppClient, err = pki.ClientConfig(pki.ClientOptions{Identity: pki.DevIdentity(dir, "tpp-client"), RootCAFiles: ca}); err != nil {
		return g, err
	}
	g.tppCert, err = os.ReadFile(pki.DevIdentity(dir, "tpp-client").CertFile)
	return g, err
}

// gatewayTargets registers the benchmark TPP, gives each of up to users PSUs (u-1, u-2, …) an
// authorised consent naming their accounts, stores an access token for it bound to the TPP's
// certificate, and returns one request per PSU.
func gatewayTargets(ctx context.Context, st *store.Store, db *database.DB, p *platform.Platform, tppPEM []byte, issuer string, users int) ([]vegeta.Target, error) {
	certs, err := pki.ParseCertificatesPEM(tppPEM)
	if err != nil {
		return nil, err
	}
	cert := certs[0]
	key, err := pki.GenerateKey(2048)
	if err != nil {
		return nil, err
	}
	client := registry.Client{ID: "bench-tpp", Name: "Bench TPP", RedirectURIs: []string{"https://127.0.0.1:8446/callback"},
		JWKS:      jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "bench", Use: "sig", Algorithm: string(jose.PS256)}}},
		SubjectDN: pki.SubjectDN(cert), TokenEndpointAuthMethod: registry.AuthTLSClientAuth}
	if err := p.Registry.Put(ctx, client); err != nil {
		return nil, err
	}
	tokens, err := authz.OpenStore(ctx, db)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	perms := []byte(`["ACCOUNTS_READ","ACCOUNTS_BALANCES_READ","RESOURCES_READ"]`)
	var targets []vegeta.Target
	for i := 1; len(targets) < users && i <= users*4; i++ {
		userID := fmt.Sprintf("u-%d", i)
		custs, err := st.CustomersOfUser(ctx, userID)
		if core.ErrorCode(err) == core.ENOTFOUND || (err == nil && len(custs) == 0) {
			continue
		}
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(custs))
		for _, c := range custs {
			ids = append(ids, c.ID)
		}
		accs, err := st.AccountsOfCustomers(ctx, ids)
		if err != nil {
			return nil, err
		}
		var accIDs []string
		for _, a := range accs {
			if a.Type != core.CreditCard {
				accIDs = append(accIDs, a.ID)
			}
		}
		if len(accIDs) == 0 {
			continue
		}
		c, err := p.Consents.Create(ctx, consents.NewConsent{
			Type: consentmgr.TypeAccountAccess, Request: []byte(`{"data":{"permissions":` + string(perms) + `}}`), RequestHeaders: []byte(`{}`),
			TPP:  consentmgr.TPP{ClientID: client.ID, TPPName: client.Name},
			Body: &consentmgr.ConsentBody{Data: consentmgr.ConsentData{ExpirationDateTime: now.Add(24 * time.Hour), Extra: map[string]json.RawMessage{"permissions": perms}}},
			By:   "bench",
		})
		if err != nil {
			return nil, err
		}
		if _, err := p.Consents.Patch(ctx, c.ID, consents.Patch{PSU: &consentmgr.PSUIdentifiers{UserID: userID}, AccountIDs: accIDs,
			Status: consentmgr.StatusAuthorised, By: "bench"}); err != nil {
			return nil, err
		}
		raw := fmt.Sprintf("bench-token-%d-%d", i, now.UnixNano())
		h := sha256.Sum256([]byte(raw))
		if err := tokens.SaveTokens(ctx, authz.Token{Hash: hex.EncodeToString(h[:]), Kind: authz.KindAccess, ClientID: client.ID,
			Subject: userID, Scope: "openid accounts consent:" + c.ConsentID, ConsentID: c.ConsentID, Thumbprint: pki.Thumbprint(cert),
			IssuedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			return nil, err
		}
		hd := http.Header{}
		hd.Set("Authorization", "Bearer "+raw)
		hd.Set("x-fapi-interaction-id", fmt.Sprintf("bench-%d", i))
		targets = append(targets, vegeta.Target{Method: http.MethodGet, URL: issuer + "/open-banking/accounts/v1/accounts", Header: hd})
	}
	if len(targets) == 0 {
		return nil, errors.New("bench: the bank database has no user with deposit accounts (u-1 …); is it seeded?")
	}
	return targets, nil
}

// DefaultGatewayBankDB is where `ifconnect bench gateway` keeps the bank database: the AIS benchmark's.
func DefaultGatewayBankDB(stateRoot string) string { return DefaultAISDB(stateRoot) }
