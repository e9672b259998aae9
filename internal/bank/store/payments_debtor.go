package store

import (
	"context"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

var _ core.DebtorReader = (*Store)(nil)

// DebtorAccount returns the account and, in the same query, the customer id of the login user (empty
// when there is no such user): a payment needs both before it locks anything, and one round trip
// instead of two is a measurable share of a payment on PostgreSQL.
func (s *Store) DebtorAccount(ctx context.Context, accountID, userID string) (core.Account, string, error) {
	row, err := s.queryRow(ctx, `SELECT COALESCE((SELECT customer_id FROM users WHERE id = $2), ''), `+accountColumns+`
		FROM accounts WHERE id = $1`, accountID, userID)
	if err != nil {
		return core.Account{}, "", err
	}
	var userCustomer string
	a, err := scanAccount(prefixed{row, &userCustomer})
	if err != nil {
		return core.Account{}, "", notFound(err, "account", accountID)
	}
	return a, userCustomer, nil
}
