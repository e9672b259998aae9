package registry

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
)

//go:embed migrations/*.sql
var migrations embed.FS

// cacheFor is how long a client read from the database is served from memory; a client added by
// another process is seen within this time.
const cacheFor = 30 * time.Second

// Registry stores clients in the platform database.
type Registry struct {
	db  *database.DB
	now func() time.Time

	mu    sync.RWMutex
	cache map[string]cached
}

type cached struct {
	c  Client
	at time.Time
}

// Open migrates the registry's table and returns the registry.
func Open(ctx context.Context, db *database.DB, now func() time.Time) (*Registry, error) {
	if now == nil {
		now = time.Now
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, "registry", sub); err != nil {
		return nil, err
	}
	return &Registry{db: db, now: now, cache: map[string]cached{}}, nil
}

// Add registers a new client; ErrExists when the id is taken.
func (r *Registry) Add(ctx context.Context, c Client) error {
	return r.put(ctx, c, false)
}

// Put registers c or replaces the client of the same id (the config file's clients at start-up).
func (r *Registry) Put(ctx context.Context, c Client) error {
	return r.put(ctx, c, true)
}

func (r *Registry) put(ctx context.Context, c Client, replace bool) error {
	if err := c.prepare(); err != nil {
		return err
	}
	now := r.now()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now.UTC().Truncate(time.Second)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("registry: encode %s: %w", c.ID, err)
	}
	q := `INSERT INTO tpp_clients (client_id, record, created_ms, updated_ms) VALUES ($1, $2, $3, $3)`
	if replace {
		q += ` ON CONFLICT (client_id) DO UPDATE SET record = excluded.record, updated_ms = excluded.updated_ms`
	}
	err = r.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q, c.ID, string(b), now.UnixMilli())
		return err
	})
	if database.IsUniqueViolation(err) {
		return fmt.Errorf("registry: %s: %w", c.ID, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("registry: store %s: %w", c.ID, err)
	}
	r.mu.Lock()
	r.cache[c.ID] = cached{c: c, at: now}
	r.mu.Unlock()
	return nil
}

// Get returns the client with id; ErrNotFound when there is none.
func (r *Registry) Get(ctx context.Context, id string) (Client, error) {
	now := r.now()
	r.mu.RLock()
	e, ok := r.cache[id]
	r.mu.RUnlock()
	if ok && now.Sub(e.at) < cacheFor {
		return e.c, nil
	}
	var rec string
	err := r.db.QueryRowContext(ctx, `SELECT record FROM tpp_clients WHERE client_id = $1`, id).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) {
		return Client{}, fmt.Errorf("registry: client %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Client{}, fmt.Errorf("registry: read %q: %w", id, err)
	}
	c, err := decode(rec)
	if err != nil {
		return Client{}, err
	}
	r.mu.Lock()
	r.cache[id] = cached{c: c, at: now}
	r.mu.Unlock()
	return c, nil
}

// List returns every client ordered by id.
func (r *Registry) List(ctx context.Context) ([]Client, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT record FROM tpp_clients ORDER BY client_id`)
	if err != nil {
		return nil, fmt.Errorf("registry: list: %w", err)
	}
	defer rows.Close()
	var out []Client
	for rows.Next() {
		var rec string
		if err := rows.Scan(&rec); err != nil {
			return nil, fmt.Errorf("registry: list: %w", err)
		}
		c, err := decode(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func decode(rec string) (Client, error) {
	var c Client
	if err := json.Unmarshal([]byte(rec), &c); err != nil {
		return Client{}, fmt.Errorf("registry: stored record is corrupt: %w", err)
	}
	if err := c.prepare(); err != nil {
		return Client{}, fmt.Errorf("registry: stored record: %w", err)
	}
	return c, nil
}
