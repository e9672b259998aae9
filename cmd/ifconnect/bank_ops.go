package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/journey"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/state"
	usagelog "github.com/ifconnect/ifconnect/internal/usage"
)

// opsFlags are the operational options shared by `bank` and `platform`: the internal listener for
// metrics and probes, and the request body limit of every listener.
type opsFlags struct {
	listen  *string
	maxBody *int64
}

func addOpsFlags(fs *config.FlagSet, defaultListen string) *opsFlags {
	return &opsFlags{
		listen:  fs.String("ops-listen", defaultListen, "address of the internal HTTP listener serving /metrics (Prometheus), /healthz and /readyz; port 0 picks a free one, published to endpoints.json; empty disables it"),
		maxBody: fs.Int64("max-body", 1<<20, "largest request body accepted on any listener, in bytes (a larger one gets 413)"),
	}
}

func (f *opsFlags) check(cmd string) error {
	if *f.maxBody < 1024 {
		return config.Usagef("%s: --max-body must be at least 1024 bytes, not %d", cmd, *f.maxBody)
	}
	return nil
}

// ops is what a running process keeps for operations: its metrics, the audit trail and the usage
// recorder (both in the process's database), and the readiness checks.
type ops struct {
	metrics *observe.Metrics
	audit   *audit.Log
	usage   *usagelog.Recorder
	db      *database.DB
	log     *slog.Logger
	maxBody int64
	checks  map[string]observe.Check
}

// newOps keeps the audit trail and the usage aggregates in db (migrating both) and starts the usage
// recorder. The database check of /readyz pings db. The caller closes db after close.
func newOps(ctx context.Context, db *database.DB, f *opsFlags, log *slog.Logger) (*ops, error) {
	if err := audit.Migrate(ctx, db); err != nil {
		return nil, err
	}
	if err := usagelog.Migrate(ctx, db); err != nil {
		return nil, err
	}
	o := &ops{metrics: observe.NewMetrics(), audit: audit.New(db, nil), usage: usagelog.NewRecorder(db, time.Minute, log), db: db, log: log,
		maxBody: *f.maxBody, checks: map[string]observe.Check{}}
	o.checks["database"] = func(ctx context.Context) error { return db.PingContext(ctx) }
	return o, nil
}

// close flushes the usage aggregates.
func (o *ops) close() { o.usage.Close() }

// wrap is a listener's handler with the body limit, the request context, metrics, the access log and
// the usage record.
func (o *ops) wrap(server string, h http.Handler, client func(*http.Request) string) http.Handler {
	return observe.Middleware(observe.Options{Server: server, Metrics: o.metrics, Log: o.log, Client: client, Record: o.usage.Record,
		MaxBody: o.maxBody}, h)
}

// handler is the internal listener's: GET /metrics, /healthz and /readyz.
func (o *ops) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", o.metrics.Handler())
	mux.Handle("GET /healthz", observe.Healthz())
	mux.Handle("GET /readyz", observe.Readyz(o.checks, 3*time.Second))
	return mux
}

// listener is the internal listener, plain HTTP: it must be bound to an address only the
// monitoring network reaches.
func (o *ops) listener(name, addr string) bankListener {
	return bankListener{name: name, addr: addr, handler: o.handler(), endpoint: state.Endpoint{}}
}

// certificateCheck fails when the certificate cfg serves now has expired or is not yet valid (the
// reloader may hold one that a bad rotation left behind).
func certificateCheck(cfg *tls.Config) observe.Check {
	return func(context.Context) error {
		var cert *tls.Certificate
		var err error
		switch {
		case cfg.GetCertificate != nil:
			cert, err = cfg.GetCertificate(&tls.ClientHelloInfo{})
		case cfg.GetClientCertificate != nil:
			cert, err = cfg.GetClientCertificate(&tls.CertificateRequestInfo{})
		case len(cfg.Certificates) > 0:
			cert = &cfg.Certificates[0]
		}
		if err != nil {
			return err
		}
		if cert == nil || cert.Leaf == nil {
			return errors.New("no certificate loaded")
		}
		now := time.Now()
		if now.After(cert.Leaf.NotAfter) || now.Before(cert.Leaf.NotBefore) {
			return fmt.Errorf("certificate %s is valid only from %s to %s", cert.Leaf.Subject, cert.Leaf.NotBefore.Format(time.RFC3339), cert.Leaf.NotAfter.Format(time.RFC3339))
		}
		return nil
	}
}

// reachableCheck fails when nothing answers a TCP connection at rawURL's host.
func reachableCheck(rawURL string) observe.Check {
	return func(ctx context.Context) error {
		u, err := url.Parse(rawURL)
		if err != nil || u.Host == "" {
			return fmt.Errorf("%q is not a URL", rawURL)
		}
		host := u.Host
		if u.Port() == "" {
			host = net.JoinHostPort(u.Hostname(), "443")
		}
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", host)
		if err != nil {
			return err
		}
		return c.Close()
	}
}

// auditedPayments records every payment state change the payment service makes through the store
// in the audit trail, and counts the outcomes. Settlement's later steps are in the store's own
// payment history, which `ifconnect audit --payment` merges in.
type auditedPayments struct {
	core.PaymentStore
	o *ops
}

func (a auditedPayments) ExecutePayment(ctx context.Context, p core.Payment) (core.Payment, bool, error) {
	stored, created, err := a.PaymentStore.ExecutePayment(ctx, p)
	switch {
	case err != nil:
		a.o.metrics.ObservePayment("failed", "")
		return stored, created, err
	case !created:
		a.o.metrics.ObservePayment("repeated", "")
		return stored, created, err
	case stored.Status == core.PaymentRejected:
		a.o.metrics.ObservePayment("rejected", stored.RejectionReason)
	default:
		a.o.metrics.ObservePayment("accepted", "")
	}
	actor := audit.Actor("tpp", stored.Order.TPPClientID)
	from := ""
	for _, h := range stored.History {
		a.appendEvent(ctx, stored, from, string(h.Status), h.Reason, actor, h.At)
		from = string(h.Status)
	}
	return stored, created, nil
}

func (a auditedPayments) AdvancePayment(ctx context.Context, id string, to core.PaymentStatus, reason string, at time.Time) (core.Payment, error) {
	before, _ := a.PaymentStore.Payment(ctx, id)
	p, err := a.PaymentStore.AdvancePayment(ctx, id, to, reason, at)
	if err == nil {
		actor := "bank"
		if r := observe.RequestFrom(ctx); r != nil && r.ClientID() != "" {
			actor = audit.Actor("tpp", r.ClientID())
		}
		a.appendEvent(ctx, p, string(before.Status), string(to), reason, actor, at)
	}
	return p, err
}

func (a auditedPayments) appendEvent(ctx context.Context, p core.Payment, from, to, reason, actor string, at time.Time) {
	if err := a.o.audit.Append(ctx, audit.Event{At: at, Kind: audit.KindPayment, Subject: p.ID, ConsentID: p.Order.ConsentID,
		PSU: p.Order.UserID, From: from, To: to, Actor: actor, Detail: reason}); err != nil {
		a.o.log.ErrorContext(ctx, "audit record of a payment change failed", "payment", p.ID, "err", err)
	}
}

// observedConsents times the bank's reads of payment consents from the platform (step 6013).
type observedConsents struct {
	core.ConsentReader
	m *observe.Metrics
}

func (c observedConsents) PaymentConsent(ctx context.Context, id string) (core.PaymentConsent, error) {
	start := time.Now()
	pc, err := c.ConsentReader.PaymentConsent(ctx, id)
	c.m.ObserveCall("platform", "GET /consents/{consentId}", time.Since(start), err)
	return pc, err
}

// observedAuthorizer times the journey's calls to the platform's headless API.
type observedAuthorizer struct {
	journey.Authorizer
	m *observe.Metrics
}

func (a observedAuthorizer) Auth(ctx context.Context, rawQuery string) (tecbanclient.AuthResult, error) {
	start := time.Now()
	r, err := a.Authorizer.Auth(ctx, rawQuery)
	a.m.ObserveCall("platform", "GET /auth", time.Since(start), err)
	return r, err
}

func (a observedAuthorizer) DoConfirm(ctx context.Context, interactionID string, c heimdall.Confirm) (string, error) {
	start := time.Now()
	loc, err := a.Authorizer.DoConfirm(ctx, interactionID, c)
	a.m.ObserveCall("platform", "POST /auth/{interactionId}/doConfirm", time.Since(start), err)
	return loc, err
}

func (a observedAuthorizer) DoFail(ctx context.Context, interactionID string, f heimdall.Fail) (string, error) {
	start := time.Now()
	loc, err := a.Authorizer.DoFail(ctx, interactionID, f)
	a.m.ObserveCall("platform", "POST /auth/{interactionId}/doFail", time.Since(start), err)
	return loc, err
}

// auditedConsentManager times the journey's consent-manager calls and records in the bank's audit
// trail each consent status its customers set: authorised, refused or revoked, by whom and from
// which address.
type auditedConsentManager struct {
	journey.ConsentManager
	o *ops
}

func (c auditedConsentManager) ReadConsent(ctx context.Context, id string) (consentmgr.ConsentGetResponse, error) {
	start := time.Now()
	r, err := c.ConsentManager.ReadConsent(ctx, id)
	c.o.metrics.ObserveCall("platform", "GET /consents/{consentId}", time.Since(start), err)
	return r, err
}

func (c auditedConsentManager) ConsentsOfPSU(ctx context.Context, userID string) ([]consentmgr.ConsentGetResponse, error) {
	start := time.Now()
	r, err := c.ConsentManager.ConsentsOfPSU(ctx, userID)
	c.o.metrics.ObserveCall("platform", "GET /psu/{userId}/consents", time.Since(start), err)
	return r, err
}

func (c auditedConsentManager) PatchConsent(ctx context.Context, id string, p consentmgr.ConsentPatchRequest) error {
	start := time.Now()
	err := c.ConsentManager.PatchConsent(ctx, id, p)
	c.o.metrics.ObserveCall("platform", "PATCH /consents/{consentId}", time.Since(start), err)
	if err != nil || p.Status == "" {
		return err
	}
	psu := ""
	if p.PSUIdentifiers != nil {
		psu = p.PSUIdentifiers.UserID
	}
	if psu == "" {
		if r := observe.RequestFrom(ctx); r != nil {
			psu = r.PSU()
		}
	}
	if psu == "" {
		// A revocation from the customer's area sends the status alone; the consent names its
		// customer, so `ifconnect audit --psu` finds the revocation too.
		if cur, rerr := c.ConsentManager.ReadConsent(ctx, id); rerr == nil && cur.PSUIdentifiers != nil {
			psu = cur.PSUIdentifiers.UserID
		}
	}
	c.o.metrics.ObserveConsentChange("", string(p.Status))
	if aerr := c.o.audit.Append(ctx, audit.Event{Kind: audit.KindConsent, Subject: id, PSU: psu, To: string(p.Status),
		Actor: audit.Actor("psu", psu)}); aerr != nil {
		c.o.log.ErrorContext(ctx, "audit record of a consent change failed", "consent", id, "err", aerr)
	}
	return nil
}

// serveOps serves the internal listener at addr until stop is called (which drains it), for commands
// that do not run their listeners through serveListeners. It returns the listener's URL.
func (o *ops) serveOps(addr string) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("ops listener: %w", err)
	}
	srv := &http.Server{Handler: o.handler(), ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: maxHeaderBytes,
		ErrorLog: slog.NewLogLogger(o.log.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			o.log.Error("ops listener failed", "err", err)
		}
	}()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	}, nil
}
