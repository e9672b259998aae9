package consents

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// Patch applies p to the consent whose id or ConsentID is id (step 4003, and the revocations of the
// bank's "Open Banking" area) and returns the consent afterwards. The status change, if any, must be
// one the lifecycle allows from the current status — ECONFLICT when it was allowed from a status the
// consent has already left (see transitionError), ETRANSITION otherwise — and the consent must not
// have expired (EEXPIRED);
// a consent leaving AwaitingAuthorisation for Authorised must then name its PSU and its accounts,
// exactly one for payment and funds-confirmation consents (the contract's AccountIds rule).
// psuIdentifiers and accountIds change only while the consent is AwaitingAuthorisation;
// supplementaryInformation is merged member by member at any time (a null member removes it).
// The write is a compare-and-set on the status and version read, so a concurrent change makes it
// fail with ECONFLICT instead of overwriting; listeners hear a status change once it is committed.
func (s *Service) Patch(ctx context.Context, id string, p Patch) (Consent, error) {
	if err := validatePatch(p); err != nil {
		return Consent{}, err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return Consent{}, err
	}
	if p.ExpectVersion != 0 && c.Version != p.ExpectVersion {
		return Consent{}, errorf(ECONFLICT, "consent %s is at version %d, not %d", c.ConsentID, c.Version, p.ExpectVersion)
	}
	now := s.clock()
	next, err := applyPatch(c, p, now)
	if err != nil {
		return Consent{}, err
	}
	if err := s.store.update(ctx, next, c.Version, c.Status); err != nil {
		return Consent{}, err
	}
	if next.Status != c.Status {
		s.notify(ctx, next, c.Status, next.Status)
	}
	return next, nil
}

// validatePatch checks what can be checked without the consent.
func validatePatch(p Patch) error {
	if p.PSU == nil && p.AccountIDs == nil && p.Status == "" && p.Supplementary == nil {
		return errorf(EINVALID, "nothing to patch: give psuIdentifiers, accountIds, %s or supplementaryInformation", consentmgr.PatchStatusField)
	}
	if p.Status != "" && !p.Status.Valid() {
		return errorf(EINVALID, "%s %q is not a consent status", consentmgr.PatchStatusField, p.Status)
	}
	if p.PSU != nil && p.PSU.UserID == "" {
		return errorf(EINVALID, "psuIdentifiers.userId is required")
	}
	if p.AccountIDs != nil {
		return validateAccountIDs(p.AccountIDs)
	}
	return nil
}

// applyPatch returns c changed by p at now, or why it may not be.
func applyPatch(c Consent, p Patch, now time.Time) (Consent, error) {
	var changed []string
	next := c.clone()
	if p.Status != "" {
		if c.Expired(now) {
			return Consent{}, errorf(EEXPIRED, "consent %s expired at %s", c.ConsentID, c.ExpiresAt.Format(timeLayout))
		}
		if !CanTransition(c.Status, p.Status) {
			return Consent{}, transitionError(c, p.Status)
		}
		next.Status, next.StatusUpdatedAt = p.Status, now
		changed = append(changed, consentmgr.PatchStatusField)
	}
	if p.PSU != nil || p.AccountIDs != nil {
		if c.Status != consentmgr.StatusAwaitingAuthorisation {
			return Consent{}, errorf(ETRANSITION, "consent %s is %s; psuIdentifiers and accountIds change only while it is AwaitingAuthorisation", c.ConsentID, c.Status)
		}
		if p.PSU != nil {
			psu := *p.PSU
			psu.Extra = maps.Clone(p.PSU.Extra)
			next.PSU = &psu
			changed = append(changed, "psuIdentifiers")
		}
		if p.AccountIDs != nil {
			next.AccountIDs = slices.Clone(p.AccountIDs)
			changed = append(changed, "accountIds")
		}
	}
	if next.Status == consentmgr.StatusAuthorised {
		if next.PSU == nil || next.PSU.UserID == "" {
			return Consent{}, errorf(EINVALID, "an Authorised consent needs psuIdentifiers.userId")
		}
		if len(next.AccountIDs) == 0 {
			return Consent{}, errorf(EINVALID, "an Authorised consent needs accountIds")
		}
		if c.Type.SingleAccount() && len(next.AccountIDs) != 1 {
			return Consent{}, errorf(EINVALID, "a %s consent names exactly one account, not %d", c.Type, len(next.AccountIDs))
		}
	}
	if p.Supplementary != nil {
		if next.Supplementary == nil {
			next.Supplementary = map[string]json.RawMessage{}
		}
		for k, v := range p.Supplementary {
			if string(v) == "null" {
				delete(next.Supplementary, k)
				continue
			}
			next.Supplementary[k] = v
		}
		if len(next.Supplementary) == 0 {
			next.Supplementary = nil
		}
		changed = append(changed, "supplementaryInformation")
	}
	next.Version = c.Version + 1
	next.History = append(next.History, Change{
		At: now, By: p.By, From: c.Status, To: next.Status, Changed: changed, Supplementary: maps.Clone(p.Supplementary),
	})
	return next, nil
}

// transitionError explains why c cannot become to. When to was allowed from a status c has been in
// before, the caller acted on a view the consent has left — typically it lost a race to another PATCH
// (two Revoked, Revoked against Consumed, a resubmitted authorisation) — and that is ECONFLICT, so
// the loser of a race always gets the conflict error whether it read before or after the winner
// wrote. Otherwise the change was never possible from where the consent has been: ETRANSITION.
func transitionError(c Consent, to Status) error {
	for _, h := range c.History {
		for _, was := range []Status{h.From, h.To} {
			if was != "" && was != c.Status && CanTransition(was, to) {
				return errorf(ECONFLICT, "consent %s is already %s (since %s); it can no longer become %s",
					c.ConsentID, c.Status, c.StatusUpdatedAt.Format(timeLayout), to)
			}
		}
	}
	return errorf(ETRANSITION, "consent %s is %s; it cannot become %s", c.ConsentID, c.Status, to)
}

// clone copies the parts of c a change may modify, so the original stays as read.
func (c Consent) clone() Consent {
	n := c
	n.AccountIDs = slices.Clone(c.AccountIDs)
	n.Supplementary = maps.Clone(c.Supplementary)
	n.History = slices.Clone(c.History)
	return n
}
