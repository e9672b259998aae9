package consents

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
)

// store keeps consents in the consents table (migrations/00001_consents.sql).
type store struct {
	db *database.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// stmt returns query prepared once per store: parsing SQL is a noticeable share of a read.
// Preparing waits for the first use because the table may not exist before Migrate.
func (s *store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[query] = st
	return st, nil
}

// timeLayout is fixed-width RFC 3339 in UTC, so text order is time order on both engines.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// document is the JSON column: the parts of a consent nothing searches on.
type document struct {
	RequestURL     string                     `json:"requestUrl,omitempty"`
	Request        json.RawMessage            `json:"request"`
	RequestHeaders json.RawMessage            `json:"requestHeaders"`
	TPP            consentmgr.TPP             `json:"tpp"`
	PSU            *consentmgr.PSUIdentifiers `json:"psuIdentifiers,omitempty"`
	AccountIDs     []string                   `json:"accountIds,omitempty"`
	Data           map[string]json.RawMessage `json:"data,omitempty"`
	BodyExtra      map[string]json.RawMessage `json:"bodyExtra,omitempty"`
	Supplementary  map[string]json.RawMessage `json:"supplementaryInformation,omitempty"`
}

// historyEntry is one element of the history column.
type historyEntry struct {
	At            time.Time                  `json:"at"`
	By            string                     `json:"by"`
	From          Status                     `json:"from,omitempty"`
	To            Status                     `json:"to"`
	Changed       []string                   `json:"changed,omitempty"`
	Supplementary map[string]json.RawMessage `json:"supplementaryInformation,omitempty"`
}

// row is a consent as columns.
type row struct {
	psuUserID sql.NullString
	expiresAt sql.NullString
	document  string
	history   string
	rendered  string
}

func toRow(c Consent) (row, error) {
	doc, err := json.Marshal(document{
		RequestURL: c.RequestURL, Request: c.Request, RequestHeaders: c.RequestHeaders, TPP: c.TPP,
		PSU: c.PSU, AccountIDs: c.AccountIDs, Data: c.Data, BodyExtra: c.BodyExtra, Supplementary: c.Supplementary,
	})
	if err != nil {
		return row{}, fmt.Errorf("encode consent %s: %w", c.ID, err)
	}
	hist := make([]historyEntry, len(c.History))
	for i, h := range c.History {
		hist[i] = historyEntry(h)
	}
	hb, err := json.Marshal(hist)
	if err != nil {
		return row{}, fmt.Errorf("encode history of consent %s: %w", c.ID, err)
	}
	rendered, err := json.Marshal(c.GetResponse())
	if err != nil {
		return row{}, fmt.Errorf("render consent %s: %w", c.ID, err)
	}
	r := row{document: string(doc), history: string(hb), rendered: string(rendered)}
	if c.PSU != nil {
		r.psuUserID = sql.NullString{String: c.PSU.UserID, Valid: true}
	}
	if !c.ExpiresAt.IsZero() {
		r.expiresAt = sql.NullString{String: formatTime(c.ExpiresAt), Valid: true}
	}
	return r, nil
}

const selectColumns = `SELECT id, consent_id, consent_type, status, created_at, status_updated_at, expires_at,
	version, document, history FROM consents `

type scanner interface{ Scan(dest ...any) error }

func scanConsent(s scanner) (Consent, error) {
	var (
		c                  Consent
		created, updated   string
		expires            sql.NullString
		doc, hist          string
		consentType, state string
	)
	if err := s.Scan(&c.ID, &c.ConsentID, &consentType, &state, &created, &updated, &expires, &c.Version, &doc, &hist); err != nil {
		return Consent{}, err
	}
	c.Type, c.Status = consentmgr.ConsentType(consentType), Status(state)
	var err error
	if c.CreatedAt, err = parseTime(created); err != nil {
		return Consent{}, fmt.Errorf("consent %s: created_at: %w", c.ID, err)
	}
	if c.StatusUpdatedAt, err = parseTime(updated); err != nil {
		return Consent{}, fmt.Errorf("consent %s: status_updated_at: %w", c.ID, err)
	}
	if expires.Valid {
		if c.ExpiresAt, err = parseTime(expires.String); err != nil {
			return Consent{}, fmt.Errorf("consent %s: expires_at: %w", c.ID, err)
		}
	}
	var d document
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return Consent{}, fmt.Errorf("consent %s: document: %w", c.ID, err)
	}
	c.RequestURL, c.Request, c.RequestHeaders, c.TPP = d.RequestURL, d.Request, d.RequestHeaders, d.TPP
	c.PSU, c.AccountIDs, c.Data, c.BodyExtra, c.Supplementary = d.PSU, d.AccountIDs, d.Data, d.BodyExtra, d.Supplementary
	var h []historyEntry
	if err := json.Unmarshal([]byte(hist), &h); err != nil {
		return Consent{}, fmt.Errorf("consent %s: history: %w", c.ID, err)
	}
	c.History = make([]Change, len(h))
	for i, e := range h {
		c.History[i] = Change(e)
	}
	return c, nil
}

// insert stores a new consent. A ConsentID already taken is EINVALID: the caller chose it.
func (s *store) insert(ctx context.Context, c Consent) error {
	r, err := toRow(c)
	if err != nil {
		return err
	}
	err = s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO consents (id, consent_id, consent_type, status, psu_user_id,
			created_at, status_updated_at, expires_at, version, document, history, rendered)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			c.ID, c.ConsentID, string(c.Type), string(c.Status), r.psuUserID, formatTime(c.CreatedAt),
			formatTime(c.StatusUpdatedAt), r.expiresAt, c.Version, r.document, r.history, r.rendered)
		return err
	})
	if database.IsUniqueViolation(err) {
		return errorf(EINVALID, "a consent with ConsentId %q already exists", c.ConsentID)
	}
	if err != nil {
		return fmt.Errorf("insert consent: %w", err)
	}
	return nil
}

// get returns the consent whose internal id or ConsentID is id.
func (s *store) get(ctx context.Context, id string) (Consent, error) {
	query := selectColumns + `WHERE consent_id = $1`
	if isInternalID(id) {
		query = selectColumns + `WHERE id = $1`
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return Consent{}, fmt.Errorf("read consent: %w", err)
	}
	c, err := scanConsent(st.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Consent{}, errorf(ENOTFOUND, "no consent with id %q", id)
	}
	if err != nil {
		return Consent{}, fmt.Errorf("read consent: %w", err)
	}
	return c, nil
}

// rendered is what getRendered reads: the consent's GET body and what decides whether it may be
// served as is.
type rendered struct {
	status    Status
	expiresAt time.Time
	body      []byte
}

// getRendered returns the stored GET body of the consent whose internal id or ConsentID is id.
func (s *store) getRendered(ctx context.Context, id string) (rendered, error) {
	query := `SELECT status, expires_at, rendered FROM consents WHERE consent_id = $1`
	if isInternalID(id) {
		query = `SELECT status, expires_at, rendered FROM consents WHERE id = $1`
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return rendered{}, fmt.Errorf("read consent: %w", err)
	}
	var (
		r       rendered
		status  string
		expires sql.NullString
	)
	err = st.QueryRowContext(ctx, id).Scan(&status, &expires, &r.body)
	if errors.Is(err, sql.ErrNoRows) {
		return rendered{}, errorf(ENOTFOUND, "no consent with id %q", id)
	}
	if err != nil {
		return rendered{}, fmt.Errorf("read consent: %w", err)
	}
	r.status = Status(status)
	if expires.Valid {
		if r.expiresAt, err = parseTime(expires.String); err != nil {
			return rendered{}, fmt.Errorf("consent %s: expires_at: %w", id, err)
		}
	}
	return r, nil
}

// listByPSU returns the consents of a PSU, of one type when consentType is not empty, oldest first.
func (s *store) listByPSU(ctx context.Context, userID string, consentType consentmgr.ConsentType) ([]Consent, error) {
	query := selectColumns + `WHERE psu_user_id = $1 ORDER BY created_at, id`
	args := []any{userID}
	if consentType != "" {
		query = selectColumns + `WHERE psu_user_id = $1 AND consent_type = $2 ORDER BY created_at, id`
		args = append(args, string(consentType))
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list consents: %w", err)
	}
	defer rows.Close()
	out := []Consent{}
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return nil, fmt.Errorf("list consents: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list consents: %w", err)
	}
	return out, nil
}

// update writes c over the stored consent if that is still at version expectVersion with status
// expectStatus: a compare-and-set in one statement, so of two writers that read the same version
// exactly one succeeds and the other gets ECONFLICT. c.Version must already be the new version.
func (s *store) update(ctx context.Context, c Consent, expectVersion int64, expectStatus Status) error {
	r, err := toRow(c)
	if err != nil {
		return err
	}
	var n int64
	err = s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE consents SET status = $1, psu_user_id = $2, status_updated_at = $3,
			version = $4, document = $5, history = $6, rendered = $7
			WHERE id = $8 AND version = $9 AND status = $10`,
			string(c.Status), r.psuUserID, formatTime(c.StatusUpdatedAt), c.Version, r.document, r.history,
			r.rendered, c.ID, expectVersion, string(expectStatus))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("update consent %s: %w", c.ID, err)
	}
	if n == 0 {
		return errorf(ECONFLICT, "consent %s was changed by another request; read it again", c.ConsentID)
	}
	return nil
}

// dueForExpiry returns the ids of the consents whose expiry is at or before now and that are still
// AwaitingAuthorisation or Authorised.
func (s *store) dueForExpiry(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM consents WHERE expires_at <= $1 AND status IN ($2, $3)`,
		formatTime(now), string(consentmgr.StatusAwaitingAuthorisation), string(consentmgr.StatusAuthorised))
	if err != nil {
		return nil, fmt.Errorf("consents due for expiry: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("consents due for expiry: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
