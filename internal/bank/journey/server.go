package journey

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/journey/migrations"
	"github.com/ifconnect/ifconnect/internal/database"
)

// Config tunes the journey. The zero value of each field takes the default noted beside it.
type Config struct {
	// BankName is shown in the header and titles ("Banco ifconnect").
	BankName string
	// InteractionTTL is how long a customer has from the /auth entry to confirm or refuse (10 minutes).
	InteractionTTL time.Duration
	// SessionIdle ends a session after this much inactivity (15 minutes); SessionMax after this much
	// time in all (8 hours).
	SessionIdle time.Duration
	SessionMax  time.Duration
	// ApprovalWindow is how long a business consent waits for the second representative (10 minutes,
	// never beyond the interaction's expiry).
	ApprovalWindow time.Duration
	// UserFailures and IPFailures are the failed logins allowed per CPF and per client address within
	// FailureWindow (5 and 20 in 15 minutes) before a lock-out of LockFor (15 minutes).
	UserFailures  int
	IPFailures    int
	FailureWindow time.Duration
	LockFor       time.Duration
	// RedirectDelay is how long the "going back to the TPP" notice shows before the browser follows
	// the platform's Location (3 seconds; the page also has a link).
	RedirectDelay time.Duration
	// PlatformTimeout bounds each call to the platform (10 seconds).
	PlatformTimeout time.Duration
	// ClientIPHeader, when set, names the header in which the bank's own reverse proxy puts the
	// customer's address (e.g. X-Forwarded-For; its last entry is used): failed logins are counted per
	// that address instead of the proxy's. Leave it empty when browsers connect directly, or the
	// header could be forged to dodge the per-address limit.
	ClientIPHeader string
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.BankName == "" {
		c.BankName = "Banco ifconnect"
	}
	def(&c.InteractionTTL, 10*time.Minute)
	def(&c.SessionIdle, 15*time.Minute)
	def(&c.SessionMax, 8*time.Hour)
	def(&c.ApprovalWindow, 10*time.Minute)
	def(&c.FailureWindow, 15*time.Minute)
	def(&c.LockFor, 15*time.Minute)
	def(&c.RedirectDelay, 3*time.Second)
	def(&c.PlatformTimeout, 10*time.Second)
	if c.UserFailures <= 0 {
		c.UserFailures = 5
	}
	if c.IPFailures <= 0 {
		c.IPFailures = 20
	}
	return c
}

// Deps are what the journey talks to.
type Deps struct {
	// DB is the bank database holding the journey's tables (see Migrate).
	DB *database.DB
	// Users, Customers, Accounts and Contracts read the bank's data (core's seam).
	Users     core.UserReader
	Customers core.CustomerReader
	Accounts  core.AccountReader
	Contracts core.ContractReader
	// Auth and Consents are the platform's headless and consent-manager APIs.
	Auth     Authorizer
	Consents ConsentManager
	// Clock tells the time; nil means time.Now.
	Clock core.Clock
	// Log receives one line per noteworthy event; nil discards.
	Log *slog.Logger
}

// Server is the journey's HTTP handler with its dependencies.
type Server struct {
	cfg     Config
	db      *database.DB
	users   core.UserReader
	custs   core.CustomerReader
	accts   core.AccountReader
	ctrs    core.ContractReader
	auth    Authorizer
	cm      ConsentManager
	now     func() time.Time
	log     *slog.Logger
	pages   map[lang]map[string]*template.Template
	dummyPW string
	handler http.Handler
}

var _ http.Handler = (*Server)(nil)

// Migrate creates or upgrades the journey's tables in db.
func Migrate(ctx context.Context, db *database.DB) error {
	if _, err := db.Migrate(ctx, migrations.Component, migrations.FS); err != nil {
		return fmt.Errorf("journey: %w", err)
	}
	return nil
}

// New returns the journey's handler. The database must have been migrated (Migrate).
func New(cfg Config, d Deps) (*Server, error) {
	if d.DB == nil || d.Users == nil || d.Customers == nil || d.Accounts == nil || d.Contracts == nil || d.Auth == nil || d.Consents == nil {
		return nil, errors.New("journey: every dependency (DB, Users, Customers, Accounts, Contracts, Auth, Consents) is required")
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	dummy, err := dummyHash()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg.withDefaults(), db: d.DB, users: d.Users, custs: d.Customers, accts: d.Accounts, ctrs: d.Contracts,
		auth: d.Auth, cm: d.Consents, now: time.Now, log: d.Log, pages: pages, dummyPW: dummy,
	}
	if d.Clock != nil {
		s.now = d.Clock
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.handler = secureHeaders(withLanguage(s.routes()))
	return s, nil
}

// ServeHTTP serves the journey's pages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// platformCtx bounds one call to the platform.
func (s *Server) platformCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.PlatformTimeout)
}
