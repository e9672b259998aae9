// Package database opens the SQL databases ifconnect keeps its state in — SQLite (modernc.org/sqlite,
// pure Go, WAL) as the zero-setup default and PostgreSQL (pgx v5) in production — and applies each
// component's migrations. Queries are written once: both engines accept $1-style placeholders, ON
// CONFLICT and RETURNING, so the stores differ only where locking does, and WriteTx hides that.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database with its dialect.
type DB struct {
	*sql.DB
	Dialect Dialect
	// URL is the address the DB was opened with, with any password removed, for messages.
	URL string

	// writeMu serialises this process's SQLite write transactions. SQLite allows one writer at a time;
	// queueing them here instead of in SQLite's busy handler keeps latency flat under concurrency.
	// Other processes writing the same file still wait on busy_timeout.
	writeMu sync.Mutex
}

// Open opens the database at rawURL: "sqlite:PATH", a plain file path (SQLite), or a PostgreSQL URL
// ("postgres://user@host:5432/db?sslmode=disable"). For SQLite the directory must exist and be
// writable; the file is created when absent.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	case rawURL == "":
		return nil, errors.New("database: no database URL given")
	default:
		return openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite:"))
	}
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("database: directory of %s does not exist", path)
		}
	}
	// _txlock=immediate makes every transaction take the write lock at BEGIN, so two writers never
	// deadlock upgrading read locks; reads outside transactions run concurrently under WAL.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("database: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database: open %s: %w", path, err)
	}
	// A read-only file or directory only shows at the first write; fail now, clearly.
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS ifconnect_probe (x INTEGER); DROP TABLE ifconnect_probe"); err != nil {
		db.Close()
		return nil, fmt.Errorf("database: %s is not writable: %w", path, err)
	}
	return &DB{DB: db, Dialect: SQLite, URL: "sqlite:" + path}, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("database: open %s: %w", redact(rawURL), err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database: connect %s: %w", redact(rawURL), err)
	}
	return &DB{DB: db, Dialect: Postgres, URL: redact(rawURL)}, nil
}

// WriteTx runs fn in a read-write transaction and commits it, or rolls back when fn fails. On SQLite
// the transactions of one process are serialised; on PostgreSQL a serialisation failure or deadlock
// is retried a few times, so fn must be safe to run again (it only touches the database).
func (db *DB) WriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.Dialect == SQLite {
		db.writeMu.Lock()
		defer db.writeMu.Unlock()
		return db.tx(ctx, fn)
	}
	return retry(ctx, func() error { return db.tx(ctx, fn) })
}

// retry runs a PostgreSQL transaction up to five times while it fails with a serialisation failure or
// deadlock, backing off a little longer each time.
func retry(ctx context.Context, tx func() error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = tx(); !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
		}
	}
	return err
}

func (db *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// retryable reports whether err is a PostgreSQL serialization failure or deadlock.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// IsUniqueViolation reports whether err is a unique-constraint violation on either engine.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// Migrate applies the migrations in fsys (goose SQL files at its root, NNNNN_name.sql) that have not
// been applied yet. component names the goose version table ("goose_<component>"), so the bank and the
// platform, or several components of one, can keep their migrations apart in one database.
func (db *DB) Migrate(ctx context.Context, component string, fsys fs.FS) ([]string, error) {
	p, err := db.provider(component, fsys)
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate %s: %w", component, err)
	}
	applied := make([]string, 0, len(res))
	for _, r := range res {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}

// MigrationStatus describes one migration of a component.
type MigrationStatus struct {
	Version int64
	Name    string
	Applied bool
	At      time.Time
}

// MigrationStatus lists the component's migrations and whether each is applied.
func (db *DB) MigrationStatus(ctx context.Context, component string, fsys fs.FS) ([]MigrationStatus, error) {
	p, err := db.provider(component, fsys)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status %s: %w", component, err)
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationStatus{
			Version: s.Source.Version,
			Name:    filepath.Base(s.Source.Path),
			Applied: s.State == goose.StateApplied,
			At:      s.AppliedAt,
		})
	}
	return out, nil
}

func (db *DB) provider(component string, fsys fs.FS) (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.DB, fsys,
		goose.WithTableName("goose_"+component), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("migrations of %s: %w", component, err)
	}
	return p, nil
}

// redact removes the password from a database URL for messages and logs.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
