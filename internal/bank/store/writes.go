package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/ifconnect/ifconnect/internal/database"
)

// writes collects the statements one payment operation makes after its decision. SQLite runs them
// one by one through the statement cache (every call is in-process); PostgreSQL receives them as one
// statement of data-modifying CTEs — a single round trip instead of half a dozen, which is most of a
// payment's latency there. The statements touch different rows and tables, so the CTEs' shared
// snapshot and unspecified order change nothing, and a unique violation in any of them fails the whole
// statement as it would fail the transaction.
type writes struct {
	stmts []string
	args  [][]any
}

// add queues a statement whose placeholders are numbered from $1 (or are ? on SQLite).
func (w *writes) add(query string, args ...any) {
	w.stmts = append(w.stmts, query)
	w.args = append(w.args, args)
}

// flush runs the queued statements inside tx.
func (s *Store) flush(ctx context.Context, tx *sql.Tx, w *writes) error {
	if len(w.stmts) == 0 {
		return nil
	}
	if s.db.Dialect == database.SQLite {
		for i, q := range w.stmts {
			if _, err := s.execTx(ctx, tx, q, w.args[i]...); err != nil {
				return err
			}
		}
		return nil
	}
	q, args := w.statement()
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// statement is the queued statements as one statement of data-modifying CTEs (PostgreSQL).
func (w *writes) statement() (string, []any) {
	var b strings.Builder
	var args []any
	last := len(w.stmts) - 1
	for i, q := range w.stmts {
		switch {
		case i == last && last > 0:
			b.WriteString(" ")
		case i == 0:
			b.WriteString("WITH ")
		default:
			b.WriteString(", ")
		}
		if i < last {
			b.WriteString("w" + strconv.Itoa(i) + " AS (")
		}
		renumber(&b, q, len(args))
		if i < last {
			b.WriteString(")")
		}
		args = append(args, w.args[i]...)
	}
	return b.String(), args
}

// renumber writes q to b with each $N placeholder shifted by offset.
func renumber(b *strings.Builder, q string, offset int) {
	for i := 0; i < len(q); i++ {
		if q[i] != '$' {
			b.WriteByte(q[i])
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(q[i+1 : j])
		if err != nil {
			b.WriteByte('$')
			continue
		}
		b.WriteString("$" + strconv.Itoa(n+offset))
		i = j - 1
	}
}
