package store

import (
	"context"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// CorruptBalance implements storetest.Corrupter for this package's tests only: it changes a balance
// behind the ledger's back so the suite can check that CheckLedger notices.
func (s *Store) CorruptBalance(ctx context.Context, accountID string, delta core.Money) error {
	_, err := s.db.ExecContext(ctx, `UPDATE balances SET available = available + $1 WHERE account_id = $2`, int64(delta), accountID)
	return err
}

// RowsLeft returns, for this package's tests only, the tables holding bank data that still have rows.
func (s *Store) RowsLeft(ctx context.Context) ([]string, error) {
	var left []string
	for _, t := range dataTables {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			left = append(left, t)
		}
	}
	return left, nil
}
