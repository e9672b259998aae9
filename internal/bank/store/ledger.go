package store

import (
	"context"
	"fmt"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// maxProblems bounds the problems one check lists per invariant, so a badly broken ledger still gives a
// readable report.
const maxProblems = 50

// CheckLedger verifies the ledger's invariants (core.LedgerChecker) with one aggregate query each:
// every journal has at least two postings summing to zero; every account's available balance equals
// the sum of its postings; every account's statement (credits minus debits) equals its available
// balance.
func (s *Store) CheckLedger(ctx context.Context) (core.LedgerReport, error) {
	var r core.LedgerReport
	if err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM journals), (SELECT COUNT(*) FROM postings), (SELECT COUNT(*) FROM accounts)`).
		Scan(&r.Journals, &r.Postings, &r.Accounts); err != nil {
		return r, fmt.Errorf("check ledger: count: %w", err)
	}
	checks := []struct {
		query  string
		format func(id string, a, b int64) string
	}{{
		`SELECT j.id, COALESCE(SUM(p.amount), 0), COUNT(p.journal_id) FROM journals j
			LEFT JOIN postings p ON p.journal_id = j.id
			GROUP BY j.id HAVING COALESCE(SUM(p.amount), 0) <> 0 OR COUNT(p.journal_id) < 2 ORDER BY j.id`,
		func(id string, sum, n int64) string {
			return fmt.Sprintf("journal %s is unbalanced: %d postings summing to %s", id, n, core.Money(sum))
		},
	}, {
		`SELECT p.journal_id, 0, 0 FROM postings p LEFT JOIN journals j ON j.id = p.journal_id
			WHERE j.id IS NULL GROUP BY p.journal_id ORDER BY p.journal_id`,
		func(id string, _, _ int64) string {
			return fmt.Sprintf("postings refer to journal %s, which does not exist", id)
		},
	}, {
		`SELECT b.account_id, b.available, COALESCE(p.total, 0) FROM balances b
			LEFT JOIN (SELECT ledger_account, SUM(amount) AS total FROM postings GROUP BY ledger_account) p
				ON p.ledger_account = b.account_id
			WHERE b.available <> COALESCE(p.total, 0) ORDER BY b.account_id`,
		func(id string, balance, postings int64) string {
			return fmt.Sprintf("account %s: available balance %s but its postings sum to %s", id, core.Money(balance), core.Money(postings))
		},
	}, {
		`SELECT b.account_id, b.available, COALESCE(t.total, 0) FROM balances b
			LEFT JOIN (SELECT account_id, SUM(CASE WHEN credit_debit = 'Credit' THEN amount ELSE -amount END) AS total
				FROM transactions GROUP BY account_id) t ON t.account_id = b.account_id
			WHERE b.available <> COALESCE(t.total, 0) ORDER BY b.account_id`,
		func(id string, balance, statement int64) string {
			return fmt.Sprintf("account %s: available balance %s but its statement sums to %s", id, core.Money(balance), core.Money(statement))
		},
	}, {
		`SELECT a.id, 0, 0 FROM accounts a LEFT JOIN balances b ON b.account_id = a.id WHERE b.account_id IS NULL ORDER BY a.id`,
		func(id string, _, _ int64) string { return fmt.Sprintf("account %s has no balance", id) },
	}}
	for _, c := range checks {
		if err := s.collect(ctx, c.query, c.format, &r.Problems); err != nil {
			return r, err
		}
	}
	return r, nil
}

// collect appends a problem for each row of query, up to maxProblems, then a count of the rest.
func (s *Store) collect(ctx context.Context, query string, format func(string, int64, int64) string, problems *[]string) error {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("check ledger: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		var a, b int64
		if err := rows.Scan(&id, &a, &b); err != nil {
			return fmt.Errorf("check ledger: %w", err)
		}
		if n < maxProblems {
			*problems = append(*problems, format(id, a, b))
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check ledger: %w", err)
	}
	if n > maxProblems {
		*problems = append(*problems, fmt.Sprintf("… and %d more like the above", n-maxProblems))
	}
	return nil
}
