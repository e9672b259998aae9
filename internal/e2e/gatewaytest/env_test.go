package gatewaytest

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/seed/seedtest"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
	"github.com/ifconnect/ifconnect/internal/tpp"
)

const (
	tppID    = "tpp-e2e"
	aspspID  = "ifconnect-bank"
	tppHost  = "platform.ifconnect.test" // a name with a TLD, as the specs' links pattern wants
	tokenTTL = 10 * time.Minute
	tppKeyID = "sig"
)

// env is a bank and a platform talking over mutual TLS, and a TPP.
type env struct {
	t       *testing.T
	plat    *platform.Platform
	bank    *store.Store
	tokens  *authz.Store
	tppURL  string
	tpp     *http.Client
	tppCert *x509.Certificate
	// tppKey is the TPP's signing key, registered as tppKeyID in its JWKS.
	tppKey *rsa.PrivateKey
	users  []seed.DemoUser
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	p := pkitest.New(t)
	platformClient, bankClient, tpp := p.Client("platform-client"), p.Client("bank-client"), p.TPP(tppID)
	e := &env{t: t, tppCert: p.Certificate(tpp)}

	// The bank's store, seeded.
	seeded := seedtest.New(t, 7, 12)
	st := seeded.Store
	e.bank, e.users = st, seeded.Users

	// The platform, calling the bank through a client built below (the bank's URL is not known yet,
	// so the platform is created after the bank, and the bank's consent-manager client is created
	// after the platform's bank-facing listener).
	pdb, err := database.Open(ctx, databasetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pdb.Close() })

	// The bank's Bank Connect server, its payment service reading consents from the platform.
	var cmURL string
	cm := &lateConsents{url: func() string { return cmURL }, tls: p, id: bankClient, t: t}
	settlement := core.NewSettlement(st, core.SettlementOptions{})
	pay, err := core.NewPaymentService(core.PaymentDeps{Accounts: st, Finder: st, Customers: st, Payments: st, Lookup: st, Consents: cm,
		Rules: core.BankRules{ISPB: seed.DefaultBank.ISPB, MaxPerPayment: core.DefaultMaxPerPayment}, Executed: settlement.Notify})
	if err != nil {
		t.Fatal(err)
	}
	bankSrv := p.NewServer(connect.NewServer(connect.Deps{
		ASPSPID: aspspID, Institution: connect.Institution{BrandID: "banco-ipe", BrandName: seed.DefaultBank.Brand, CNPJ: seed.DefaultBank.CNPJ},
		Customers: st, Accounts: st, Transactions: st, Contracts: st, StandingData: st, Payments: pay,
		Log: slog.New(slog.NewTextHandler(testLog{t}, nil)),
	}), platformClient)

	bc, err := bankclient.New(bankclient.Options{BaseURL: bankSrv.URL, TLS: p.ClientConfig(platformClient), ASPSPID: aspspID})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bc.Close)
	tppSrv := httptest.NewUnstartedServer(nil)
	tppSrv.TLS = p.OptionalClientCertConfig()
	tppSrv.StartTLS()
	t.Cleanup(tppSrv.Close)
	_, port, _ := net.SplitHostPort(tppSrv.Listener.Addr().String())
	e.tppURL = "https://" + tppHost + ":" + port
	log := slog.New(slog.NewTextHandler(testLog{t}, nil))
	e.plat, err = platform.New(ctx, pdb, platform.Options{Issuer: e.tppURL, BankAuthURL: "https://bank.invalid/auth", Bank: bc, Log: log,
		Keys: keys.Options{Generate: func() (*rsa.PrivateKey, error) { return pkitest.Key(t, 12), nil }}})
	if err != nil {
		t.Fatal(err)
	}
	tppSrv.Config.Handler = e.plat.TPPHandler()
	cmURL = p.NewServer(e.plat.BankHandler(), bankClient).URL
	if e.tokens, err = authz.OpenStore(ctx, pdb); err != nil {
		t.Fatal(err)
	}
	key := pkitest.Key(t, 11)
	e.tppKey = key
	if err := e.plat.Registry.Add(ctx, registry.Client{ID: tppID, Name: "TPP E2E",
		OrganisationID: pkitest.TPPSubject(tppID).OrganizationID, SoftwareStatementID: pkitest.TPPSubject(tppID).SoftwareStatementID,
		RedirectURIs: []string{"https://127.0.0.1:1/callback"}, SubjectDN: pki.SubjectDN(e.tppCert), TokenEndpointAuthMethod: registry.AuthTLSClientAuth,
		JWKS: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: tppKeyID, Use: "sig", Algorithm: "PS256"}}}}); err != nil {
		t.Fatal(err)
	}

	cfg := p.ClientConfig(tpp)
	cfg.ServerName = "localhost"
	addr := tppSrv.Listener.Addr().String()
	tr := &http.Transport{TLSClientConfig: cfg, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	e.tpp = &http.Client{Transport: tr, Timeout: time.Minute}
	return e
}

// testLog sends log lines to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// lateConsents is the bank's consent-manager client, built at first use because the platform's
// bank-facing listener starts after the bank.
type lateConsents struct {
	url func() string
	tls *pkitest.PKI
	id  pki.Identity
	t   *testing.T
	cm  *tecbanclient.ConsentManager
}

func (l *lateConsents) PaymentConsent(ctx context.Context, id string) (core.PaymentConsent, error) {
	if l.cm == nil {
		cm, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: l.url(), TLS: l.tls.ClientConfig(l.id)})
		if err != nil {
			return core.PaymentConsent{}, err
		}
		l.cm = cm
		l.t.Cleanup(cm.Close)
	}
	return l.cm.PaymentConsent(ctx, id)
}

// clientCredentials takes a token from the platform's real token endpoint (tls_client_auth).
func (e *env) clientCredentials(scope string) string {
	e.t.Helper()
	res, err := e.tpp.PostForm(e.tppURL+authz.PathToken, url.Values{"grant_type": {"client_credentials"}, "client_id": {tppID}, "scope": {scope}})
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || json.Unmarshal(b, &tr) != nil || tr.AccessToken == "" {
		e.t.Fatalf("token endpoint: %d %s", res.StatusCode, b)
	}
	return tr.AccessToken
}

// consentToken stands in for the authorization-code flow (driven by the browser tests of
// journeytest): the bank authorises the consent at the consent manager (step 4003) and the
// authorization server issues an access token for it, bound to the TPP's certificate.
func (e *env) consentToken(consentID, userID string, accountIDs []string, scope string) string {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.plat.Consents.Patch(ctx, consentID, consents.Patch{PSU: &consentmgr.PSUIdentifiers{UserID: userID},
		AccountIDs: accountIDs, Status: consentmgr.StatusAuthorised, By: "bank"}); err != nil {
		e.t.Fatal(err)
	}
	raw := fmt.Sprintf("e2e-%s-%d", strings.ReplaceAll(consentID, ":", "-"), time.Now().UnixNano())
	h := sha256.Sum256([]byte(raw))
	now := time.Now()
	if err := e.tokens.SaveTokens(ctx, authz.Token{Hash: hex.EncodeToString(h[:]), Kind: authz.KindAccess, ClientID: tppID, Subject: userID,
		Scope: "openid " + scope + " consent:" + consentID, ConsentID: consentID, Thumbprint: pki.Thumbprint(e.tppCert),
		IssuedAt: now, ExpiresAt: now.Add(tokenTTL)}); err != nil {
		e.t.Fatal(err)
	}
	return raw
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (e *env) do(method, path, token, body string, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.tppURL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	res, err := e.tpp.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// signature is the x-jws-signature header line ("x-jws-signature: …") the payments API's POSTs
// need: a detached JWS of body by the TPP's registered key, as the TPP client makes it.
func (e *env) signature(body string) string {
	e.t.Helper()
	sig, err := tpp.DetachedJWS(e.tppKey, tppKeyID, []byte(body))
	if err != nil {
		e.t.Fatal(err)
	}
	return tpp.HeaderJWSSignature + ": " + sig
}

// accountsOf returns the ids of the deposit accounts and cards of the demo user's own person.
func (e *env) accountsOf(userID string) (deposits, cards []string) {
	e.t.Helper()
	ctx := context.Background()
	custs, err := e.bank.CustomersOfUser(ctx, userID)
	if err != nil || len(custs) == 0 {
		e.t.Fatalf("customers of %s: %v", userID, err)
	}
	accs, err := e.bank.AccountsOfCustomers(ctx, []string{custs[0].ID})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, a := range accs {
		if a.Status != "" && a.Status != core.AccountEnabled {
			continue
		}
		if a.Type == core.CreditCard {
			cards = append(cards, a.ID)
		} else {
			deposits = append(deposits, a.ID)
		}
	}
	return deposits, cards
}
