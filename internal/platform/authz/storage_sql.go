package authz

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is Storage on the platform database (SQLite or PostgreSQL).
type Store struct {
	db    *database.DB
	group tokenGroup
}

var _ Storage = (*Store)(nil)

// OpenStore applies the authorization server's migrations and returns its store.
func OpenStore(ctx context.Context, db *database.DB) (*Store, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, "authz", sub); err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (int64, error) {
	var n int64
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// takeRecord marks a single-use row used and returns its record, in one statement.
func (s *Store) takeRecord(ctx context.Context, table, key, id string, now time.Time) (string, error) {
	var rec string
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE `+table+` SET used_ms = $1 WHERE `+key+` = $2 AND used_ms IS NULL AND expires_ms > $1 RETURNING record`,
			now.UnixMilli(), id).Scan(&rec)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return rec, err
}

// SavePushedRequest implements ParStorage.
func (s *Store) SavePushedRequest(ctx context.Context, uriHash string, r PushedRequest) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("authz store: encode pushed request: %w", err)
	}
	if _, err := s.exec(ctx, `INSERT INTO authz_pushed_requests (uri_hash, client_id, record, expires_ms) VALUES ($1, $2, $3, $4)`,
		uriHash, r.ClientID, string(b), r.ExpiresAt.UnixMilli()); err != nil {
		return fmt.Errorf("authz store: save pushed request: %w", err)
	}
	return nil
}

// TakePushedRequest implements ParStorage.
func (s *Store) TakePushedRequest(ctx context.Context, uriHash string, now time.Time) (PushedRequest, error) {
	rec, err := s.takeRecord(ctx, "authz_pushed_requests", "uri_hash", uriHash, now)
	if err != nil {
		return PushedRequest{}, fmt.Errorf("authz store: pushed request: %w", err)
	}
	var r PushedRequest
	if err := json.Unmarshal([]byte(rec), &r); err != nil {
		return PushedRequest{}, fmt.Errorf("authz store: pushed request is corrupt: %w", err)
	}
	return r, nil
}

// SaveInteraction implements InteractionStorage.
func (s *Store) SaveInteraction(ctx context.Context, it Interaction) error {
	b, err := json.Marshal(it)
	if err != nil {
		return fmt.Errorf("authz store: encode interaction: %w", err)
	}
	if _, err := s.exec(ctx, `INSERT INTO authz_interactions (id, client_id, record, expires_ms) VALUES ($1, $2, $3, $4)`,
		it.ID, it.ClientID, string(b), it.ExpiresAt.UnixMilli()); err != nil {
		return fmt.Errorf("authz store: save interaction: %w", err)
	}
	return nil
}

// TakeInteraction implements InteractionStorage.
func (s *Store) TakeInteraction(ctx context.Context, id string, now time.Time) (Interaction, error) {
	rec, err := s.takeRecord(ctx, "authz_interactions", "id", id, now)
	if err != nil {
		return Interaction{}, fmt.Errorf("authz store: interaction: %w", err)
	}
	var it Interaction
	if err := json.Unmarshal([]byte(rec), &it); err != nil {
		return Interaction{}, fmt.Errorf("authz store: interaction is corrupt: %w", err)
	}
	return it, nil
}

// SaveCode implements AuthorizeCodeStorage.
func (s *Store) SaveCode(ctx context.Context, codeHash string, g CodeGrant) error {
	b, err := json.Marshal(g)
	if err != nil {
		return fmt.Errorf("authz store: encode code: %w", err)
	}
	if _, err := s.exec(ctx, `INSERT INTO authz_codes (code_hash, grant_id, client_id, record, expires_ms) VALUES ($1, $2, $3, $4, $5)`,
		codeHash, g.GrantID, g.ClientID, string(b), g.ExpiresAt.UnixMilli()); err != nil {
		return fmt.Errorf("authz store: save code: %w", err)
	}
	return nil
}

// UseCode implements AuthorizeCodeStorage.
func (s *Store) UseCode(ctx context.Context, codeHash string, now time.Time) (CodeGrant, error) {
	var rec string
	var firstUse bool
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE authz_codes SET used_ms = $1 WHERE code_hash = $2 AND used_ms IS NULL RETURNING record`,
			now.UnixMilli(), codeHash).Scan(&rec)
		if err == nil {
			firstUse = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return tx.QueryRowContext(ctx, `UPDATE authz_codes SET reused_ms = COALESCE(reused_ms, $1) WHERE code_hash = $2 RETURNING record`,
			now.UnixMilli(), codeHash).Scan(&rec)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return CodeGrant{}, ErrNotFound
	}
	if err != nil {
		return CodeGrant{}, fmt.Errorf("authz store: use code: %w", err)
	}
	var g CodeGrant
	if err := json.Unmarshal([]byte(rec), &g); err != nil {
		return CodeGrant{}, fmt.Errorf("authz store: code is corrupt: %w", err)
	}
	if !firstUse {
		return g, ErrCodeReused
	}
	return g, nil
}

// CodeReused implements AuthorizeCodeStorage.
func (s *Store) CodeReused(ctx context.Context, codeHash string) (bool, error) {
	var reused sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT reused_ms FROM authz_codes WHERE code_hash = $1`, codeHash).Scan(&reused)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("authz store: code reuse: %w", err)
	}
	return reused.Valid, nil
}

// SaveTokens implements TokenStorage; the tokens are stored together or not at all. On SQLite,
// which writes one transaction at a time, concurrent calls share transactions (tokenGroup);
// PostgreSQL commits concurrent transactions in parallel and groups their WAL flushes itself.
func (s *Store) SaveTokens(ctx context.Context, ts ...Token) error {
	if s.db.Dialect == database.SQLite {
		return s.group.save(context.WithoutCancel(ctx), ts, s.insertTokens)
	}
	return s.insertTokens(ctx, ts)
}

// insertTokens writes tokens in one transaction, with one multi-row INSERT per tokensPerInsert
// tokens: a single round trip on PostgreSQL, a single parse on SQLite.
func (s *Store) insertTokens(ctx context.Context, ts []Token) error {
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for len(ts) > 0 {
			n := min(len(ts), tokensPerInsert)
			var q strings.Builder
			q.WriteString(`INSERT INTO authz_tokens (token_hash, kind, grant_id, client_id, subject, scope, consent_id, thumbprint, issued_ms, expires_ms, access_ttl_s) VALUES `)
			args := make([]any, 0, n*11)
			for i, t := range ts[:n] {
				if i > 0 {
					q.WriteString(", ")
				}
				b := i * 11
				fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", b+1, b+2, b+3, b+4, b+5, b+6, b+7, b+8, b+9, b+10, b+11)
				args = append(args, t.Hash, t.Kind, t.GrantID, t.ClientID, t.Subject, t.Scope, t.ConsentID, t.Thumbprint,
					t.IssuedAt.UnixMilli(), t.ExpiresAt.UnixMilli(), int64(t.AccessTTL/time.Second))
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
			ts = ts[n:]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("authz store: save tokens: %w", err)
	}
	return nil
}

// tokensPerInsert bounds one INSERT's rows (11 parameters each), far below either engine's limit.
const tokensPerInsert = 256

// Token implements TokenStorage.
func (s *Store) Token(ctx context.Context, hash string) (Token, error) {
	t := Token{Hash: hash}
	var issued, expires, ttl int64
	var revoked sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT kind, grant_id, client_id, subject, scope, consent_id, thumbprint, issued_ms, expires_ms, revoked_ms, access_ttl_s
FROM authz_tokens WHERE token_hash = $1`, hash).Scan(&t.Kind, &t.GrantID, &t.ClientID, &t.Subject, &t.Scope, &t.ConsentID, &t.Thumbprint,
		&issued, &expires, &revoked, &ttl)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, ErrNotFound
	}
	if err != nil {
		return Token{}, fmt.Errorf("authz store: token: %w", err)
	}
	t.IssuedAt, t.ExpiresAt, t.AccessTTL = time.UnixMilli(issued), time.UnixMilli(expires), time.Duration(ttl)*time.Second
	if revoked.Valid {
		t.RevokedAt = time.UnixMilli(revoked.Int64)
	}
	return t, nil
}

// RevokeToken implements TokenStorage.
func (s *Store) RevokeToken(ctx context.Context, hash string, now time.Time) error {
	if _, err := s.exec(ctx, `UPDATE authz_tokens SET revoked_ms = $1 WHERE token_hash = $2 AND revoked_ms IS NULL`, now.UnixMilli(), hash); err != nil {
		return fmt.Errorf("authz store: revoke token: %w", err)
	}
	return nil
}

// RevokeGrant implements TokenStorage.
func (s *Store) RevokeGrant(ctx context.Context, grantID string, now time.Time) (int64, error) {
	if grantID == "" {
		return 0, nil
	}
	n, err := s.exec(ctx, `UPDATE authz_tokens SET revoked_ms = $1 WHERE grant_id = $2 AND revoked_ms IS NULL`, now.UnixMilli(), grantID)
	if err != nil {
		return 0, fmt.Errorf("authz store: revoke grant: %w", err)
	}
	return n, nil
}

// RevokeConsent implements TokenStorage.
func (s *Store) RevokeConsent(ctx context.Context, consentID string, now time.Time) (int64, error) {
	if consentID == "" {
		return 0, nil
	}
	n, err := s.exec(ctx, `UPDATE authz_tokens SET revoked_ms = $1 WHERE consent_id = $2 AND revoked_ms IS NULL`, now.UnixMilli(), consentID)
	if err != nil {
		return 0, fmt.Errorf("authz store: revoke consent tokens: %w", err)
	}
	return n, nil
}

// UseAssertion implements AssertionStorage.
func (s *Store) UseAssertion(ctx context.Context, clientID, jti string, expires time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO authz_assertions (client_id, jti, expires_ms) VALUES ($1, $2, $3)`, clientID, jti, expires.UnixMilli())
	if database.IsUniqueViolation(err) {
		return ErrReplay
	}
	if err != nil {
		return fmt.Errorf("authz store: record assertion: %w", err)
	}
	return nil
}

// Purge deletes what can no longer be used: single-use records and assertion ids past their expiry,
// and tokens expired for more than a day (kept that long so introspection answers inactive rather
// than unknown, which it does either way).
func (s *Store) Purge(ctx context.Context, now time.Time) error {
	ms := now.UnixMilli()
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM authz_pushed_requests WHERE expires_ms < $1`,
			`DELETE FROM authz_interactions WHERE expires_ms < $1`,
			`DELETE FROM authz_assertions WHERE expires_ms < $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, ms); err != nil {
				return fmt.Errorf("authz store: purge: %w", err)
			}
		}
		// Codes outlive their 60 s so that a late reuse is still recognised and revokes its tokens.
		if _, err := tx.ExecContext(ctx, `DELETE FROM authz_codes WHERE expires_ms < $1`, ms-int64(24*time.Hour/time.Millisecond)); err != nil {
			return fmt.Errorf("authz store: purge: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM authz_tokens WHERE expires_ms < $1`, ms-int64(24*time.Hour/time.Millisecond)); err != nil {
			return fmt.Errorf("authz store: purge: %w", err)
		}
		return nil
	})
}
