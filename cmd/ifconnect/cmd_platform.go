package main

import (
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	iofs "io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
	"github.com/ifconnect/ifconnect/internal/ratelimit"
	"github.com/ifconnect/ifconnect/internal/state"
)

// runPlatform is `ifconnect platform`: the TecBan platform sandbox and its administration.
func runPlatform(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" {
		return runPlatformServe(ctx, e, args)
	}
	return subcommand(ctx, e, "platform", args, map[string]func(context.Context, env, []string) error{
		"serve":   runPlatformServe,
		"clients": runPlatformClients,
		"keys":    runPlatformKeys,
	}, `The TecBan platform sandbox: the FAPI authorization server with its headless API and the consent
manager ('platform' alone is 'platform serve').

  serve    run the TPP-facing (TLS) and bank-facing (mutual TLS) listeners
  clients  the register of TPP clients: add, list
  keys     the id_token signing keys: list, rotate`)
}

// The two sandbox TPPs registered at start-up from the development PKI: their client ids, the
// certificate each presents and its token endpoint authentication method.
var devTPPs = []struct {
	clientID, identity, name, auth string
}{
	{"tpp1", "tpp1-client", "TPP Um Pagamentos", registry.AuthPrivateKeyJWT},
	{"tpp2", "tpp2-client", "TPP Dois Investimentos", registry.AuthTLSClientAuth},
}

// platformDBFlag adds --db and returns a function opening the database it names (default SQLite in
// the state directory).
func platformDBFlag(fs *config.FlagSet) func(context.Context, state.Dir) (*database.DB, error) {
	dbURL := fs.String("db", "", "database URL: sqlite:PATH or postgres://… (default sqlite:STATE/platform.db)")
	return func(ctx context.Context, st state.Dir) (*database.DB, error) {
		u := *dbURL
		if u == "" {
			u = "sqlite:" + st.PlatformDB()
		}
		return database.Open(ctx, u)
	}
}

func runPlatformServe(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("platform serve", "ifconnect platform [serve] [options]",
		`Runs the TecBan platform sandbox until interrupted.

The TPP-facing listener (--tpp-listen) serves OIDC discovery, the JWKS, PAR, the token endpoint,
introspection and revocation over TLS; it asks for a client certificate from the CA and authenticates
it at the endpoints that need one. The bank-facing listener (--bank-listen) requires mutual TLS with
the bank's client certificate and serves the headless authorization API (GET /auth, doConfirm,
doFail) and the Consent Manager API. The TPP-facing listener also serves the Open Banking Brasil
APIs under /open-banking/ (consents, resources, accounts, credit operations, payments), which call
the bank's Bank Connect server at --bank-connect-url over mutual TLS with STATE/pki/platform-client.
Both are published to STATE/endpoints.json as "platform-tpp"
and "platform-bank".

On start the two development TPPs (tpp1: private_key_jwt, tpp2: tls_client_auth) are registered
from STATE/pki, each with a request-object signing key kept in STATE/pki/NAME-signing-key.pem.`)
	openState := stateFlag(fs)
	configFlag(fs)
	openDB := platformDBFlag(fs)
	tppListen := fs.String("tpp-listen", "127.0.0.1:9443", "address of the TPP-facing listener")
	bankListen := fs.String("bank-listen", "127.0.0.1:9444", "address of the bank-facing listener")
	issuer := fs.String("issuer", "", "issuer URL (default https://TPP-LISTEN-ADDRESS)")
	bankAuth := fs.String("bank-auth-url", "https://127.0.0.1:8444/auth", "the bank's public /auth page, advertised as authorization_endpoint")
	certFile := fs.String("tls-cert", "", "server certificate PEM (default STATE/pki/platform-server.pem)")
	keyFile := fs.String("tls-key", "", "server key PEM (default STATE/pki/platform-server-key.pem)")
	caFile := fs.String("ca", "", "CA PEM that client certificates must chain to (default STATE/pki/ca.pem)")
	bankAllow := fs.String("bank-allow", "", "allow-list of bank client certificates: fingerprints or subject DNs separated by ';' (default the subject DN of STATE/pki/bank-client.pem)")
	bankAllowFile := fs.String("bank-allow-file", "", "file with more allow-list entries, re-read when it changes")
	clientsFile := fs.String("clients-file", "", "JSON file with an array of TPP clients to register (replacing same ids) at start")
	var devRedirects listFlag
	fs.Var(&devRedirects, "dev-redirect-uris", "redirect URIs registered for the development TPPs (default https://127.0.0.1:8446/callback and https://localhost:8446/callback)")
	drain := fs.Duration("shutdown-timeout", 10*time.Second, "how long requests in flight may finish at shutdown")
	bankConnectURL := fs.String("bank-connect-url", "", "the bank's Bank Connect base URL the Open Banking APIs call (default the published bank-connect endpoint, else https://127.0.0.1:8443)")
	aspspID := fs.String("aspsp-id", "ifconnect-bank", "the bank's id, sent in o3-aspsp-id")
	bankTimeout := fs.Duration("bank-timeout", bankclient.DefaultTimeout, "deadline of one Bank Connect call, retries included")
	opsF := addOpsFlags(fs, "127.0.0.1:0")
	rate := fs.Float64("rate-limit", 500, "requests per second each TPP client (transport certificate) may make to the TPP-facing listener of this replica; 0 disables the limit")
	burst := fs.Int("rate-burst", 1000, "requests a TPP client may make at once above --rate-limit")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if err := opsF.check("platform"); err != nil {
		return err
	}
	if *rate < 0 || *burst < 1 {
		return config.Usagef("platform: --rate-limit must not be negative and --rate-burst must be at least 1")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return config.Usagef("platform: --log-level must be debug, info, warn or error, not %q", *logLevel)
	}
	if len(devRedirects) == 0 {
		devRedirects = listFlag{"https://127.0.0.1:8446/callback", "https://localhost:8446/callback"}
	}
	st, err := openState()
	if err != nil {
		return err
	}
	dir := st.PKIDir()
	server := pki.DevIdentity(dir, "platform-server")
	if *certFile != "" || *keyFile != "" {
		server = pki.Identity{Name: "platform-server", CertFile: *certFile, KeyFile: *keyFile}
	}
	if *caFile == "" {
		*caFile = pki.DevCAFile(dir)
	}
	if _, err := os.Stat(server.CertFile); errors.Is(err, iofs.ErrNotExist) {
		return fmt.Errorf("platform: no server certificate at %s: run 'ifconnect pki init' first or pass --tls-cert/--tls-key", server.CertFile)
	}
	allow, err := pki.ParseAllowList(*bankAllow)
	if err != nil {
		return config.Usagef("platform: --bank-allow: %v", err)
	}
	if allow.Len() == 0 && *bankAllowFile == "" {
		cert, err := pki.LoadCertificate(pki.DevIdentity(dir, "bank-client").CertFile)
		if err != nil {
			return fmt.Errorf("platform: no --bank-allow given and the development bank-client certificate is unusable: %w", err)
		}
		if allow, err = pki.ParseAllowList(pki.SubjectDN(cert)); err != nil {
			return fmt.Errorf("platform: bank-client subject: %w", err)
		}
	}
	log := observe.NewLogger(e.stderr, level)
	tppTLS, err := pki.NewServerReloader(pki.ServerOptions{Identity: server, OptionalClientCert: true, ClientCAFiles: []string{*caFile}}, log)
	if err != nil {
		return fmt.Errorf("platform: TPP listener: %w", err)
	}
	bankTLS, err := pki.NewServerReloader(pki.ServerOptions{Identity: server, RequireClientCert: true, ClientCAFiles: []string{*caFile},
		AllowList: allow, AllowListFile: *bankAllowFile}, log)
	if err != nil {
		return fmt.Errorf("platform: bank listener: %w", err)
	}

	tppLn, err := net.Listen("tcp", *tppListen)
	if err != nil {
		return fmt.Errorf("platform: listen %s: %w", *tppListen, err)
	}
	defer tppLn.Close()
	bankLn, err := net.Listen("tcp", *bankListen)
	if err != nil {
		return fmt.Errorf("platform: listen %s: %w", *bankListen, err)
	}
	defer bankLn.Close()
	if *issuer == "" {
		*issuer = "https://" + tppLn.Addr().String()
	}

	db, err := openDB(ctx, st)
	if err != nil {
		return fmt.Errorf("platform: %w", err)
	}
	defer db.Close()
	o, err := newOps(ctx, db, opsF, log)
	if err != nil {
		return fmt.Errorf("platform: %w", err)
	}
	defer o.close()
	bank, err := platformBankClient(ctx, st, *bankConnectURL, *caFile, *aspspID, *bankTimeout, log, o.metrics)
	if err != nil {
		return err
	}
	defer bank.Close()
	var limiter *ratelimit.Limiter
	if *rate > 0 {
		limiter = ratelimit.New(*rate, *burst, nil)
	}
	p, err := platform.New(ctx, db, platform.Options{Issuer: *issuer, BankAuthURL: *bankAuth, Log: log, Bank: bank,
		Metrics: o.metrics, Audit: o.audit, RecordUsage: o.usage.Record, RateLimit: limiter, MaxBody: *opsF.maxBody})
	if err != nil {
		return err
	}
	if err := registerDevTPPs(ctx, p.Registry, dir, devRedirects); err != nil {
		return err
	}
	if *clientsFile != "" {
		if err := registerClientsFile(ctx, p.Registry, *clientsFile); err != nil {
			return err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, r := range []*pki.Reloader{tppTLS, bankTLS} {
		if _, err := r.Watch(ctx); err != nil {
			return fmt.Errorf("platform: watch certificates: %w", err)
		}
	}
	go p.Maintain(ctx)

	bankURL := "https://" + bankLn.Addr().String()
	tpp1, bankClient := pki.DevIdentity(dir, "tpp1-client"), pki.DevIdentity(dir, "bank-client")
	now := time.Now().UTC()
	if err := st.Publish(
		state.Endpoint{Name: "platform-tpp", URL: *issuer, CA: *caFile, ClientCert: tpp1.CertFile, ClientKey: tpp1.KeyFile, PID: os.Getpid(), UpdatedAt: now},
		state.Endpoint{Name: "platform-bank", URL: bankURL, CA: *caFile, ClientCert: bankClient.CertFile, ClientKey: bankClient.KeyFile, PID: os.Getpid(), UpdatedAt: now},
	); err != nil {
		return err
	}
	defer st.Withdraw("platform-tpp", "platform-bank")
	o.checks["certificates"] = certificateCheck(tppTLS.TLSConfig())
	if *opsF.listen != "" {
		opsURL, stopOps, err := o.serveOps(*opsF.listen)
		if err != nil {
			return fmt.Errorf("platform: %w", err)
		}
		defer stopOps()
		if err := st.Publish(state.Endpoint{Name: "platform-ops", URL: opsURL, PID: os.Getpid(), UpdatedAt: now}); err != nil {
			log.Warn("could not publish the endpoint", "name", "platform-ops", "err", err)
		}
		defer st.Withdraw("platform-ops")
		fmt.Fprintf(e.stdout, "platform-ops listening on %s\n", opsURL)
	}
	log.Info("platform listening", "tpp", *issuer, "bank", bankURL, "authorization_endpoint", *bankAuth, "db", db.URL)
	fmt.Fprintf(e.stdout, "platform: TPP-facing %s (issuer), bank-facing %s\n", *issuer, bankURL)
	err = p.Serve(ctx, platform.Listener{Net: tppLn, TLS: tppTLS.TLSConfig()}, platform.Listener{Net: bankLn, TLS: bankTLS.TLSConfig()}, *drain)
	log.Info("platform stopped")
	return err
}

// platformBankClient is the Bank Connect client of the Open Banking APIs: mutual TLS with
// STATE/pki/platform-client, to url or the published bank-connect endpoint.
func platformBankClient(ctx context.Context, st state.Dir, url, caFile, aspspID string, timeout time.Duration, log *slog.Logger, m *observe.Metrics) (*bankclient.Client, error) {
	if url == "" {
		url = "https://127.0.0.1:8443"
		if ep, err := st.Endpoint("bank-connect"); err == nil {
			url = ep.URL
		}
	}
	// The client certificate reloads on file change or SIGHUP while ctx lasts: a rotated
	// platform-client certificate is presented at the next handshake without a restart.
	r, err := pki.NewClientReloader(pki.ClientOptions{Identity: pki.DevIdentity(st.PKIDir(), "platform-client"), RootCAFiles: []string{caFile}}, log)
	if err != nil {
		return nil, fmt.Errorf("platform: the platform-client certificate for Bank Connect: %w", err)
	}
	if _, err := r.Watch(ctx); err != nil {
		log.Warn("the platform-client certificate will not reload on change", "err", err)
	}
	cfg := r.TLSConfig()
	c, err := bankclient.New(bankclient.Options{BaseURL: url, TLS: cfg, ASPSPID: aspspID, Timeout: timeout, Log: log,
		Observe: func(endpoint string, d time.Duration, err error) { m.ObserveCall("bank-connect", endpoint, d, err) }})
	if err != nil {
		return nil, config.Usagef("platform: %v", err)
	}
	return c, nil
}

// registerDevTPPs registers (or refreshes) the development TPPs whose certificates are in the PKI
// directory, creating each one's request-object signing key on first use.
func registerDevTPPs(ctx context.Context, reg *registry.Registry, dir string, redirects []string) error {
	for _, d := range devTPPs {
		id := pki.DevIdentity(dir, d.identity)
		cert, err := pki.LoadCertificate(id.CertFile)
		if errors.Is(err, iofs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("platform: development TPP %s: %w", d.clientID, err)
		}
		key, err := devSigningKey(filepath.Join(dir, d.identity[:strings.Index(d.identity, "-")]+"-signing-key.pem"))
		if err != nil {
			return err
		}
		jwk := jose.JSONWebKey{Key: key.Public(), Use: "sig", Algorithm: string(jose.PS256)}
		tp, err := jwk.Thumbprint(crypto.SHA256)
		if err != nil {
			return fmt.Errorf("platform: development TPP %s key: %w", d.clientID, err)
		}
		jwk.KeyID = base64.RawURLEncoding.EncodeToString(tp)
		c := registry.Client{ID: d.clientID, Name: d.name, RedirectURIs: redirects, JWKS: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}},
			SubjectDN: pki.SubjectDN(cert), TokenEndpointAuthMethod: d.auth}
		if s, err := pki.ParseTPPSubject(cert); err == nil {
			c.OrganisationID, c.SoftwareStatementID = s.OrganizationID, s.SoftwareStatementID
		}
		if err := reg.Put(ctx, c); err != nil {
			return fmt.Errorf("platform: register development TPP: %w", err)
		}
	}
	return nil
}

// devSigningKey loads the RSA key at path, creating it (mode 0600) when absent.
func devSigningKey(path string) (crypto.Signer, error) {
	k, err := pki.LoadPrivateKey(path)
	if err == nil {
		return k, nil
	}
	if _, serr := os.Stat(path); !errors.Is(serr, iofs.ErrNotExist) {
		return nil, err
	}
	nk, err := pki.GenerateKey(2048)
	if err != nil {
		return nil, err
	}
	b, err := pki.EncodePrivateKeyPEM(nk)
	if err != nil {
		return nil, err
	}
	if err := state.WriteFileAtomic(path, b, 0o600); err != nil {
		return nil, err
	}
	return nk, nil
}

func registerClientsFile(ctx context.Context, reg *registry.Registry, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("platform: clients file: %w", err)
	}
	var cs []registry.Client
	if err := json.Unmarshal(b, &cs); err != nil {
		return fmt.Errorf("platform: clients file %s is not a JSON array of clients: %w", path, err)
	}
	for _, c := range cs {
		if err := reg.Put(ctx, c); err != nil {
			return fmt.Errorf("platform: clients file %s: %w", path, err)
		}
	}
	return nil
}

func runPlatformClients(ctx context.Context, e env, args []string) error {
	return subcommand(ctx, e, "platform clients", args, map[string]func(context.Context, env, []string) error{
		"add":  runPlatformClientsAdd,
		"list": runPlatformClientsList,
	}, `The register of TPP clients the authorization server trusts.

  add   register a client (from options or a JSON record)
  list  list the registered clients`)
}

func runPlatformClientsAdd(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("platform clients add", "ifconnect platform clients add --client-id ID --redirect-uri URL --jwks FILE (--cert FILE | --subject-dn DN) [options]",
		`Registers a TPP client. The JWKS (a JSON Web Key Set file, or a PEM key whose public part is
used) verifies its request objects and private_key_jwt assertions; the subject DN (given, or read
from its transport certificate) authenticates it at tls_client_auth and identifies it. --json FILE
registers a complete record instead (the format 'clients list --json' prints).`)
	openState := stateFlag(fs)
	configFlag(fs)
	openDB := platformDBFlag(fs)
	id := fs.String("client-id", "", "client id")
	name := fs.String("name", "", "client (software) name")
	org := fs.String("org-id", "", "directory organisation id")
	software := fs.String("software-statement-id", "", "software statement id")
	var redirects, scopes listFlag
	fs.Var(&redirects, "redirect-uri", "registered redirect URI (repeatable or comma-separated)")
	fs.Var(&scopes, "scope", "scopes the client may request (default the OBB scopes)")
	jwksFile := fs.String("jwks", "", "JWKS JSON file, or PEM public or private key file")
	certFile := fs.String("cert", "", "the client's transport certificate (PEM): its subject DN and, for a TPP certificate, org and software ids")
	dn := fs.String("subject-dn", "", "subject DN of the client's transport certificate")
	auth := fs.String("auth-method", registry.AuthPrivateKeyJWT, "token endpoint authentication: private_key_jwt or tls_client_auth")
	jsonFile := fs.String("json", "", "register this JSON client record instead")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	var c registry.Client
	if *jsonFile != "" {
		b, err := os.ReadFile(*jsonFile)
		if err != nil {
			return config.Usagef("platform clients add: %v", err)
		}
		if err := json.Unmarshal(b, &c); err != nil {
			return config.Usagef("platform clients add: %s is not a JSON client record: %v", *jsonFile, err)
		}
	} else {
		c = registry.Client{ID: *id, Name: *name, OrganisationID: *org, SoftwareStatementID: *software, RedirectURIs: redirects,
			SubjectDN: *dn, TokenEndpointAuthMethod: *auth, Scopes: scopes}
		if *certFile != "" {
			cert, err := pki.LoadCertificate(*certFile)
			if err != nil {
				return config.Usagef("platform clients add: %v", err)
			}
			c.SubjectDN = pki.SubjectDN(cert)
			if s, err := pki.ParseTPPSubject(cert); err == nil {
				if c.OrganisationID == "" {
					c.OrganisationID = s.OrganizationID
				}
				if c.SoftwareStatementID == "" {
					c.SoftwareStatementID = s.SoftwareStatementID
				}
			}
		}
		if *jwksFile != "" {
			set, err := readJWKS(*jwksFile)
			if err != nil {
				return config.Usagef("platform clients add: %v", err)
			}
			c.JWKS = set
		}
	}
	if err := c.Validate(); err != nil {
		return config.Usagef("platform clients add: %v", err)
	}
	return withRegistry(ctx, openState, openDB, func(reg *registry.Registry) error {
		if err := reg.Add(ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Registered client %s (%s).\n", c.ID, c.TokenEndpointAuthMethod)
		return nil
	})
}

// withRegistry opens the platform's database and its client registry for one clients command and
// closes them after fn.
func withRegistry(ctx context.Context, openState func() (state.Dir, error), openDB func(context.Context, state.Dir) (*database.DB, error),
	fn func(*registry.Registry) error) error {
	st, err := openState()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, st)
	if err != nil {
		return err
	}
	defer db.Close()
	reg, err := registry.Open(ctx, db, nil)
	if err != nil {
		return err
	}
	return fn(reg)
}

// readJWKS reads a JWKS file, or a PEM key of which the public part becomes a one-key set.
func readJWKS(path string) (jose.JSONWebKeySet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	var set jose.JSONWebKeySet
	if json.Unmarshal(b, &set) == nil && len(set.Keys) > 0 {
		for i, k := range set.Keys {
			set.Keys[i] = k.Public()
		}
		return set, nil
	}
	var pub crypto.PublicKey
	if k, err := pki.ParsePrivateKeyPEM(b); err == nil {
		pub = k.Public()
	} else if certs, err := pki.ParseCertificatesPEM(b); err == nil {
		pub = certs[0].PublicKey
	} else {
		return jose.JSONWebKeySet{}, fmt.Errorf("%s is neither a JWKS nor a PEM key or certificate", path)
	}
	jwk := jose.JSONWebKey{Key: pub, Use: "sig", Algorithm: string(jose.PS256)}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("%s: %w", path, err)
	}
	jwk.KeyID = base64.RawURLEncoding.EncodeToString(tp)
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}}, nil
}

func runPlatformClientsList(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("platform clients list", "ifconnect platform clients list [--json]", "Lists the registered TPP clients.")
	openState := stateFlag(fs)
	configFlag(fs)
	openDB := platformDBFlag(fs)
	asJSON := fs.Bool("json", false, "print the full records as JSON")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	var cs []registry.Client
	if err := withRegistry(ctx, openState, openDB, func(reg *registry.Registry) (err error) {
		cs, err = reg.List(ctx)
		return err
	}); err != nil {
		return err
	}
	if *asJSON {
		b, err := json.MarshalIndent(cs, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CLIENT ID\tNAME\tAUTH\tREDIRECT URIS\tSUBJECT DN")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Name, c.TokenEndpointAuthMethod, strings.Join(c.RedirectURIs, " "), c.SubjectDN)
	}
	return tw.Flush()
}

func runPlatformKeys(ctx context.Context, e env, args []string) error {
	return subcommand(ctx, e, "platform keys", args, map[string]func(context.Context, env, []string) error{
		"list":   func(ctx context.Context, e env, args []string) error { return platformKeys(ctx, e, args, false) },
		"rotate": func(ctx context.Context, e env, args []string) error { return platformKeys(ctx, e, args, true) },
	}, `The id_token signing keys (PS256), kept in the platform database.

  list    list the published keys, the current one first
  rotate  make a new key current; the old one stays in the JWKS for a day so tokens it signed verify`)
}

func platformKeys(ctx context.Context, e env, args []string, rotate bool) error {
	verb := "list"
	if rotate {
		verb = "rotate"
	}
	fs := config.NewFlagSet("platform keys "+verb, "ifconnect platform keys "+verb+" [options]", "Signing keys of the platform.")
	openState := stateFlag(fs)
	configFlag(fs)
	openDB := platformDBFlag(fs)
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	st, err := openState()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, st)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := keys.Open(ctx, db, keys.Options{})
	if err != nil {
		return err
	}
	if rotate {
		k, err := set.Rotate(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "New current key %s; running platforms pick it up within a minute.\n", k.ID)
	}
	for i, k := range set.JWKS().Keys {
		role := "published"
		if i == 0 {
			role = "current"
		}
		fmt.Fprintf(e.stdout, "%s\t%s\n", k.KeyID, role)
	}
	return nil
}
