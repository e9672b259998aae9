package connect

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// scope is what one call may read: the customers the PSU may act for. A scope without a PSU (all)
// exists only for calls made under a consent with accountIds and no o3-psu-identifier, which the
// platform has already narrowed to the consent's accounts.
type scope struct {
	all       bool
	customers []core.Customer
	// user is where the customers came from, which also keeps the user's accounts; nil without a PSU.
	user *userEntry
}

// allows reports whether the scope covers a customer's data.
func (sc scope) allows(customerID string) bool {
	if sc.all {
		return true
	}
	return slices.ContainsFunc(sc.customers, func(c core.Customer) bool { return c.ID == customerID })
}

// customerIDs lists the customers of the scope.
func (sc scope) customerIDs() []string {
	ids := make([]string, len(sc.customers))
	for i, c := range sc.customers {
		ids[i] = c.ID
	}
	return ids
}

// first returns the first customer of kind in the scope.
func (sc scope) first(kind core.CustomerKind) (core.Customer, bool) {
	i := slices.IndexFunc(sc.customers, func(c core.Customer) bool { return c.Kind == kind })
	if i < 0 {
		return core.Customer{}, false
	}
	return sc.customers[i], true
}

// scopeOf works out the customers the call's PSU may read: core.CustomerReader.CustomersOfUser — the
// user's own person and the companies the user represents — less the companies where the user's
// powers do not include sharing data, and narrowed to psuIdentifiers.customerId when the consent was
// given for one customer. An unknown user has an empty scope: collections answer empty
// (OFF-010-030), single resources answer 400 (ACC-020-050).
func (s *server) scopeOf(ctx context.Context, c *call) (scope, error) {
	if c.ctx.PSU == nil {
		return scope{all: true}, nil
	}
	user, err := s.userOf(ctx, c.ctx.PSU.UserID)
	if err != nil {
		return scope{}, err
	}
	custs := user.customers
	own := ""
	if len(custs) > 0 && custs[0].Kind == core.Personal {
		own = custs[0].ID
	}
	out := custs[:0:0]
	for _, cu := range custs {
		if cu.Kind == core.Business && !mayShareData(cu, own) {
			continue
		}
		if want := c.ctx.PSU.CustomerID; want != "" && cu.ID != want {
			continue
		}
		out = append(out, cu)
	}
	return scope{customers: out, user: user}, nil
}

// mayShareData reports whether the person own may share the company's data. A store that does not
// load representatives with the company is trusted to have returned only companies the user acts for.
func mayShareData(company core.Customer, own string) bool {
	bp := company.BusinessProfile
	if bp == nil || len(bp.Representatives) == 0 {
		return true
	}
	for _, r := range bp.Representatives {
		if r.CustomerID == own {
			return r.Powers.ShareData
		}
	}
	return false
}

// usable reports whether an account can be served: a deleted account is "under a bar".
func usable(a core.Account) bool { return a.Status != core.AccountDeleted }

// collectionAccounts is accountsOf under the call's own scope.
func (s *server) collectionAccounts(c *call) ([]core.Account, error) {
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return nil, err
	}
	return s.accountsOf(c.r.Context(), c, sc)
}

// accountsOf returns the accounts a collection call covers: those of accountIds that exist, are
// usable and are in scope, silently skipping the others (ACC-010-030, BAL-010-030, TXN-020-020,
// DBT-010-030 …); or, without accountIds, every usable account of the scope (DBT-010-020 …).
func (s *server) accountsOf(ctx context.Context, c *call, sc scope) ([]core.Account, error) {
	if sc.all {
		if c.accountIDs == nil {
			return nil, nil
		}
		accs, err := s.Accounts.Accounts(ctx, c.accountIDs)
		if err != nil {
			return nil, err
		}
		return slices.DeleteFunc(accs, func(a core.Account) bool { return !usable(a) }), nil
	}
	mine, err := s.scopeAccounts(ctx, sc)
	if err != nil || c.accountIDs == nil {
		return mine, err
	}
	out := make([]core.Account, 0, len(c.accountIDs))
	for _, id := range c.accountIDs {
		if i := slices.IndexFunc(mine, func(a core.Account) bool { return a.ID == id }); i >= 0 {
			out = append(out, mine[i])
		}
	}
	return out, nil
}

// scopeAccounts returns the usable accounts of the scope's customers.
func (s *server) scopeAccounts(ctx context.Context, sc scope) ([]core.Account, error) {
	if len(sc.customers) == 0 {
		return nil, nil
	}
	var accs []core.Account
	var err error
	if sc.user != nil && s.scopes != nil {
		accs, err = sc.user.allAccounts(ctx, s.Accounts)
	} else {
		accs, err = s.Accounts.AccountsOfCustomers(ctx, sc.customerIDs())
	}
	if err != nil {
		return nil, err
	}
	out := make([]core.Account, 0, len(accs))
	for _, a := range accs {
		if usable(a) && sc.allows(a.CustomerID) {
			out = append(out, a)
		}
	}
	return out, nil
}

// accountOf returns the account of a per-account call: 400 when it does not exist or is under a bar
// (ACC-020-020, BAL-020-020, TXN-010-020, DBT-020-020 …) or when the PSU may not read it
// (ACC-020-050, BAL-020-050, DBT-020-050 …).
func (s *server) accountOf(ctx context.Context, c *call, sc scope, id string) (core.Account, error) {
	if err := checkID("accountId", id); err != nil {
		return core.Account{}, err
	}
	if !sc.all {
		mine, err := s.scopeAccounts(ctx, sc)
		if err != nil {
			return core.Account{}, err
		}
		if i := slices.IndexFunc(mine, func(a core.Account) bool { return a.ID == id }); i >= 0 {
			return mine[i], nil
		}
	}
	// Not among the PSU's accounts: tell a missing account from another PSU's.
	a, err := s.Accounts.Account(ctx, id)
	if core.ErrorCode(err) == core.ENOTFOUND || (err == nil && !usable(a)) {
		return core.Account{}, core.Errorf(core.ENOTFOUND, "account %s does not exist", id)
	}
	if err != nil {
		return core.Account{}, err
	}
	if !sc.allows(a.CustomerID) {
		return core.Account{}, core.Errorf(core.EFORBIDDEN, "account %s is not accessible by this PSU", id)
	}
	return a, nil
}

// accountIDsOf lists the ids of accounts.
func accountIDsOf(accs []core.Account) []string {
	ids := make([]string, len(accs))
	for i, a := range accs {
		ids[i] = a.ID
	}
	return ids
}

// userOf returns what the bank knows of a user for access decisions: the customers the user may act
// for (core.CustomerReader.CustomersOfUser; none for an unknown user) and, loaded when first needed,
// their accounts. Both change rarely while the platform asks on every call, so they are kept for
// Deps.ScopeTTL per user, taking the largest queries off the hot path (docs/benchmarks.md): a change
// of representation, or an account opened, closed or renamed, reaches Bank Connect within one TTL.
// Balances, transactions and everything else are read fresh on every call.
func (s *server) userOf(ctx context.Context, userID string) (*userEntry, error) {
	now := s.now()
	if s.scopes != nil {
		if e, ok := s.scopes.get(userID, now); ok {
			return e, nil
		}
	}
	custs, err := s.Customers.CustomersOfUser(ctx, userID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		custs, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	e := &userEntry{customers: custs, at: now}
	if s.scopes != nil {
		s.scopes.put(userID, e)
	}
	return e, nil
}

// Bounds of the user cache: when full it starts afresh, which costs one read per user; a user with
// more accounts than maxCachedAccounts has them read on every call.
const (
	maxCachedScopes   = 20_000
	maxCachedAccounts = 200
)

// userEntry is one user's access data.
type userEntry struct {
	customers []core.Customer
	at        time.Time

	mu       sync.Mutex
	loaded   bool
	accounts []core.Account
}

// allAccounts returns the accounts of every customer of the user, read once.
func (e *userEntry) allAccounts(ctx context.Context, r core.AccountReader) ([]core.Account, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.loaded {
		return e.accounts, nil
	}
	ids := make([]string, len(e.customers))
	for i, c := range e.customers {
		ids[i] = c.ID
	}
	accs, err := r.AccountsOfCustomers(ctx, ids)
	if err != nil {
		return nil, err
	}
	if len(accs) <= maxCachedAccounts {
		e.accounts, e.loaded = accs, true
	}
	return accs, nil
}

// scopeCache keeps users' access data for ttl.
type scopeCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]*userEntry
}

func newScopeCache(ttl time.Duration) *scopeCache {
	return &scopeCache{ttl: ttl, m: map[string]*userEntry{}}
}

func (c *scopeCache) get(userID string, now time.Time) (*userEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[userID]
	if !ok || now.Sub(e.at) >= c.ttl || now.Before(e.at) {
		return nil, false
	}
	return e, true
}

func (c *scopeCache) put(userID string, e *userEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedScopes {
		clear(c.m)
	}
	c.m[userID] = e
}
