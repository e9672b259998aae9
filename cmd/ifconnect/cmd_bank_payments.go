package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

// paymentOptions are the bank command's options for the PIS operations: where the platform's consent
// manager is and how the bank authenticates to it, the bank's ISPB and limits, and the settlement
// worker's delay.
type paymentOptions struct {
	platformURL     *string
	clientCert      *string
	clientKey       *string
	platformCA      *string
	ispb            *string
	maxPayment      *string
	settlementDelay *time.Duration
	// wrap, when set, decorates the payment service's dependencies (bank_ops.go: audit, metrics).
	wrap func(core.PaymentDeps) core.PaymentDeps
	// watch, when set, is the bank's lifetime: the client certificate for the platform reloads on
	// file change or SIGHUP until it is done.
	watch context.Context
}

// paymentFlags adds the PIS options to the bank command.
func paymentFlags(fs *config.FlagSet) *paymentOptions {
	return &paymentOptions{
		platformURL:     fs.String("platform-url", "", "base URL of the platform's bank-facing API, where its consent manager serves GET /consents/{id} (default: the platform-bank endpoint of STATE/endpoints.json, looked up at the first payment)"),
		clientCert:      fs.String("platform-client-cert", "", "client certificate PEM the bank presents to the platform (default STATE/pki/bank-client.pem)"),
		clientKey:       fs.String("platform-client-key", "", "key PEM of --platform-client-cert (default STATE/pki/bank-client-key.pem)"),
		platformCA:      fs.String("platform-ca", "", "PEM of the CAs the platform's server certificate chains to (default STATE/pki/ca.pem)"),
		ispb:            fs.String("ispb", seed.DefaultBank.ISPB, "the bank's 8-digit ISPB: debtor accounts are held here, creditors here are credited directly"),
		maxPayment:      fs.String("max-payment", core.DefaultMaxPerPayment.String(), "largest single payment the bank accepts, in BRL with two decimals"),
		settlementDelay: fs.Duration("settlement-delay", 0, "how long an accepted payment stays AcceptedSettlementInProcess before it completes (0: at once)"),
	}
}

// check refuses option values that cannot work, as usage mistakes, before anything is opened.
func (o *paymentOptions) check() error {
	limit, err := core.ParseMoney(*o.maxPayment)
	if err != nil || limit <= 0 {
		return config.Usagef("bank: --max-payment %q must be a positive amount like 1000000.00", *o.maxPayment)
	}
	if !core.ValidISPB(*o.ispb) {
		return config.Usagef("bank: --ispb %q must be 8 digits", *o.ispb)
	}
	if *o.settlementDelay < 0 {
		return config.Usagef("bank: --settlement-delay must not be negative")
	}
	return nil
}

// payments builds the payment service and its settlement worker over the store. The consent manager's
// address is resolved at the first payment when --platform-url is not given, so the bank may start
// before the platform publishes its endpoints.
func (o *paymentOptions) payments(st state.Dir, s *store.Store, log *slog.Logger) (*core.PaymentService, *core.Settlement, error) {
	if err := o.check(); err != nil {
		return nil, nil, err
	}
	limit, _ := core.ParseMoney(*o.maxPayment)
	dir := st.PKIDir()
	id := pki.DevIdentity(dir, "bank-client")
	if *o.clientCert != "" {
		id.CertFile = *o.clientCert
	}
	if *o.clientKey != "" {
		id.KeyFile = *o.clientKey
	}
	ca := *o.platformCA
	if ca == "" {
		ca = pki.DevCAFile(dir)
	}
	consents := &lazyConsents{st: st, url: *o.platformURL, opts: pki.ClientOptions{Identity: id, RootCAFiles: []string{ca}}, watch: o.watch}
	settlement := core.NewSettlement(s, core.SettlementOptions{Delay: *o.settlementDelay, Log: log})
	deps := core.PaymentDeps{
		Accounts: s, Finder: s, Customers: s, Users: s, Payments: s, Lookup: s, Consents: consents,
		Rules: core.BankRules{ISPB: *o.ispb, MaxPerPayment: limit}, Executed: settlement.Notify,
	}
	if o.wrap != nil {
		deps = o.wrap(deps)
	}
	svc, err := core.NewPaymentService(deps)
	if err != nil {
		return nil, nil, fmt.Errorf("bank: %w", err)
	}
	return svc, settlement, nil
}

// lazyConsents is the consent manager client, made at its first use: from --platform-url, or else from
// the platform-bank endpoint the platform published. A failure is retried at the next payment.
type lazyConsents struct {
	st   state.Dir
	url  string
	opts pki.ClientOptions
	// watch, when set, keeps the client certificate reloading until it is done.
	watch context.Context

	mu     sync.Mutex
	client *tecbanclient.ConsentManager
}

func (l *lazyConsents) PaymentConsent(ctx context.Context, id string) (core.PaymentConsent, error) {
	c, err := l.get()
	if err != nil {
		return core.PaymentConsent{}, err
	}
	return c.PaymentConsent(ctx, id)
}

func (l *lazyConsents) get() (*tecbanclient.ConsentManager, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.client != nil {
		return l.client, nil
	}
	url := l.url
	if url == "" {
		ep, err := l.st.Endpoint("platform-bank")
		if err != nil {
			return nil, fmt.Errorf("consent manager: %w", core.Errorf(core.EUNAVAILABLE, "the platform's consent manager is not known: give --platform-url or start the platform"))
		}
		url = ep.URL
	}
	// A reloader presents the current certificate at every handshake, so a rotated bank-client
	// certificate is used without a restart.
	r, err := pki.NewClientReloader(l.opts, nil)
	if err != nil {
		return nil, errors.Join(core.Errorf(core.EUNAVAILABLE, "the bank's platform client certificate cannot be loaded"), err)
	}
	if l.watch != nil {
		r.Watch(l.watch)
	}
	cfg := r.TLSConfig()
	c, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: url, TLS: cfg})
	if err != nil {
		return nil, errors.Join(core.Errorf(core.EUNAVAILABLE, "the platform's consent manager address is not usable"), err)
	}
	l.client = c
	return c, nil
}
