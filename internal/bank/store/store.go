// Package store is the bank's reference implementation of core.Store on SQLite (the embedded default)
// and PostgreSQL (production), over database/sql with one set of SQL text and one migration set
// (package migrations). The two engines differ only where locking does: ExecutePayment locks the
// debtor's balance row with SELECT … FOR UPDATE on PostgreSQL, while SQLite writers are already
// serialised by database.WriteTx. Every store is checked by the contract suite in package storetest,
// which a bank writing its own adapter to its core banking system runs too.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store/migrations"
	"github.com/ifconnect/ifconnect/internal/database"
)

var _ core.Store = (*Store)(nil)

// Store holds the bank's data in one SQL database. It is safe for concurrent use; several processes
// may share one PostgreSQL database.
type Store struct {
	db *database.DB

	// stmts caches prepared statements by SQL text. Preparing is a large part of a small query's cost on
	// SQLite; database/sql re-prepares a cached statement on each pooled connection once.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

// Open opens the bank's database at url ("sqlite:PATH", a plain path, or "postgres://…"). It refuses a
// database whose schema is missing or older than this build's, telling the operator to run
// `ifconnect migrate`.
func Open(ctx context.Context, url string) (*Store, error) {
	db, err := database.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	st, err := db.MigrationStatus(ctx, migrations.Component, migrations.FS)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("bank store %s: %w", db.URL, err)
	}
	pending := 0
	for _, m := range st {
		if !m.Applied {
			pending++
		}
	}
	if pending > 0 {
		db.Close()
		return nil, fmt.Errorf("bank store %s: the schema is not up to date (%d of %d migrations pending): run ifconnect migrate",
			db.URL, pending, len(st))
	}
	return &Store{db: db, stmts: map[string]*sql.Stmt{}}, nil
}

// Migrate creates or upgrades the bank's schema in the database at url and returns the migrations it
// applied (none when the schema is already current).
func Migrate(ctx context.Context, url string) ([]string, error) {
	db, err := database.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Migrate(ctx, migrations.Component, migrations.FS)
}

// MigrationStatus lists the bank's migrations and whether each is applied in the database at url.
func MigrationStatus(ctx context.Context, url string) ([]database.MigrationStatus, error) {
	db, err := database.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.MigrationStatus(ctx, migrations.Component, migrations.FS)
}

// Close releases the database.
func (s *Store) Close() error {
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = map[string]*sql.Stmt{}
	s.stmtMu.Unlock()
	return s.db.Close()
}

// URL is the address of the store's database, without any password, for messages.
func (s *Store) URL() string { return s.db.URL }

// dataTables lists every table holding bank data, children before parents.
var dataTables = []string{
	"payment_history", "payments", "postings", "journals",
	"offers", "beneficiaries", "scheduled_payments", "standing_orders", "direct_debits", "products",
	"contracts", "transactions", "balances", "accounts", "users", "representatives", "customers",
}

// Reset deletes every data row, keeping the schema, so seed can reload from scratch. PostgreSQL
// truncates instead: DELETE would leave every old row as a dead tuple until a vacuum, and a bench or
// seed run after a few resets would read through them.
func (s *Store) Reset(ctx context.Context) error {
	if s.db.Dialect == database.Postgres {
		if _, err := s.db.ExecContext(ctx, "TRUNCATE "+strings.Join(dataTables, ", ")); err != nil {
			return fmt.Errorf("reset: %w", err)
		}
		return nil
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, t := range dataTables {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("reset %s: %w", t, err)
			}
		}
		return nil
	})
}

// stmt returns the prepared statement for query, preparing it on first use. Only SQLite uses the
// cache: pgx already keeps prepared statements per connection, and preparing on the pool from inside a
// transaction could wait for a connection that every open transaction holds.
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	s.stmts[query] = st
	return st, nil
}

// maxCachedIn bounds the IN-list lengths whose statements are cached, so callers passing long,
// ever-different lists cannot grow the cache without limit.
const maxCachedIn = 32

// cached reports whether statements should go through the cache.
func (s *Store) cached(cache bool) bool { return cache && s.db.Dialect == database.SQLite }

// query runs a read, through the statement cache when its shape is reusable.
func (s *Store) query(ctx context.Context, q string, cache bool, args ...any) (*sql.Rows, error) {
	if !s.cached(cache) {
		return s.db.QueryContext(ctx, q, args...)
	}
	st, err := s.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow runs a single-row read through the statement cache.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) (*sql.Row, error) {
	if !s.cached(true) {
		return s.db.QueryRowContext(ctx, q, args...), nil
	}
	st, err := s.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(ctx, args...), nil
}

// queryTx runs a read inside tx through the statement cache.
func (s *Store) queryTx(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	if !s.cached(true) {
		return tx.QueryContext(ctx, q, args...)
	}
	st, err := s.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

// execTx runs a write inside tx through the statement cache.
func (s *Store) execTx(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if !s.cached(true) {
		return tx.ExecContext(ctx, q, args...)
	}
	st, err := s.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// dbQuerier and txQuerier let helpers read through the statement cache outside or inside a
// transaction.
type dbQuerier struct{ s *Store }

func (q dbQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.s.query(ctx, query, len(args) <= maxCachedIn, args...)
}

type txQuerier struct {
	s  *Store
	tx *sql.Tx
}

func (q txQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if len(args) > maxCachedIn {
		return q.tx.QueryContext(ctx, query, args...)
	}
	return q.s.queryTx(ctx, q.tx, query, args...)
}

// inList returns "$n,$n+1,…" for count placeholders starting at $first, and the ids as arguments.
func inList(first int, ids []string) (string, []any) {
	var b strings.Builder
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", first+i)
		args[i] = id
	}
	return b.String(), args
}

// unique returns ids without repeats or empty strings, in first-seen order.
func unique(ids []string) []string {
	out := make([]string, 0, len(ids))
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if _, ok := seen[id]; ok || id == "" {
			continue
		}
		seen[id] = struct{}{}
		out = append(out, id)
	}
	return out
}

// micros stores a time as unix microseconds in UTC; the zero time is 0.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros is the inverse of micros.
func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// notFound converts sql.ErrNoRows into an ENOTFOUND error naming what was looked for, and wraps any
// other error with context.
func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return core.Errorf(core.ENOTFOUND, "%s %s not found", what, id)
	}
	return fmt.Errorf("read %s %s: %w", what, id, err)
}
