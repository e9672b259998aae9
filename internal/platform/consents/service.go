package consents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
)

// StatusChangeFunc is told of every committed status change: consent is the consent after the
// change, from and to the statuses. The authorization server registers one to revoke the tokens of a
// consent that becomes Revoked, Rejected or Consumed.
type StatusChangeFunc func(ctx context.Context, consent Consent, from, to Status)

// Options configure a Service. The zero value is usable.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Namespace is the URN namespace of the ConsentIDs the service makes ("urn:<Namespace>:<uuid>");
	// empty means "ifconnect".
	Namespace string
	// OnStatusChange, when not nil, is registered as the first status listener.
	OnStatusChange StatusChangeFunc
	// Logger receives one line per status change; nil discards.
	Logger *slog.Logger
}

// Service is the consent manager: every rule about consents lives here, behind the HTTP handler and
// the platform's in-process callers alike. It is safe for concurrent use, and several processes may
// share one database.
type Service struct {
	store *store
	now   func() time.Time
	ns    string
	log   *slog.Logger

	mu        sync.RWMutex
	listeners []StatusChangeFunc
}

// New returns a Service keeping its consents in db, which must be migrated (Migrate).
func New(db *database.DB, opts Options) (*Service, error) {
	if db == nil {
		return nil, errors.New("consents: no database")
	}
	s := &Service{store: &store{db: db}, now: opts.Now, ns: opts.Namespace, log: opts.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ns == "" {
		s.ns = "ifconnect"
	}
	if !namespacePattern.MatchString(s.ns) {
		return nil, fmt.Errorf("consents: URN namespace %q must match %s", s.ns, namespacePattern)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if opts.OnStatusChange != nil {
		s.listeners = append(s.listeners, opts.OnStatusChange)
	}
	return s, nil
}

// OnStatusChange registers fn to be told of every status change from now on. Listeners run after the
// change is committed, one after the other, in the goroutine that made the change and with a context
// that is not cancelled with the caller's: when Patch or Transition returns, they have all run.
func (s *Service) OnStatusChange(fn StatusChangeFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, fn)
}

func (s *Service) notify(ctx context.Context, c Consent, from, to Status) {
	s.log.InfoContext(ctx, "consent status changed", "consent", c.ConsentID, "from", from, "to", to,
		"by", c.History[len(c.History)-1].By)
	s.mu.RLock()
	ls := append([]StatusChangeFunc(nil), s.listeners...)
	s.mu.RUnlock()
	ctx = context.WithoutCancel(ctx)
	for _, fn := range ls {
		fn(ctx, c, from, to)
	}
}

// clock returns the current time as stored: UTC, to the millisecond as the contract's examples show.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// Get returns the consent whose id or ConsentID is id. A consent whose expiry has passed is ended
// first (see the package documentation), so what Get returns is never an expired live consent.
func (s *Service) Get(ctx context.Context, id string) (Consent, error) {
	if id == "" || len(id) > maxConsentIDLength {
		return Consent{}, errorf(ENOTFOUND, "no consent with id %q", id)
	}
	c, err := s.store.get(ctx, id)
	if err != nil {
		return Consent{}, err
	}
	return s.expireIfDue(ctx, c)
}

// getRendered returns the consent id as the JSON body of GET /consents/{consentId}: the stored
// rendering when the consent needs no expiry, or Get's result rendered afresh when it does (or when
// the row predates the rendering, migration 00002).
func (s *Service) getRendered(ctx context.Context, id string) ([]byte, error) {
	if id == "" || len(id) > maxConsentIDLength {
		return nil, errorf(ENOTFOUND, "no consent with id %q", id)
	}
	r, err := s.store.getRendered(ctx, id)
	if err != nil {
		return nil, err
	}
	fresh := r.status.Final() || r.expiresAt.IsZero() || s.clock().Before(r.expiresAt)
	if fresh && len(r.body) > 0 {
		return r.body, nil
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return json.Marshal(c.GetResponse())
}

// ListByPSU returns the consents whose psuIdentifiers.userId is userID, only those of consentType
// when it is not empty, oldest first; an empty (not nil) slice when there are none.
func (s *Service) ListByPSU(ctx context.Context, userID string, consentType consentmgr.ConsentType) ([]Consent, error) {
	if userID == "" {
		return nil, errorf(EINVALID, "userId is empty")
	}
	cs, err := s.store.listByPSU(ctx, userID, consentType)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if cs[i], err = s.expireIfDue(ctx, cs[i]); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// Transition moves the consent id to status to: the in-process form of a PATCH that sets only
// consentBody.Data.Status (the gateway consumes a payment consent with it, the bank's revocation goes
// through the PATCH). info, if not nil, is merged into the supplementary information and recorded in
// the history with by.
func (s *Service) Transition(ctx context.Context, id string, to Status, by string, info map[string]json.RawMessage) (Consent, error) {
	return s.Patch(ctx, id, Patch{Status: to, By: by, Supplementary: info})
}

// ExpireDue ends every consent whose expiry has passed and that is still AwaitingAuthorisation or
// Authorised, and returns how many it ended. Reads end expired consents anyway; a periodic sweep makes
// listeners (token revocation) hear of them without waiting for a read.
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	ids, err := s.store.dueForExpiry(ctx, s.clock())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		c, err := s.store.get(ctx, id)
		if err != nil {
			return n, err
		}
		after, err := s.expireIfDue(ctx, c)
		if err != nil {
			return n, err
		}
		if after.Status != c.Status {
			n++
		}
	}
	return n, nil
}

// SweepExpired calls ExpireDue every interval until ctx ends, logging failures, so listeners hear of
// expiries without waiting for a read. Run it in its own goroutine next to the platform's servers.
func (s *Service) SweepExpired(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.ExpireDue(ctx); err != nil && ctx.Err() == nil {
				s.log.ErrorContext(ctx, "consent expiry sweep failed", "err", err)
			} else if n > 0 {
				s.log.InfoContext(ctx, "expired consents ended", "count", n)
			}
		}
	}
}

// expireIfDue ends c if it has expired and is not final, retrying on a concurrent change, and
// returns the consent as it is afterwards.
func (s *Service) expireIfDue(ctx context.Context, c Consent) (Consent, error) {
	for attempt := 0; ; attempt++ {
		now := s.clock()
		if c.Status.Final() || !c.Expired(now) {
			return c, nil
		}
		to := consentmgr.StatusRevoked
		if c.Status == consentmgr.StatusAwaitingAuthorisation {
			to = consentmgr.StatusRejected
		}
		next := c.clone()
		next.Status, next.StatusUpdatedAt, next.Version = to, now, c.Version+1
		next.History = append(next.History, Change{
			At: now, By: ByExpiry, From: c.Status, To: to, Changed: []string{consentmgr.PatchStatusField},
			Supplementary: map[string]json.RawMessage{"reason": json.RawMessage(`"ConsentExpired"`)},
		})
		err := s.store.update(ctx, next, c.Version, c.Status)
		if err == nil {
			s.notify(ctx, next, c.Status, to)
			return next, nil
		}
		if ErrorCode(err) != ECONFLICT || attempt >= 3 {
			return Consent{}, err
		}
		// Someone else changed it first (maybe expired it); look again.
		if c, err = s.store.get(ctx, c.ID); err != nil {
			return Consent{}, err
		}
	}
}
