package store

import (
	"context"
	"fmt"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// The UK-style standing objects are flat records read whole, each a JSON document keyed by id and
// indexed by account.

// DirectDebits returns the direct debits of the accounts among accountIDs.
func (s *Store) DirectDebits(ctx context.Context, accountIDs []string) ([]core.DirectDebit, error) {
	return readStanding[core.DirectDebit](ctx, s, "direct_debits", accountIDs)
}

// StandingOrders returns the standing orders of the accounts among accountIDs.
func (s *Store) StandingOrders(ctx context.Context, accountIDs []string) ([]core.StandingOrder, error) {
	return readStanding[core.StandingOrder](ctx, s, "standing_orders", accountIDs)
}

// ScheduledPayments returns the scheduled payments of the accounts among accountIDs.
func (s *Store) ScheduledPayments(ctx context.Context, accountIDs []string) ([]core.ScheduledPayment, error) {
	return readStanding[core.ScheduledPayment](ctx, s, "scheduled_payments", accountIDs)
}

// Beneficiaries returns the saved payees of the accounts among accountIDs.
func (s *Store) Beneficiaries(ctx context.Context, accountIDs []string) ([]core.Beneficiary, error) {
	return readStanding[core.Beneficiary](ctx, s, "beneficiaries", accountIDs)
}

// Offers returns the offers made on the accounts among accountIDs.
func (s *Store) Offers(ctx context.Context, accountIDs []string) ([]core.Offer, error) {
	return readStanding[core.Offer](ctx, s, "offers", accountIDs)
}

// readStanding returns the objects of table held by accountIDs, by account in the order of accountIDs
// and by id within an account; unknown accounts have none.
func readStanding[T any](ctx context.Context, s *Store, table string, accountIDs []string) ([]T, error) {
	accountIDs = unique(accountIDs)
	if len(accountIDs) == 0 {
		return nil, nil
	}
	in, args := inList(1, accountIDs)
	rows, err := s.query(ctx, `SELECT account_id, data FROM `+table+` WHERE account_id IN (`+in+`) ORDER BY id`,
		len(accountIDs) <= maxCachedIn, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	byAccount := map[string][]T{}
	for rows.Next() {
		var account, data string
		if err := rows.Scan(&account, &data); err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
		var v T
		if err := decodeJSON(data, &v); err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
		byAccount[account] = append(byAccount[account], v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	var out []T
	for _, id := range accountIDs {
		out = append(out, byAccount[id]...)
	}
	return out, nil
}

// Products returns every product the bank sells, by id.
func (s *Store) Products(ctx context.Context) ([]core.Product, error) {
	rows, err := s.query(ctx, `SELECT id, name, type FROM products ORDER BY id`, true)
	if err != nil {
		return nil, fmt.Errorf("read products: %w", err)
	}
	defer rows.Close()
	var out []core.Product
	for rows.Next() {
		var p core.Product
		if err := rows.Scan(&p.ID, &p.Name, &p.Type); err != nil {
			return nil, fmt.Errorf("read products: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read products: %w", err)
	}
	return out, nil
}
