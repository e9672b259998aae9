package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/journey"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

const bankDoc = `Runs the bank's servers. The Bank Connect listener serves every operation of the TecBan Bank Connect
AIS contract (GET /accounts, /transactions, /loans, … and the contract itself at GET /openapi.json) over
mutual TLS: TLS 1.2 or newer with the FAPI cipher suites, and only client certificates that chain to
--client-ca and are on --client-allow (SHA-256 fingerprints or subject DNs, ';'-separated), by default
the platform-client certificate of STATE/pki. Certificates, CAs and the allow-list reload on SIGHUP or
when their files change.

The platform may also send a bearer token: --bearer off (mutual TLS only), static (exactly
--bearer-token) or jwt (a JWT signed by a key of --bearer-jwks, for audience --aspsp-id).

The web listener (--web-listen) serves the customer's journey over TLS without client certificates:
the bank's /auth entry, the internet-banking login, the consent pages and the "Open Banking" area. It
calls the platform's headless authorization and consent-manager APIs at --platform-bank-url over
mutual TLS with the bank-client certificate, and keeps its sessions in the bank database.

Each listener is published to STATE/endpoints.json while it runs (bank-connect, bank-web) and withdrawn on
shutdown; SIGINT or SIGTERM drains in-flight requests before exiting. The database must have been
migrated (ifconnect migrate) and is usually seeded (ifconnect seed).`

// Timeouts of the bank's HTTP servers: a slow or stalled peer never holds a connection for long.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 120 * time.Second
	drainTimeout      = 30 * time.Second
	// maxHeaderBytes is above Bank Connect's own header limits, so oversized headers get its 400 body.
	maxHeaderBytes = 64 << 10
)

// bankListener is one listener of the bank command: Bank Connect now; the customer web journey and
// others join the list in runBank.
type bankListener struct {
	name    string // the endpoint name published in endpoints.json
	addr    string
	handler http.Handler
	tls     *tls.Config
	// endpoint is what to publish besides the name, URL and PID.
	endpoint state.Endpoint
}

func runBank(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("bank", "ifconnect bank [options]", bankDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	dbURL := fs.String("db", "", "bank database: sqlite:PATH, a file path, or postgres://… (default STATE/bank.db)")
	connectListen := fs.String("connect-listen", "127.0.0.1:8443", "address of the Bank Connect (mutual TLS) listener")
	aspspID := fs.String("aspsp-id", "ifconnect-bank", "the bank's id: the value the platform sends in o3-aspsp-id")
	tlsCert := fs.String("tls-cert", "", "server certificate PEM (default STATE/pki/bank-server.pem)")
	tlsKey := fs.String("tls-key", "", "server key PEM (default STATE/pki/bank-server-key.pem)")
	clientCA := fs.String("client-ca", "", "PEM of the CAs platform client certificates must chain to (default STATE/pki/ca.pem)")
	clientAllow := fs.String("client-allow", "", "allowed platform client certificates: SHA-256 fingerprints or subject DNs, ';'-separated (default: STATE/pki/platform-client.pem)")
	clientAllowFile := fs.String("client-allow-file", "", "file of more allowed platform client certificates (one fingerprint or subject DN a line), re-read when it changes")
	bearer := fs.String("bearer", "off", "bearer authentication of the platform: off, static or jwt")
	bearerToken := fs.String("bearer-token", "", "the token --bearer static accepts")
	bearerJWKS := fs.String("bearer-jwks", "", "JWKS file of the platform's public keys for --bearer jwt")
	bearerIssuer := fs.String("bearer-issuer", "", "issuer (iss) --bearer jwt requires; empty accepts any")
	brand := fs.String("brand", seed.DefaultBank.Brand, "brand name written in accounts, contracts and customer data")
	brandID := fs.String("brand-id", "banco-ipe", "brand id written in accounts")
	cnpj := fs.String("cnpj", seed.DefaultBank.CNPJ, "the institution's CNPJ, 14 digits")
	pageSize := fs.Int("page-size", 25, "transactions per page (the Open Banking Brasil default is 25)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	payOpts := paymentFlags(fs)
	webFlags := addBankWebFlags(fs)
	opsF := addOpsFlags(fs, "127.0.0.1:0")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if err := opsF.check("bank"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.Usagef("bank: unexpected argument %q", fs.Arg(0))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return config.Usagef("bank: --log-level must be debug, info, warn or error, not %q", *logLevel)
	}
	if !core.ValidCNPJ(*cnpj) {
		return config.Usagef("bank: --cnpj %q is not a CNPJ with valid check digits", *cnpj)
	}
	if *pageSize < 1 || *pageSize > 1000 {
		return config.Usagef("bank: --page-size must be between 1 and 1000, not %d", *pageSize)
	}
	if strings.TrimSpace(*aspspID) == "" {
		return config.Usagef("bank: --aspsp-id must not be empty")
	}
	if err := payOpts.check(); err != nil {
		return err
	}
	log := observe.NewLogger(e.stderr, level)

	st, err := openState()
	if err != nil {
		return err
	}
	auth, err := bearerAuth(*bearer, *bearerToken, *bearerJWKS, *bearerIssuer, *aspspID)
	if err != nil {
		return err
	}
	pkiDir := st.PKIDir()
	orDefault := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	platformClient := pki.DevIdentity(pkiDir, "platform-client")
	serverOpts := pki.ServerOptions{
		Identity: pki.Identity{Name: "bank-server",
			CertFile: orDefault(*tlsCert, pki.DevIdentity(pkiDir, "bank-server").CertFile),
			KeyFile:  orDefault(*tlsKey, pki.DevIdentity(pkiDir, "bank-server").KeyFile)},
		RequireClientCert: true,
		ClientCAFiles:     []string{orDefault(*clientCA, pki.DevCAFile(pkiDir))},
	}
	serverOpts.AllowListFile = *clientAllowFile
	if *clientAllow != "" {
		if serverOpts.AllowList, err = pki.ParseAllowList(*clientAllow); err != nil {
			return config.Usagef("bank: --client-allow: %v", err)
		}
	} else if *clientAllowFile == "" {
		cert, err := pki.LoadCertificate(platformClient.CertFile)
		if err != nil {
			return fmt.Errorf("bank: no --client-allow and no platform client certificate to allow (run ifconnect pki init): %w", err)
		}
		serverOpts.AllowList = pki.AllowCertificates(cert)
	}
	reloader, err := pki.NewServerReloader(serverOpts, log)
	if err != nil {
		return fmt.Errorf("bank: %w", err)
	}

	url := *dbURL
	if url == "" {
		url = "sqlite:" + st.BankDB()
	}
	s, err := store.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("bank: %w", err)
	}
	defer s.Close()
	opsDB, err := database.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("bank: %w", err)
	}
	defer opsDB.Close()
	o, err := newOps(ctx, opsDB, opsF, log)
	if err != nil {
		return fmt.Errorf("bank: %w", err)
	}
	defer o.close()
	payOpts.watch = ctx
	payOpts.wrap = func(d core.PaymentDeps) core.PaymentDeps {
		d.Payments, d.Consents = auditedPayments{PaymentStore: d.Payments, o: o}, observedConsents{ConsentReader: d.Consents, m: o.metrics}
		return d
	}
	webFlags.wrap = func(d journey.Deps) journey.Deps {
		d.Auth, d.Consents = observedAuthorizer{Authorizer: d.Auth, m: o.metrics}, auditedConsentManager{ConsentManager: d.Consents, o: o}
		return d
	}

	payments, settlement, err := payOpts.payments(st, s, log)
	if err != nil {
		return err
	}
	go settlement.Run(ctx)
	connectHandler := connect.NewServer(connect.Deps{
		ASPSPID:     *aspspID,
		Institution: connect.Institution{BrandID: *brandID, BrandName: *brand, CNPJ: *cnpj},
		Customers:   s, Accounts: s, Transactions: s, Contracts: s, StandingData: s,
		Bearer: auth, Log: log, Clock: time.Now, PageSize: *pageSize, Payments: payments,
	})
	listeners := []bankListener{{
		name: "bank-connect", addr: *connectListen, handler: o.wrap("bank-connect", connectHandler, callerClient), tls: reloader.TLSConfig(),
		endpoint: state.Endpoint{CA: pki.DevCAFile(pkiDir), ClientCert: platformClient.CertFile, ClientKey: platformClient.KeyFile},
	}}

	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if *webFlags.listen != "" {
		web, err := webFlags.build(watchCtx, st, url, s, serverOpts.Identity, log)
		if err != nil {
			return err
		}
		defer web.close()
		web.listener.handler = o.wrap("bank-web", web.listener.handler, nil)
		listeners = append(listeners, web.listener)
		o.checks["platform"] = reachableCheck(webFlags.resolvedPlatformURL)
	} else if *payOpts.platformURL != "" {
		o.checks["platform"] = reachableCheck(*payOpts.platformURL)
	}
	o.checks["certificates"] = certificateCheck(reloader.TLSConfig())
	if *opsF.listen != "" {
		listeners = append(listeners, o.listener("bank-ops", *opsF.listen))
	}
	if _, err := reloader.Watch(watchCtx); err != nil {
		log.Warn("TLS files will not reload on change", "err", err)
	}
	return serveListeners(ctx, e, st, log, listeners)
}

// callerClient names the TPP client on whose behalf the platform calls Bank Connect
// (o3-caller-client-id, set by the authenticated platform), for the per-client metrics and usage.
func callerClient(r *http.Request) string {
	if c := r.Header.Get("o3-caller-client-id"); c != "" && len(c) <= 64 {
		return c
	}
	return "platform"
}

// bearerAuth builds the Authenticator --bearer asks for.
func bearerAuth(mode, token, jwksFile, issuer, aspspID string) (connect.Authenticator, error) {
	switch mode {
	case "off":
		return nil, nil
	case "static":
		if len(token) < 16 {
			return nil, config.Usagef("bank: --bearer static needs a --bearer-token of at least 16 characters")
		}
		return connect.StaticBearer(token), nil
	case "jwt":
		if jwksFile == "" {
			return nil, config.Usagef("bank: --bearer jwt needs --bearer-jwks")
		}
		keys, err := connect.LoadJWKS(jwksFile)
		if err != nil {
			return nil, config.Usagef("bank: %v", err)
		}
		return connect.JWTBearer(connect.JWTOptions{Keys: keys, Audience: aspspID, Issuer: issuer}), nil
	default:
		return nil, config.Usagef("bank: --bearer must be off, static or jwt, not %q", mode)
	}
}

// serveListeners serves every listener until ctx is done, publishing each to endpoints.json while it
// runs, then drains in-flight requests (with a context that outlives ctx's cancellation) and
// withdraws the endpoints. A listener that fails stops them all.
func serveListeners(ctx context.Context, e env, st state.Dir, log *slog.Logger, ls []bankListener) error {
	type running struct {
		l   bankListener
		srv *http.Server
		ln  net.Listener
	}
	var rs []running
	var names []string
	closeAll := func() {
		for _, r := range rs {
			r.ln.Close()
		}
	}
	for _, l := range ls {
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			closeAll()
			return fmt.Errorf("bank: %s: %w", l.name, err)
		}
		srv := &http.Server{
			Handler: l.handler, TLSConfig: l.tls,
			ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout,
			MaxHeaderBytes: maxHeaderBytes,
			ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
			BaseContext:    func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		}
		rs = append(rs, running{l: l, srv: srv, ln: ln})
		names = append(names, l.name)
	}
	errs := make(chan error, len(rs))
	var wg sync.WaitGroup
	for _, r := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if r.l.tls != nil {
				err = r.srv.ServeTLS(r.ln, "", "")
			} else {
				err = r.srv.Serve(r.ln)
			}
			if !errors.Is(err, http.ErrServerClosed) {
				errs <- fmt.Errorf("bank: %s: %w", r.l.name, err)
			}
		}()
		scheme := "https"
		if r.l.tls == nil {
			scheme = "http"
		}
		ep := r.l.endpoint
		ep.Name, ep.URL, ep.PID, ep.UpdatedAt = r.l.name, scheme+"://"+r.ln.Addr().String(), os.Getpid(), time.Now().UTC()
		if err := st.Publish(ep); err != nil {
			log.Warn("could not publish the endpoint", "name", r.l.name, "err", err)
		}
		fmt.Fprintf(e.stdout, "%s listening on %s\n", r.l.name, ep.URL)
		log.Info("listening", "name", r.l.name, "url", ep.URL)
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errs:
	}
	if err := st.Withdraw(names...); err != nil {
		log.Warn("could not withdraw the endpoints", "err", err)
	}
	drain, cancel := context.WithTimeout(context.WithoutCancel(ctx), drainTimeout)
	defer cancel()
	for _, r := range rs {
		if err := r.srv.Shutdown(drain); err != nil {
			log.Warn("shutdown did not drain every request", "name", r.l.name, "err", err)
		}
	}
	wg.Wait()
	log.Info("bank stopped")
	return runErr
}
