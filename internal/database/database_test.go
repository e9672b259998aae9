package database_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

var migrations = fstest.MapFS{
	"00001_counter.sql": {Data: []byte(`-- +goose Up
CREATE TABLE counter (id TEXT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO counter (id, n) VALUES ('c', 0);
-- +goose Down
DROP TABLE counter;
`)},
}

func TestMigrateAndConcurrentWrites(t *testing.T) {
	engines := map[string]func(testing.TB) string{"sqlite": databasetest.SQLiteURL, "postgres": databasetest.PostgresURL}
	for name, newURL := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, newURL(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			applied, err := db.Migrate(ctx, "test", migrations)
			if err != nil || len(applied) != 1 {
				t.Fatalf("first migrate: applied %v, err %v", applied, err)
			}
			applied, err = db.Migrate(ctx, "test", migrations)
			if err != nil || len(applied) != 0 {
				t.Fatalf("second migrate must apply nothing: applied %v, err %v", applied, err)
			}
			st, err := db.MigrationStatus(ctx, "test", migrations)
			if err != nil || len(st) != 1 || !st[0].Applied {
				t.Fatalf("status: %+v, %v", st, err)
			}

			// Read-modify-write under concurrency must not lose an increment on either engine.
			const workers = 40
			var wg sync.WaitGroup
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := db.WriteTx(ctx, func(tx *sql.Tx) error {
						lock := ""
						if db.Dialect == database.Postgres {
							lock = " FOR UPDATE"
						}
						var n int64
						if err := tx.QueryRowContext(ctx, "SELECT n FROM counter WHERE id = $1"+lock, "c").Scan(&n); err != nil {
							return err
						}
						_, err := tx.ExecContext(ctx, "UPDATE counter SET n = $1 WHERE id = $2", n+1, "c")
						return err
					})
					if err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			var n int64
			if err := db.QueryRowContext(ctx, "SELECT n FROM counter WHERE id = 'c'").Scan(&n); err != nil || n != workers {
				t.Fatalf("counter = %d (err %v), want %d", n, err, workers)
			}

			// A failing transaction leaves nothing behind.
			boom := errors.New("boom")
			err = db.WriteTx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, "UPDATE counter SET n = 0 WHERE id = 'c'"); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("WriteTx error = %v, want boom", err)
			}
			if err := db.QueryRowContext(ctx, "SELECT n FROM counter WHERE id = 'c'").Scan(&n); err != nil || n != workers {
				t.Fatalf("rolled-back update leaked: n = %d", n)
			}

			// Unique violations are recognised on both engines.
			_, err = db.ExecContext(ctx, "INSERT INTO counter (id, n) VALUES ('c', 1)")
			if !database.IsUniqueViolation(err) {
				t.Fatalf("IsUniqueViolation(%v) = false", err)
			}
		})
	}
}

func TestOpenRefusesMissingDirectory(t *testing.T) {
	_, err := database.Open(context.Background(), "sqlite:/nonexistent-dir/x/bank.db")
	if err == nil {
		t.Fatal("want an error for a directory that does not exist")
	}
}

func TestOpenRefusesEmptyURL(t *testing.T) {
	if _, err := database.Open(context.Background(), ""); err == nil {
		t.Fatal("want an error for an empty URL")
	}
}
