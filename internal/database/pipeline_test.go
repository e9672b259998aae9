package database_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

var pipelineMigrations = fstest.MapFS{
	"00001_accounts.sql": {Data: []byte(`-- +goose Up
CREATE TABLE accounts (id TEXT PRIMARY KEY, balance BIGINT NOT NULL);
CREATE TABLE moves (id TEXT PRIMARY KEY, account TEXT NOT NULL, amount BIGINT NOT NULL);
INSERT INTO accounts (id, balance) VALUES ('a', 100), ('b', 100);
-- +goose Down
DROP TABLE moves;
DROP TABLE accounts;
`)},
}

// pipelineApp names the tests' connections, to find them in pg_stat_activity.
const pipelineApp = "ifconnect-pipeline-test"

func openPipelineDB(t *testing.T) *database.DB {
	t.Helper()
	ctx := context.Background()
	u, err := url.Parse(databasetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", pipelineApp)
	u.RawQuery = q.Encode()
	db, err := database.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx, "pipeline", pipelineMigrations); err != nil {
		t.Fatal(err)
	}
	return db
}

// debit is a decision like a payment's: read the balance under lock, write only when it covers the
// amount.
func debit(db *database.DB, ctx context.Context, id, account string, amount int64) error {
	return db.ReadThenWrite(ctx, `SELECT balance FROM accounts WHERE id = $1 FOR UPDATE`, []any{account},
		func(rows database.Rows) (database.Write, error) {
			var balance int64
			if !rows.Next() {
				return database.Write{}, errors.New("no account")
			}
			if err := rows.Scan(&balance); err != nil {
				return database.Write{}, err
			}
			if balance < amount {
				return database.Write{}, nil
			}
			return database.Write{Query: `WITH m AS (INSERT INTO moves (id, account, amount) VALUES ($1, $2, $3))
				UPDATE accounts SET balance = balance - $3 WHERE id = $2`, Args: []any{id, account, amount}}, nil
		})
}

func balance(t *testing.T, db *database.DB, account string) int64 {
	t.Helper()
	var b int64
	if err := db.QueryRowContext(context.Background(), `SELECT balance FROM accounts WHERE id = $1`, account).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadThenWriteCommitsTheDecidedWrite(t *testing.T) {
	db := openPipelineDB(t)
	ctx := context.Background()
	if err := debit(db, ctx, "m1", "a", 30); err != nil {
		t.Fatal(err)
	}
	if b := balance(t, db, "a"); b != 70 {
		t.Fatalf("balance %d after a debit of 30 from 100, want 70", b)
	}
	// Nothing to write: the transaction ends without a change and the connection is clean.
	if err := debit(db, ctx, "m2", "a", 1000); err != nil {
		t.Fatal(err)
	}
	if b := balance(t, db, "a"); b != 70 {
		t.Fatalf("balance %d after a refused debit, want 70", b)
	}
}

func TestReadThenWriteRollsBackAFailedWrite(t *testing.T) {
	db := openPipelineDB(t)
	ctx := context.Background()
	if err := debit(db, ctx, "dup", "a", 10); err != nil {
		t.Fatal(err)
	}
	// The second write repeats the move's id: the UPDATE in the same statement must not survive it.
	err := debit(db, ctx, "dup", "a", 10)
	if !database.IsUniqueViolation(err) {
		t.Fatalf("repeated move: %v, want a unique violation", err)
	}
	if b := balance(t, db, "a"); b != 90 {
		t.Fatalf("balance %d after one debit of 10 and one failed, want 90", b)
	}
	noConnectionInTx(t, db)
}

// noConnectionInTx fails t when a pooled connection was left inside a transaction.
func noConnectionInTx(t *testing.T, db *database.DB) {
	t.Helper()
	var idleInTx int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM pg_stat_activity
		WHERE application_name = $1 AND state LIKE 'idle in transaction%'`, pipelineApp).Scan(&idleInTx); err != nil {
		t.Fatal(err)
	}
	if idleInTx != 0 {
		t.Fatalf("%d pooled connections were left inside a transaction", idleInTx)
	}
}

func TestReadThenWriteRollsBackWhenTheDecisionFails(t *testing.T) {
	db := openPipelineDB(t)
	ctx := context.Background()
	err := debit(db, ctx, "x", "missing", 10)
	if err == nil || !strings.Contains(err.Error(), "no account") {
		t.Fatalf("debit of a missing account: %v", err)
	}
	// A decision that fails after the read locked a row: the transaction and its lock must end.
	failed := errors.New("decision failed")
	err = db.ReadThenWrite(ctx, `SELECT balance FROM accounts WHERE id = $1 FOR UPDATE`, []any{"b"},
		func(database.Rows) (database.Write, error) { return database.Write{}, failed })
	if !errors.Is(err, failed) {
		t.Fatalf("failed decision: %v", err)
	}
	noConnectionInTx(t, db)
	if err := debit(db, ctx, "y", "b", 10); err != nil {
		t.Fatal(err)
	}
	if b := balance(t, db, "b"); b != 90 {
		t.Fatalf("balance %d, want 90", b)
	}
}

func TestReadThenWriteSerialisesOnTheLock(t *testing.T) {
	db := openPipelineDB(t)
	ctx := context.Background()
	// 100 in the account, 40 debits of 5 at once: exactly 20 succeed and the balance never goes
	// below zero.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- debit(db, ctx, "c"+string(rune('A'+i)), "b", 5)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var moves int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM moves WHERE account = 'b'`).Scan(&moves); err != nil {
		t.Fatal(err)
	}
	if b := balance(t, db, "b"); b != 0 || moves != 20 {
		t.Fatalf("balance %d after %d moves, want 0 after 20", b, moves)
	}
}

func TestReadThenWriteNeedsPostgres(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, databasetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.ReadThenWrite(ctx, "SELECT 1", nil, nil); err == nil {
		t.Fatal("ReadThenWrite on SQLite must refuse")
	}
}
