package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ifconnect/ifconnect/internal/database"
)

// inserter loads rows of one table inside a transaction with multi-row INSERT statements: full
// chunks reuse one prepared statement, and the remainder goes out in one last statement at flush. A row
// then costs a few argument copies instead of a round trip and a statement execution.
type inserter struct {
	ctx      context.Context
	numbered bool // $1 placeholders (PostgreSQL) rather than ? (SQLite)
	tx       *sql.Tx
	table    string
	columns  string
	ncol     int
	chunk    int // rows per full statement
	full     *sql.Stmt
	args     []any
}

// maxParams keeps statements under SQLite's default limit of 32766 host parameters (PostgreSQL allows
// 65535).
const maxParams = 30000

// rowsPerInsert bounds the rows of one statement: past a couple of hundred, bigger statements stop
// paying for their longer SQL text.
const rowsPerInsert = 200

func (s *Store) newInserter(ctx context.Context, tx *sql.Tx, table, columns string) *inserter {
	ncol := strings.Count(columns, ",") + 1
	return &inserter{ctx: ctx, tx: tx, table: table, columns: columns, ncol: ncol,
		numbered: s.db.Dialect != database.SQLite, chunk: max(1, min(rowsPerInsert, maxParams/ncol))}
}

// add queues one row; its values must be in the order of the inserter's columns.
func (in *inserter) add(values ...any) error {
	return in.addWith(func(args []any) []any { return append(args, values...) })
}

// addWith queues the row that appendRow appends to the pending values, sparing the caller a slice
// per row.
func (in *inserter) addWith(appendRow func(args []any) []any) error {
	n := len(in.args)
	in.args = appendRow(in.args)
	if len(in.args)-n != in.ncol {
		return fmt.Errorf("insert into %s: %d values for %d columns", in.table, len(in.args)-n, in.ncol)
	}
	if len(in.args) < in.chunk*in.ncol {
		return nil
	}
	if in.full == nil {
		st, err := in.tx.PrepareContext(in.ctx, in.statement(in.chunk))
		if err != nil {
			return fmt.Errorf("insert into %s: %w", in.table, err)
		}
		in.full = st
	}
	if _, err := in.full.ExecContext(in.ctx, in.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", in.table, err)
	}
	in.args = in.args[:0]
	return nil
}

// flush writes the queued rows and releases the prepared statement.
func (in *inserter) flush() error {
	if in.full != nil {
		defer in.full.Close()
		in.full = nil
	}
	if len(in.args) == 0 {
		return nil
	}
	n := len(in.args) / in.ncol
	if _, err := in.tx.ExecContext(in.ctx, in.statement(n), in.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", in.table, err)
	}
	in.args = in.args[:0]
	return nil
}

// statement returns the INSERT text for rows rows. SQLite gets anonymous ? placeholders: its driver
// looks each numbered one up by name in a list as long as the statement's, which makes a
// thousand-parameter insert quadratic.
func (in *inserter) statement(rows int) string {
	var b strings.Builder
	b.Grow(len(in.columns) + 32 + rows*in.ncol*7)
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", in.table, in.columns)
	p := 1
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range in.ncol {
			if c > 0 {
				b.WriteByte(',')
			}
			if in.numbered {
				fmt.Fprintf(&b, "$%d", p)
				p++
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}
