// Package databasetest gives tests fresh databases: a SQLite file in the test's temporary directory, and,
// when IFCONNECT_TEST_POSTGRES holds a DSN, a PostgreSQL schema of its own that is dropped afterwards, so
// the same suite runs on both engines and tests never see each other's rows.
package databasetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// EnvPostgres is the variable holding the PostgreSQL DSN tests may use.
const EnvPostgres = "IFCONNECT_TEST_POSTGRES"

// SQLiteURL returns the URL of a new SQLite database file in t's temporary directory.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

// PostgresURL returns the URL of a new, empty PostgreSQL schema (the URL sets search_path to it) and drops
// the schema when the test ends. Without IFCONNECT_TEST_POSTGRES it skips the test with a loud message.
func PostgresURL(t testing.TB) string {
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		t.Skipf("SKIPPING PostgreSQL test: set %s to a DSN (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run it", EnvPostgres)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("databasetest: open %s: %v", EnvPostgres, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("databasetest: create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("databasetest: %s is not a URL: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Engines returns the URLs of a fresh database on each engine available, keyed "sqlite" and
// "postgres", for running one suite on both: for name, url := range Engines(t) { t.Run(name, …) }.
// PostgreSQL is included only when IFCONNECT_TEST_POSTGRES is set; its absence is reported loudly.
func Engines(t testing.TB) map[string]func(testing.TB) string {
	engines := map[string]func(testing.TB) string{"sqlite": SQLiteURL}
	if os.Getenv(EnvPostgres) != "" {
		engines["postgres"] = PostgresURL
	} else {
		t.Logf("NOTE: PostgreSQL variant not run: set %s to run it", EnvPostgres)
	}
	return engines
}
