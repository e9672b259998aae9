package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

const accountColumns = `id, customer_id, type, sub_type, currency, status, compe_code, branch_code, number, check_digit,
	product_id, product_name, nickname, opened_at, multi_auth, card, per_payment, overdraft`

func scanAccount(r scanner) (core.Account, error) {
	var (
		a                      core.Account
		typ, subType, card     string
		opened, perPay, overdr int64
	)
	if err := r.Scan(&a.ID, &a.CustomerID, &typ, &subType, &a.Currency, &a.Status, &a.CompeCode, &a.BranchCode,
		&a.Number, &a.CheckDigit, &a.ProductID, &a.ProductName, &a.Nickname, &opened, &a.MultiAuth, &card,
		&perPay, &overdr); err != nil {
		return a, err
	}
	a.Type, a.SubType, a.OpenedAt = core.AccountType(typ), core.AccountSubType(subType), fromMicros(opened)
	a.Limits = core.Limits{PerPayment: core.Money(perPay), Overdraft: core.Money(overdr)}
	if card != "" {
		a.Card = new(core.Card)
		if err := decodeJSON(card, a.Card); err != nil {
			return a, err
		}
	}
	return a, nil
}

// Account returns one account by id.
func (s *Store) Account(ctx context.Context, id string) (core.Account, error) {
	row, err := s.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = $1`, id)
	if err != nil {
		return core.Account{}, err
	}
	a, err := scanAccount(row)
	if err != nil {
		return core.Account{}, notFound(err, "account", id)
	}
	return a, nil
}

// Accounts returns the accounts among ids that exist, in the order of ids, each once, in one query.
func (s *Store) Accounts(ctx context.Context, ids []string) ([]core.Account, error) {
	ids = unique(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(1, ids)
	rows, err := s.query(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id IN (`+in+`)`, len(ids) <= maxCachedIn, args...)
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	defer rows.Close()
	byID := make(map[string]core.Account, len(ids))
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("read accounts: %w", err)
		}
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	out := make([]core.Account, 0, len(byID))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// AccountsOfCustomers returns every account held by the given customers, grouped in the order of
// customerIDs and by account id within a customer.
func (s *Store) AccountsOfCustomers(ctx context.Context, customerIDs []string) ([]core.Account, error) {
	customerIDs = unique(customerIDs)
	if len(customerIDs) == 0 {
		return nil, nil
	}
	in, args := inList(1, customerIDs)
	rows, err := s.query(ctx, `SELECT `+accountColumns+` FROM accounts WHERE customer_id IN (`+in+`) ORDER BY id`,
		len(customerIDs) <= maxCachedIn, args...)
	if err != nil {
		return nil, fmt.Errorf("read accounts of customers: %w", err)
	}
	defer rows.Close()
	var out []core.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("read accounts of customers: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read accounts of customers: %w", err)
	}
	if len(customerIDs) > 1 {
		pos := make(map[string]int, len(customerIDs))
		for i, id := range customerIDs {
			pos[id] = i
		}
		slices.SortStableFunc(out, func(a, b core.Account) int { return pos[a.CustomerID] - pos[b.CustomerID] })
	}
	return out, nil
}

const balanceColumns = `account_id, available, blocked, automatically_invested, overdraft_limit, overdraft_used,
	unarranged_overdraft_used, currency, at`

func scanBalance(r scanner) (core.Balance, error) {
	var (
		b                                     core.Balance
		avail, blocked, invested, limit, used int64
		unarranged, at                        int64
	)
	if err := r.Scan(&b.AccountID, &avail, &blocked, &invested, &limit, &used, &unarranged, &b.Currency, &at); err != nil {
		return b, err
	}
	b.Available, b.Blocked, b.AutomaticallyInvested = core.Money(avail), core.Money(blocked), core.Money(invested)
	b.OverdraftLimit, b.OverdraftUsed, b.UnarrangedOverdraftUsed = core.Money(limit), core.Money(used), core.Money(unarranged)
	b.At = fromMicros(at)
	return b, nil
}

// Balances returns the balances of the accounts among ids that exist, in the order of ids, each once.
func (s *Store) Balances(ctx context.Context, ids []string) ([]core.Balance, error) {
	ids = unique(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(1, ids)
	rows, err := s.query(ctx, `SELECT `+balanceColumns+` FROM balances WHERE account_id IN (`+in+`)`, len(ids) <= maxCachedIn, args...)
	if err != nil {
		return nil, fmt.Errorf("read balances: %w", err)
	}
	defer rows.Close()
	byID := make(map[string]core.Balance, len(ids))
	for rows.Next() {
		b, err := scanBalance(rows)
		if err != nil {
			return nil, fmt.Errorf("read balances: %w", err)
		}
		byID[b.AccountID] = b
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read balances: %w", err)
	}
	out := make([]core.Balance, 0, len(byID))
	for _, id := range ids {
		if b, ok := byID[id]; ok {
			out = append(out, b)
		}
	}
	return out, nil
}
