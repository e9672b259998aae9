package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Rows is what a decision reads of a query's result; both *sql.Rows and pgx.Rows have it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// Write is one statement a decision asks to run; Query "" means nothing to write.
type Write struct {
	Query string
	Args  []any
}

// ReadThenWrite runs, on PostgreSQL, a transaction made of one locking read, a decision taken in Go
// on its rows, and one write, in two round trips instead of four: BEGIN travels in one pipeline with
// the read, and the write in one with COMMIT (or ROLLBACK when decide asks for no write). Through
// database/sql BEGIN and COMMIT are round trips of their own, which on a short write transaction is
// half of the database's work and of the latency. Like WriteTx it retries a serialisation failure or
// deadlock, so decide must be safe to call again; an error of the write's (a unique violation, say)
// surfaces as the commit's, and the transaction is rolled back.
func (db *DB) ReadThenWrite(ctx context.Context, read string, args []any, decide func(Rows) (Write, error)) error {
	if db.Dialect != Postgres {
		return fmt.Errorf("database: ReadThenWrite needs PostgreSQL, not %s", db.Dialect)
	}
	return retry(ctx, func() error { return db.readThenWrite(ctx, read, args, decide) })
}

func (db *DB) readThenWrite(ctx context.Context, read string, args []any, decide func(Rows) (Write, error)) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connection: %w", err)
	}
	defer conn.Close()
	var txErr error
	err = conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		txErr = pipeline(ctx, c, read, args, decide)
		// A connection must go back to the pool outside any transaction; one that cannot be brought
		// there (broken mid-pipeline, say) is discarded.
		if c.PgConn().TxStatus() != 'I' {
			if _, err := c.Exec(ctx, "ROLLBACK"); err != nil || c.PgConn().TxStatus() != 'I' {
				return driver.ErrBadConn
			}
		}
		return nil
	})
	if txErr != nil {
		return txErr
	}
	if err != nil && !errors.Is(err, driver.ErrBadConn) {
		return err
	}
	return nil
}

// pipeline sends BEGIN and the read, decides, and sends the write and COMMIT.
func pipeline(ctx context.Context, c *pgx.Conn, read string, args []any, decide func(Rows) (Write, error)) error {
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	b.Queue(read, args...)
	br := c.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		return fmt.Errorf("begin: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return err
	}
	w, err := decide(rows)
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	end := "COMMIT"
	b = &pgx.Batch{}
	if w.Query != "" {
		b.Queue(w.Query, w.Args...)
	} else {
		end = "ROLLBACK"
	}
	b.Queue(end)
	br = c.SendBatch(ctx, b)
	defer br.Close()
	if w.Query != "" {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
	}
	if _, err := br.Exec(); err != nil {
		return fmt.Errorf("%s: %w", end, err)
	}
	return br.Close()
}
