package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/journey"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

// defaultPlatformBankURL is where `ifconnect platform` listens for the bank by default; used when
// neither --platform-bank-url nor a published "platform-bank" endpoint says otherwise.
const defaultPlatformBankURL = "https://127.0.0.1:9444"

// bankWebFlags are the options of the bank's public web listener: the customer's login, consent pages
// and "Open Banking" area (step 4001), which call the platform's headless and consent-manager APIs.
type bankWebFlags struct {
	fs          *config.FlagSet
	listen      *string
	platformURL *string
	bankName    *string
	interaction *time.Duration
	ipHeader    *string
	// wrap, when set, decorates the journey's dependencies (bank_ops.go: audit, metrics).
	wrap func(journey.Deps) journey.Deps
	// resolvedPlatformURL is the platform address build settled on, for the readiness check.
	resolvedPlatformURL string
}

// addBankWebFlags adds the web journey's options. The bank's client certificate for the platform and
// the platform's CA are the command's shared --platform-client-cert, --platform-client-key and
// --platform-ca options when it has them (the payment path defines them), read by name at build time.
func addBankWebFlags(fs *config.FlagSet) *bankWebFlags {
	return &bankWebFlags{
		fs:          fs,
		listen:      fs.String("web-listen", "127.0.0.1:8444", "address of the customer web journey (TLS with the bank-server certificate, no client certificate); empty disables it"),
		platformURL: fs.String("platform-bank-url", "", "the platform's bank-facing URL for the web journey (default: --platform-url if given, else the platform-bank endpoint of endpoints.json, else "+defaultPlatformBankURL+")"),
		bankName:    fs.String("web-bank-name", seed.DefaultBank.Brand, "the bank's name on the customer pages"),
		interaction: fs.Duration("web-interaction-ttl", 10*time.Minute, "how long a customer has to finish a consent journey (the platform's interaction lifetime)"),
		ipHeader:    fs.String("web-client-ip-header", "", "header in which the bank's own reverse proxy puts the customer's address (e.g. X-Forwarded-For), for per-address login throttling; empty uses the TCP peer"),
	}
}

// shared returns the value of another option of the command, "" when the command has no such option.
func (f *bankWebFlags) shared(name string) string {
	if fl := f.fs.Lookup(name); fl != nil {
		return fl.Value.String()
	}
	return ""
}

// webJourney is the journey's listener with what must be released when the bank stops.
type webJourney struct {
	listener bankListener
	close    func()
}

// build makes the web journey over the bank database at dbURL and the store s, served with the
// bank's server identity. It migrates the journey's own tables, and sweeps expired sessions, login
// counters and old approvals every few minutes until ctx is done.
func (f *bankWebFlags) build(ctx context.Context, st state.Dir, dbURL string, s *store.Store, server pki.Identity, log *slog.Logger) (*webJourney, error) {
	pkiDir := st.PKIDir()
	ep, epErr := st.Endpoint("platform-bank")
	pick := func(flag, fromEndpoint, def string) string {
		switch {
		case flag != "":
			return flag
		case epErr == nil && fromEndpoint != "":
			return fromEndpoint
		default:
			return def
		}
	}
	platformURL := *f.platformURL
	if platformURL == "" {
		platformURL = pick(f.shared("platform-url"), ep.URL, defaultPlatformBankURL)
	}
	bankClient := pki.DevIdentity(pkiDir, "bank-client")
	client := pki.Identity{Name: "bank-client", CertFile: pick(f.shared("platform-client-cert"), ep.ClientCert, bankClient.CertFile),
		KeyFile: pick(f.shared("platform-client-key"), ep.ClientKey, bankClient.KeyFile)}
	// The client certificate reloads on file change or SIGHUP: a rotated bank-client certificate is
	// presented at the next handshake without a restart.
	clientReloader, err := pki.NewClientReloader(pki.ClientOptions{Identity: client, RootCAFiles: []string{pick(f.shared("platform-ca"), ep.CA, pki.DevCAFile(pkiDir))}}, log)
	if err != nil {
		return nil, fmt.Errorf("bank: web journey: platform client: %w", err)
	}
	if _, err := clientReloader.Watch(ctx); err != nil {
		log.Warn("the bank's platform client certificate will not reload on change", "err", err)
	}
	clientTLS := clientReloader.TLSConfig()
	transport := &http.Transport{TLSClientConfig: clientTLS, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 32, IdleConnTimeout: 90 * time.Second,
		TLSHandshakeTimeout: 5 * time.Second}
	headless, err := tecbanclient.NewHeadless(platformURL, &http.Client{Transport: transport, Timeout: 15 * time.Second})
	if err != nil {
		return nil, config.Usagef("bank: --platform-bank-url: %v", err)
	}
	consents, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: platformURL, TLS: clientTLS})
	if err != nil {
		return nil, config.Usagef("bank: --platform-bank-url: %v", err)
	}

	db, err := database.Open(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("bank: web journey: %w", err)
	}
	if err := journey.Migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("bank: %w", err)
	}
	deps := journey.Deps{DB: db, Users: s, Customers: s, Accounts: s, Contracts: s, Auth: headless, Consents: consents, Log: log}
	if f.wrap != nil {
		deps = f.wrap(deps)
	}
	j, err := journey.New(journey.Config{BankName: *f.bankName, InteractionTTL: *f.interaction, ClientIPHeader: *f.ipHeader}, deps)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("bank: %w", err)
	}
	web, err := pki.NewServerReloader(pki.ServerOptions{Identity: server}, log)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("bank: web journey: %w", err)
	}
	if _, err := web.Watch(ctx); err != nil {
		log.Warn("the web journey's certificate will not reload on change", "err", err)
	}
	go func() {
		t := time.NewTicker(30 * time.Second) // also the granularity of dual-approval deadlines
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if n, err := j.Sweep(ctx); err != nil {
					log.Warn("web journey sweep failed", "err", err)
				} else if n > 0 {
					log.Debug("web journey sweep", "removed", n)
				}
			}
		}
	}()
	f.resolvedPlatformURL = platformURL
	log.Info("web journey", "platform", platformURL, "client", client.CertFile)
	return &webJourney{
		listener: bankListener{name: "bank-web", addr: *f.listen, handler: j, tls: web.TLSConfig(), endpoint: state.Endpoint{CA: pki.DevCAFile(pkiDir)}},
		close:    func() { consents.Close(); transport.CloseIdleConnections(); db.Close() },
	}, nil
}
