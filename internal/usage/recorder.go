package usage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Component names the usage tables' migrations (goose table goose_usage).
const Component = "usage"

// Migrations returns the usage tables' goose migrations.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return migrationFiles
	}
	return sub
}

// Migrate creates the usage tables.
func Migrate(ctx context.Context, db *database.DB) error {
	_, err := db.Migrate(ctx, Component, Migrations())
	return err
}

// Buckets are the upper bounds (ms) of the latency histogram kept per minute; a last, unbounded
// bucket follows. 1000 is the SLA's first-byte limit.
var Buckets = []int64{5, 10, 25, 50, 100, 250, 500, 750, 1000, 2500, 5000, 10000}

type key struct {
	minute                            int64
	server, operation, family, client string
}

type agg struct {
	calls, clientErrors, serverErrors int64
	hist                              [13]int64
}

func (a *agg) add(b *agg) {
	a.calls += b.calls
	a.clientErrors += b.clientErrors
	a.serverErrors += b.serverErrors
	for i := range a.hist {
		a.hist[i] += b.hist[i]
	}
}

func bucketOf(d time.Duration) int {
	for i, b := range Buckets {
		if d <= time.Duration(b)*time.Millisecond {
			return i
		}
	}
	return len(Buckets)
}

// Recorder aggregates served requests per minute and writes them to the database every Every. It is
// safe for concurrent use; Record never blocks on the database.
type Recorder struct {
	db    *database.DB
	log   *slog.Logger
	every time.Duration

	mu   sync.Mutex
	aggs map[key]*agg

	stop chan struct{}
	done chan struct{}
}

// NewRecorder starts a recorder writing to db (migrated with Migrate) every every (default one
// minute). Close flushes what is left.
func NewRecorder(db *database.DB, every time.Duration, log *slog.Logger) *Recorder {
	if every <= 0 {
		every = time.Minute
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Recorder{db: db, log: log, every: every, aggs: map[key]*agg{}, stop: make(chan struct{}), done: make(chan struct{})}
	go r.loop()
	return r
}

// Record counts one served request (observe.Options.Record).
func (r *Recorder) Record(rec observe.Record) {
	k := key{minute: rec.At.UTC().Unix() / 60 * 60, server: rec.Server, operation: rec.Operation, family: Family(rec.Path), client: rec.Client}
	r.mu.Lock()
	a := r.aggs[k]
	if a == nil {
		a = &agg{}
		r.aggs[k] = a
	}
	a.calls++
	switch {
	case rec.Status >= 500:
		a.serverErrors++
	case rec.Status >= 400:
		a.clientErrors++
	}
	a.hist[bucketOf(rec.FirstByte)]++
	r.mu.Unlock()
}

func (r *Recorder) loop() {
	defer close(r.done)
	t := time.NewTicker(r.every)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			if err := r.Flush(context.Background()); err != nil {
				r.log.Error("usage: final flush failed", "err", err)
			}
			return
		case <-t.C:
			if err := r.Flush(context.Background()); err != nil {
				r.log.Warn("usage: flush failed; the counts are kept for the next one", "err", err)
			}
		}
	}
}

// Close stops the recorder after writing what it holds.
func (r *Recorder) Close() {
	close(r.stop)
	<-r.done
}

// Flush writes the aggregates held so far in one transaction. On failure they are merged back.
func (r *Recorder) Flush(ctx context.Context) error {
	r.mu.Lock()
	aggs := r.aggs
	r.aggs = map[key]*agg{}
	r.mu.Unlock()
	if len(aggs) == 0 {
		return nil
	}
	err := r.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for k, a := range aggs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO usage_minutes (minute, server, operation, family, client, calls,
				client_errors, server_errors, latency_hist) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				k.minute, k.server, k.operation, k.family, k.client, a.calls, a.clientErrors, a.serverErrors, encodeHist(a.hist)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.mu.Lock()
		for k, a := range aggs {
			if cur := r.aggs[k]; cur != nil {
				cur.add(a)
			} else {
				r.aggs[k] = a
			}
		}
		r.mu.Unlock()
		return fmt.Errorf("usage: write %d aggregates: %w", len(aggs), err)
	}
	return nil
}

func encodeHist(h [13]int64) string {
	parts := make([]string, len(h))
	for i, n := range h {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(parts, ",")
}

func decodeHist(s string) ([13]int64, error) {
	var h [13]int64
	parts := strings.Split(s, ",")
	if len(parts) != len(h) {
		return h, fmt.Errorf("usage: latency histogram %q has %d buckets, want %d", s, len(parts), len(h))
	}
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return h, fmt.Errorf("usage: latency histogram %q: %w", s, err)
		}
		h[i] = n
	}
	return h, nil
}
