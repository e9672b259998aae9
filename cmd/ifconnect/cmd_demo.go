package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
	"github.com/ifconnect/ifconnect/internal/tpp"
	"github.com/ifconnect/ifconnect/internal/tpp/web"
)

const demoDoc = `Runs everything on loopback in one process: the TecBan platform sandbox, the bank (Bank Connect
and the customer's pages) and a small TPP web app with "share my data" and "pay with PIX via Open
Banking" buttons. Open the URL it prints and log in at the bank as one of the demo users it lists.

On first run it creates the development PKI (plus the TPP web app's certificate, tpp-web), migrates
and seeds the bank's SQLite database in the state directory; later runs reuse them and are ready in
well under a second. Servers log to STATE/demo.log; STATE/endpoints.json lists every listener while the
demo runs. Ctrl-C (SIGINT) or SIGTERM stops it gracefully: requests in flight finish first.

--run-flows starts everything, runs both flows and the main negative paths with the TPP client
(no browser), prints their steps and exits 0 only if every step matched. An address with port 0
takes a free port.`

// demoAddrs are the demo's listeners, for the port check and the messages.
type demoAddr struct {
	flag, what string
	addr       *string
	// endpoint is the name the server publishes in endpoints.json once it is ready.
	endpoint string
}

func runDemo(ctx context.Context, e env, args []string) error {
	started := time.Now()
	fs := config.NewFlagSet("demo", "ifconnect demo [options]", demoDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	platTPP := fs.String("platform-tpp-listen", "127.0.0.1:9443", "the platform's TPP-facing listener (issuer, Open Banking APIs)")
	platBank := fs.String("platform-bank-listen", "127.0.0.1:9444", "the platform's bank-facing listener (headless API, consent manager)")
	bankConnect := fs.String("bank-connect-listen", "127.0.0.1:8443", "the bank's Bank Connect listener (mutual TLS)")
	bankWeb := fs.String("bank-web-listen", "127.0.0.1:8444", "the bank's customer pages")
	tppWeb := fs.String("tpp-web-listen", "127.0.0.1:8446", "the TPP web app (its /callback is the development TPPs' redirect URI)")
	client := fs.String("client", "tpp1", "the development TPP the web app and --run-flows act as: tpp1 or tpp2")
	runFlows := fs.Bool("run-flows", false, "run both flows and the negative paths, print the steps and exit 0/1")
	flowsUser := fs.String("flows-user", "ana", "the demo user --run-flows logs in as")
	drain := fs.Duration("shutdown-timeout", 10*time.Second, "how long requests in flight may finish at shutdown")
	settle := fs.Duration("settlement-delay", 0, "how long a PIX payment stays ACSP before it settles (the TPP shows the status change)")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return config.Usagef("demo: unexpected argument %q", fs.Arg(0))
	case *settle < 0 || *settle > time.Minute:
		return config.Usagef("demo: --settlement-delay must be between 0 and 1m, not %s", *settle)
	}
	st, err := openState()
	if err != nil {
		return err
	}
	release, err := st.Lock("demo")
	if errors.Is(err, state.ErrLocked) {
		return fmt.Errorf("demo: the state directory %s is in use by another ifconnect demo: stop it, or give this one --state DIR", st.Root)
	}
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer release()

	addrs := []demoAddr{
		{"--platform-tpp-listen", "the platform's TPP side", platTPP, "platform-tpp"}, {"--platform-bank-listen", "the platform's bank side", platBank, "platform-bank"},
		{"--bank-connect-listen", "Bank Connect", bankConnect, "bank-connect"}, {"--bank-web-listen", "the bank's customer pages", bankWeb, "bank-web"},
	}
	for _, a := range addrs {
		if err := freeAddr(a); err != nil {
			return err
		}
	}
	// The TPP web app's listener is opened now and kept: its address is the redirect URI the platform
	// registers.
	webLn, err := net.Listen("tcp", *tppWeb)
	if err != nil {
		return listenError(demoAddr{"--tpp-web-listen", "the TPP web app", tppWeb, "tpp-web"}, err)
	}
	defer webLn.Close()
	webURL := "https://" + webLn.Addr().String()

	if err := demoFirstRun(ctx, st, e.stdout); err != nil {
		return err
	}
	logFile, err := os.OpenFile(st.Path("demo.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("demo: log file: %w", err)
	}
	defer logFile.Close()
	log := slog.New(slog.NewTextHandler(logFile, nil))

	stack, err := startStack(ctx, st, stackAddrs{platTPP: *platTPP, platBank: *platBank, bankConnect: *bankConnect, bankWeb: *bankWeb, settlementDelay: *settle},
		webURL+"/callback", *drain, logFile, addrs)
	if err != nil {
		return err
	}
	stop := stack.stop

	cfg, err := tpp.DevConfig(st, *client, "https://"+*platTPP, webURL+"/callback")
	if err != nil {
		stop()
		return err
	}
	tc, err := tpp.New(cfg)
	if err != nil {
		stop()
		return err
	}
	defer tc.Close()
	users, err := seed.ReadDemoUsers(st.DemoUsers())
	if err != nil {
		stop()
		return fmt.Errorf("demo: %w", err)
	}

	if *runFlows {
		fmt.Fprintf(e.stdout, "ifconnect demo ready in %s; running the flows.\n\n", time.Since(started).Round(time.Millisecond))
		ferr := demoFlows(ctx, e.stdout, st, tc, *client, *platTPP, *flowsUser, users)
		if err := stop(); err != nil && ferr == nil {
			return err
		}
		return ferr
	}

	app, err := web.New(web.Deps{Client: tc, People: demoPeople(users), Log: log})
	if err != nil {
		stop()
		return err
	}
	webTLS, err := pki.ServerConfig(pki.ServerOptions{Identity: pki.DevIdentity(st.PKIDir(), "tpp-web")})
	if err != nil {
		stop()
		return fmt.Errorf("demo: TPP web app: %w", err)
	}
	srv := &http.Server{Handler: app, TLSConfig: webTLS, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }}
	webDone := make(chan error, 1)
	go func() { webDone <- srv.ServeTLS(webLn, "", "") }()
	if err := st.Publish(state.Endpoint{Name: "tpp-web", URL: webURL, CA: pki.DevCAFile(st.PKIDir()), PID: os.Getpid(), UpdatedAt: time.Now().UTC()}); err != nil {
		log.Warn("could not publish the TPP web app", "err", err)
	}
	defer st.Withdraw("tpp-web")

	printDemoBanner(e.stdout, st, time.Since(started), webURL, *platTPP, *platBank, *bankConnect, *bankWeb, users)
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-webDone:
		runErr = fmt.Errorf("demo: TPP web app: %w", runErr)
	case runErr = <-stack.done:
		stack.running--
		if runErr == nil {
			runErr = errors.New("demo: a server stopped unexpectedly (see demo.log)")
		}
	}
	fmt.Fprintln(e.stdout, "\nStopping: requests in flight finish first…")
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), *drain)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		log.Warn("the TPP web app did not drain every request", "err", err)
	}
	if err := stop(); err != nil && runErr == nil {
		runErr = err
	}
	fmt.Fprintln(e.stdout, "Stopped.")
	return runErr
}

// stackAddrs are the listen addresses of the platform and the bank, and the bank's settlement delay.
type stackAddrs struct {
	platTPP, platBank, bankConnect, bankWeb string
	settlementDelay                         time.Duration
	// platformArgs are more options for the platform (the benchmark lifts its per-client rate limit).
	platformArgs []string
}

// stack is the platform and the bank running in this process, as `ifconnect platform` and
// `ifconnect bank` run them.
type stack struct {
	done    chan error
	running int
	cancel  context.CancelFunc
}

// startStack starts the platform and the bank with the addresses a (free, checked by the caller)
// and the development TPPs' redirect URI, logging to logs, and waits until every listener accepts
// connections. They take nothing from the environment: the demo is self-contained.
func startStack(ctx context.Context, st state.Dir, a stackAddrs, redirectURI string, drain time.Duration, logs io.Writer, wait []demoAddr) (*stack, error) {
	sub := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: logs}
	// The servers outlive ctx's cancellation until stop, so they drain in-flight requests.
	subCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &stack{done: make(chan error, 2), running: 2, cancel: cancel}
	go func() {
		s.done <- runPlatformServe(subCtx, sub, append([]string{"--state", st.Root, "--tpp-listen", a.platTPP, "--bank-listen", a.platBank,
			"--bank-auth-url", "https://" + a.bankWeb + "/auth", "--bank-connect-url", "https://" + a.bankConnect,
			"--dev-redirect-uris", redirectURI, "--shutdown-timeout=" + drain.String()}, a.platformArgs...))
	}()
	go func() {
		s.done <- runBank(subCtx, sub, []string{"--state", st.Root, "--connect-listen", a.bankConnect, "--web-listen", a.bankWeb,
			"--platform-url", "https://" + a.platBank, "--platform-bank-url", "https://" + a.platBank, "--log-level", "warn",
			"--settlement-delay=" + a.settlementDelay.String()})
	}()
	if err := waitReady(ctx, st, s.done, wait); err != nil {
		if errors.Is(err, errServerStopped) {
			s.running-- // its result was consumed by waitListening
		}
		s.stop()
		return nil, err
	}
	return s, nil
}

// stop shuts both servers down, letting requests in flight finish, and returns the first error either
// reported.
func (s *stack) stop() error {
	s.cancel()
	var first error
	for ; s.running > 0; s.running-- {
		if err := <-s.done; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// demoFirstRun creates what a fresh state directory lacks: the PKI (with the TPP web app's server
// certificate) and the seeded bank database; an existing database is brought up to the current
// schema. Existing material is left alone.
func demoFirstRun(ctx context.Context, st state.Dir, out io.Writer) error {
	loopback := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	specs := append(devSpecs(2048), pki.DevSpec{Name: "tpp-web", Request: pki.Request{Kind: pki.KindServer, CommonName: "localhost",
		Organization: "Fintech Demo", DNSNames: []string{"localhost", "tpp.localhost"}, IPAddresses: loopback, Bits: 2048}})
	rep, err := pki.InitDev(st.PKIDir(), pki.InitOptions{Specs: specs})
	if err != nil {
		return fmt.Errorf("demo: PKI: %w", err)
	}
	if len(rep.Issued) > 0 {
		fmt.Fprintf(out, "Created certificates in %s: %s\n", st.PKIDir(), strings.Join(rep.Issued, ", "))
	}
	quiet := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	if _, err := os.Stat(st.DemoUsers()); errors.Is(err, iofs.ErrNotExist) {
		fmt.Fprintln(out, "First run: migrating and seeding the bank's database…")
		if err := runSeed(ctx, quiet, []string{"--state", st.Root}); err != nil {
			return fmt.Errorf("demo: seed: %w", err)
		}
		return nil
	}
	// A newer ifconnect may bring migrations for a database seeded earlier; applying none is quick.
	if err := runMigrate(ctx, quiet, []string{"--state", st.Root}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// freeAddr checks nothing listens at a's address yet, so a clash is one clear line before anything
// starts; port 0 is replaced by a free port.
func freeAddr(a demoAddr) error {
	ln, err := net.Listen("tcp", *a.addr)
	if err != nil {
		return listenError(a, err)
	}
	*a.addr = ln.Addr().String()
	return ln.Close()
}

func listenError(a demoAddr, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("demo: %s (%s) cannot listen on %s: the address is already in use (another ifconnect running?); stop it or choose another address with %s",
			a.what, a.flag, *a.addr, a.flag)
	}
	return fmt.Errorf("demo: %s (%s) cannot listen on %s: %v", a.what, a.flag, *a.addr, err)
}

// errServerStopped marks a server that returned before the demo was ready.
var errServerStopped = errors.New("a server could not start")

// waitReady waits until every server has published its endpoint at its address — which each does
// once it is set up and listening (the platform after registering the development TPPs) — or until a
// server fails first.
func waitReady(ctx context.Context, st state.Dir, done <-chan error, addrs []demoAddr) error {
	deadline := time.Now().Add(30 * time.Second)
	for _, a := range addrs {
		for {
			// The listener was opened before the endpoint was published, so connections are accepted.
			if ep, err := st.Endpoint(a.endpoint); err == nil && ep.URL == "https://"+*a.addr && ep.PID == os.Getpid() {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("demo: %s was not ready on %s within 30 s (see demo.log)", a.what, *a.addr)
			}
			select {
			case err := <-done:
				if err == nil {
					err = errors.New("stopped")
				}
				return fmt.Errorf("demo: %w: %w", errServerStopped, err)
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	return nil
}

// demoPeople are the customers the TPP web app offers: each demo user, and each as representative of
// the company they act for.
func demoPeople(users []seed.DemoUser) []web.Person {
	var ps []web.Person
	for _, u := range users {
		ps = append(ps, web.Person{Name: u.Name, CPF: u.CPF})
	}
	for _, u := range users {
		if u.Business != nil {
			ps = append(ps, web.Person{Name: u.Name + " por " + u.Business.Name, CPF: u.CPF, CNPJ: u.Business.CNPJ})
		}
	}
	return ps
}

func printDemoBanner(w io.Writer, st state.Dir, took time.Duration, webURL, platTPP, platBank, bankConnect, bankWeb string, users []seed.DemoUser) {
	fmt.Fprintf(w, "\nifconnect demo ready in %s (state %s, logs %s)\n\n", took.Round(time.Millisecond), st.Root, st.Path("demo.log"))
	fmt.Fprintf(w, "  Open %s/ and press a button.\n", webURL)
	fmt.Fprintf(w, "  Your browser does not know the development CA: accept its warning for the TPP app and the bank's pages,\n  or import %s.\n\n", pki.DevCAFile(st.PKIDir()))
	fmt.Fprintf(w, "  platform  https://%s (TPP side, issuer)  https://%s (bank side)\n", platTPP, platBank)
	fmt.Fprintf(w, "  bank      https://%s (Bank Connect)  https://%s (customer pages)\n\n", bankConnect, bankWeb)
	fmt.Fprintln(w, "Demo users (log in at the bank with the CPF and password):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  USER\tCPF\tPASSWORD\tNAME\tNOTE")
	for _, u := range users {
		note := ""
		if u.TOTPSecret != "" {
			note = "asks a TOTP code: secret " + u.TOTPSecret
		}
		if u.Business != nil {
			note = strings.TrimPrefix(note+"; represents "+u.Business.Name+" (CNPJ "+u.Business.CNPJ+")", "; ")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", u.Key, u.CPF, u.Password, u.Name, note)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
}

// demoFlows runs both flows and the negative paths as --run-flows asks and prints their steps.
func demoFlows(ctx context.Context, out io.Writer, st state.Dir, c *tpp.Client, client, platTPP, userKey string, users []seed.DemoUser) error {
	u, ok := seed.DemoUserByKey(users, userKey)
	if !ok {
		return config.Usagef("demo: --flows-user %q is not a demo user", userKey)
	}
	psu := tpp.PSU{CPF: u.CPF, Password: u.Password, TOTPSecret: u.TOTPSecret}
	btls, err := tpp.DevBrowserTLS(st)
	if err != nil {
		return err
	}
	tr := tpp.NewBrowserTransport(btls)
	defer tr.CloseIdleConnections()
	failed := 0
	for _, k := range []tpp.Kind{tpp.DataSharing, tpp.Payment} {
		start := time.Now()
		s, err := c.Run(ctx, tr, tpp.Request{Kind: k, CPF: u.CPF}, psu, tpp.Choice{})
		printSteps(out, fmt.Sprintf("%s flow as %s for %s (consent %s)", k, client, u.Key, s.ConsentID), s.Steps.List, time.Since(start))
		if err != nil {
			failed++
			fmt.Fprintf(out, "  %v\n\n", err)
		}
	}
	otherID := "tpp2"
	if client == "tpp2" {
		otherID = "tpp1"
	}
	var other *tpp.Client
	if cfg, err := tpp.DevConfig(st, otherID, "https://"+platTPP, c.Config().RedirectURI); err == nil {
		if other, err = tpp.New(cfg); err == nil {
			defer other.Close()
		}
	}
	start := time.Now()
	neg := c.NegativePaths(ctx, tr, other, psu)
	printSteps(out, "negative paths", neg, time.Since(start))
	for _, s := range neg {
		if !s.OK {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("demo: %d flow(s) or negative path(s) did not match expectations", failed)
	}
	fmt.Fprintln(out, "Every step matched its expectation.")
	return nil
}
