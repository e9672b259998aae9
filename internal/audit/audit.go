package audit

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Component names the audit trail's migrations in a shared database (goose table goose_audit).
const Component = "audit"

// Migrations returns the audit trail's goose migrations.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return migrationFiles
	}
	return sub
}

// Migrate creates the audit table and the trigger that keeps it append-only.
func Migrate(ctx context.Context, db *database.DB) error {
	if _, err := db.Migrate(ctx, Component, Migrations()); err != nil {
		return err
	}
	var stmts []string
	if db.Dialect == database.Postgres {
		stmts = []string{
			`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
			 BEGIN RAISE EXCEPTION 'audit records are append-only'; END $$`,
			`DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events`,
			`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
			 FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
		}
	} else {
		stmts = []string{
			`CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
			 BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END`,
			`CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
			 BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END`,
		}
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("audit: append-only trigger: %w", err)
		}
	}
	return nil
}

// Kind is what changed state.
type Kind string

// Kinds of audited subjects.
const (
	KindConsent Kind = "consent"
	KindPayment Kind = "payment"
)

// Event is one state change.
type Event struct {
	At   time.Time
	Kind Kind
	// Subject is the consent's or the payment's id; ConsentID the consent a payment is made under
	// (the subject itself for a consent).
	Subject   string
	ConsentID string
	// PSU is the customer's user id (never a CPF).
	PSU  string
	From string
	To   string
	// Actor is who made the change: "psu:USER", "tpp:CLIENT", "bank", "platform", "expiry",
	// "settlement".
	Actor string
	// Source is where the request came from (the peer address); InteractionID its
	// x-fapi-interaction-id (or o3-ozone-interaction-id).
	Source        string
	InteractionID string
	Detail        string
}

// Log appends to and reads the audit trail in one database.
type Log struct {
	db  *database.DB
	now func() time.Time
}

// New returns the audit trail kept in db (migrated with Migrate). now nil means time.Now.
func New(db *database.DB, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	return &Log{db: db, now: now}
}

// Append records e. Where e leaves them empty, the time is now, and the source and interaction id
// are those of the request ctx carries (observe.Middleware).
func (l *Log) Append(ctx context.Context, e Event) error {
	if e.Subject == "" || e.Kind == "" || e.To == "" {
		return errors.New("audit: an event needs a kind, a subject and a new status")
	}
	if e.At.IsZero() {
		e.At = l.now()
	}
	if r := observe.RequestFrom(ctx); r != nil {
		if e.Source == "" {
			e.Source = r.Remote
		}
		if e.InteractionID == "" {
			e.InteractionID = r.InteractionID
			if e.InteractionID == "" {
				e.InteractionID = r.OzoneInteractionID
			}
		}
	}
	if e.Kind == KindConsent && e.ConsentID == "" {
		e.ConsentID = e.Subject
	}
	// A version-7 id grows with time (and within one process, strictly), so events of one instant keep
	// their order in ORDER BY at, id.
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("audit: id: %w", err)
	}
	_, err = l.db.ExecContext(context.WithoutCancel(ctx), `INSERT INTO audit_events
		(id, at, kind, subject, consent_id, psu, from_status, to_status, actor, source, interaction_id, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		id.String(), e.At.UTC().UnixMicro(), string(e.Kind), e.Subject, e.ConsentID, e.PSU, e.From, e.To,
		e.Actor, e.Source, e.InteractionID, observe.Redact(e.Detail))
	if err != nil {
		return fmt.Errorf("audit: append %s %s → %s: %w", e.Kind, e.Subject, e.To, err)
	}
	return nil
}

// Filter selects events: those of a consent (the consent's own and its payments'), of a payment, or
// of a customer. Exactly one field is set.
type Filter struct {
	Consent string
	Payment string
	PSU     string
}

// Query returns the events matching f, oldest first.
func (l *Log) Query(ctx context.Context, f Filter) ([]Event, error) {
	var where string
	var arg string
	switch {
	case f.Consent != "":
		where, arg = "subject = $1 OR consent_id = $1", f.Consent
	case f.Payment != "":
		where, arg = "subject = $1 AND kind = 'payment'", f.Payment
	case f.PSU != "":
		where, arg = "psu = $1", f.PSU
	default:
		return nil, errors.New("audit: query needs a consent, a payment or a PSU")
	}
	rows, err := l.db.QueryContext(ctx, `SELECT at, kind, subject, consent_id, psu, from_status, to_status, actor, source,
		interaction_id, detail FROM audit_events WHERE `+where+` ORDER BY at, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("audit: query: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at int64
		var kind string
		if err := rows.Scan(&at, &kind, &e.Subject, &e.ConsentID, &e.PSU, &e.From, &e.To, &e.Actor, &e.Source,
			&e.InteractionID, &e.Detail); err != nil {
			return nil, fmt.Errorf("audit: query: %w", err)
		}
		e.At, e.Kind = time.UnixMicro(at).UTC(), Kind(kind)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: query: %w", err)
	}
	return out, nil
}

// Actor formats who acted: kind "psu", "tpp" … and an id; an empty id gives the kind alone.
func Actor(kind, id string) string {
	if strings.TrimSpace(id) == "" {
		return kind
	}
	return kind + ":" + id
}
