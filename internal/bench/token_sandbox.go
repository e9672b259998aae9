package bench

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// TokenOptions configure the self-contained token benchmark.
type TokenOptions struct {
	Load TokenLoadOptions
	// DatabaseURL is the platform's database; empty means a fresh SQLite file. A PostgreSQL URL
	// should name an empty schema.
	DatabaseURL string
}

// Token starts the platform on loopback — TPP-facing listener as `ifconnect platform` runs it, with a
// fresh CA, server certificate and a TPP client registered for tls_client_auth — and measures its
// token endpoint with TokenLoad. Load's TokenURL, ClientID and TLS are filled in.
func Token(ctx context.Context, opts TokenOptions) (TokenReport, error) {
	dir, err := os.MkdirTemp("", "ifconnect-bench-token-")
	if err != nil {
		return TokenReport{}, fmt.Errorf("bench token: %w", err)
	}
	defer os.RemoveAll(dir)
	ca, err := pki.NewCA(pki.CAOptions{CommonName: "bench CA", Bits: 2048})
	if err != nil {
		return TokenReport{}, fmt.Errorf("bench token: %w", err)
	}
	srv, err := ca.Issue(pki.Request{Kind: pki.KindServer, CommonName: "localhost"})
	if err != nil {
		return TokenReport{}, fmt.Errorf("bench token: %w", err)
	}
	sub := pki.TPPSubject{CommonName: "bench-tpp.localhost", OrganizationID: "5a0f8d54-8f1c-4c55-9a51-6f0e2b1f7c11",
		SoftwareStatementID: "0b7c8e7a-3a9f-4f0e-8d3b-2c4a9b6e1d22", CNPJ: "11222333000181", Organization: "Bench TPP LTDA", Locality: "São Paulo", State: "SP"}
	tpp, err := ca.Issue(pki.Request{Kind: pki.KindTPP, TPP: &sub})
	if err != nil {
		return TokenReport{}, fmt.Errorf("bench token: %w", err)
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM(), 0o600); err != nil {
		return TokenReport{}, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)

	dbURL := opts.DatabaseURL
	if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(dir, "platform.db")
	}
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		return TokenReport{}, fmt.Errorf("bench token: %w", err)
	}
	defer db.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return TokenReport{}, fmt.Errorf("bench token: %w", err)
	}
	issuer := "https://" + ln.Addr().String()
	p, err := platform.New(ctx, db, platform.Options{Issuer: issuer, BankAuthURL: "https://127.0.0.1:8444/auth"})
	if err != nil {
		ln.Close()
		return TokenReport{}, err
	}
	err = p.Registry.Put(ctx, registry.Client{
		ID: "bench-tpp", Name: "Bench TPP", RedirectURIs: []string{"https://bench-tpp.localhost/callback"},
		JWKS:      jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &tpp.Key.PublicKey, Use: "sig", KeyID: "bench"}}},
		SubjectDN: pki.SubjectDN(tpp.Cert), TokenEndpointAuthMethod: registry.AuthTLSClientAuth,
	})
	if err != nil {
		ln.Close()
		return TokenReport{}, err
	}
	// The TPP-facing listener exactly as `ifconnect platform` configures it: a client certificate is
	// asked for and verified against the CA, the FAPI TLS 1.2 suites only.
	serverTLS := &tls.Config{
		MinVersion: pki.MinVersion, CipherSuites: pki.FAPICipherSuites,
		Certificates: []tls.Certificate{{Certificate: [][]byte{srv.Cert.Raw}, PrivateKey: srv.Key, Leaf: srv.Cert}},
		ClientAuth:   tls.VerifyClientCertIfGiven, ClientCAs: pool,
	}
	// A second listener for the bank side is required by Serve; the benchmark does not use it.
	bankLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return TokenReport{}, err
	}
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() {
		served <- p.Serve(sctx, platform.Listener{Net: ln, TLS: serverTLS}, platform.Listener{Net: bankLn, TLS: serverTLS}, 5*time.Second)
	}()

	load := opts.Load
	load.TokenURL = issuer + "/token"
	load.ClientID = "bench-tpp"
	load.TLS = &tls.Config{
		MinVersion: pki.MinVersion, CipherSuites: pki.FAPICipherSuites, RootCAs: pool,
		Certificates: []tls.Certificate{{Certificate: [][]byte{tpp.Cert.Raw}, PrivateKey: (*rsa.PrivateKey)(tpp.Key), Leaf: tpp.Cert}},
	}
	rep, err := TokenLoad(ctx, load)
	stop()
	if serr := <-served; err == nil && serr != nil {
		err = serr
	}
	rep.Database = db.URL
	return rep, err
}
