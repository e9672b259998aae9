package connect

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// Institution is who the bank is in the BRCB schemas: brandID/brandName/companyCnpj of accounts,
// credit contracts and customers.
type Institution struct {
	BrandID   string // a stable identifier of the brand, e.g. "banco-ipe"
	BrandName string // what customers see, e.g. "Banco Ipê"
	CNPJ      string // the institution's CNPJ, 14 digits
}

// Deps is what the Bank Connect server needs. The readers are core's narrow interfaces, so a bank
// plugging ifconnect onto its own core system implements only what it serves; the reference store
// implements them all.
type Deps struct {
	// ASPSPID is the identifier the platform sends in o3-aspsp-id; any other value is refused.
	ASPSPID     string
	Institution Institution

	Customers    core.CustomerReader
	Accounts     core.AccountReader
	Transactions core.TransactionReader
	Contracts    core.ContractReader
	StandingData core.StandingDataReader
	// Payments runs the PIS operations; nil answers them 503 (an AIS-only bank).
	Payments *core.PaymentService

	// Bearer checks the platform's bearer token; nil accepts calls without one (mutual TLS remains
	// the authentication). See StaticBearer and JWTBearer.
	Bearer Authenticator

	// Log receives one line per request and every server-side failure; nil discards.
	Log *slog.Logger
	// Clock tells the time for balance timestamps and token expiry; nil is time.Now.
	Clock core.Clock
	// Location is the bank's business time zone, in which date-only filters are read; nil is
	// Brasília time (UTC−3).
	Location *time.Location
	// PageSize is the number of transactions per page (default 25, the Open Banking Brasil default);
	// MaxAccountIDs caps the ids of one accountIds parameter (default 100).
	PageSize      int
	MaxAccountIDs int
	// ScopeTTL is how long the customers a user may act for, and their accounts, are remembered
	// (default 10s); a negative value reads them on every call. Balances and transactions are always
	// read fresh.
	ScopeTTL time.Duration
}

// Authenticator checks the bearer token the platform sends in Authorization. It returns a
// *core.Error with EUNAUTHORIZED when the token is missing or bad.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) error
}

// brt is Brasília time, the default business time zone.
var brt = time.FixedZone("BRT", -3*60*60)

// server is the Bank Connect handler set.
type server struct {
	Deps
	log      *slog.Logger
	now      core.Clock
	loc      *time.Location
	contract []byte // the served contract, JSON
	mux      *http.ServeMux
	scopes   *scopeCache // nil when ScopeTTL is negative
}

// NewServer returns the Bank Connect server: every AIS operation of the contract (see routes.go),
// GET /openapi.json and GET /healthz, behind the middleware that checks sizes, the bearer token and
// recovers from panics. Every reader in d must be set. It serves plain HTTP; the caller wraps it in
// a mutual-TLS listener that admits only the platform's allow-listed client certificates.
func NewServer(d Deps) http.Handler {
	s := &server{Deps: d, log: d.Log, now: d.Clock, loc: d.Location, mux: http.NewServeMux()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc = brt
	}
	if s.PageSize <= 0 {
		s.PageSize = defaultPageSize
	}
	if s.MaxAccountIDs <= 0 {
		s.MaxAccountIDs = defaultMaxIDs
	}
	switch {
	case s.ScopeTTL == 0:
		s.scopes = newScopeCache(10 * time.Second)
	case s.ScopeTTL > 0:
		s.scopes = newScopeCache(s.ScopeTTL)
	}
	if b, err := bankconnect.ServedContract(); err == nil {
		s.contract = b
	} else {
		s.log.Error("bank connect: the embedded contract does not load; /openapi.json will fail", "error", err)
	}
	s.routes()
	return s.middleware(s.mux)
}
