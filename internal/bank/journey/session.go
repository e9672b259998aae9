package journey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// sessionCookie is the session cookie's name. The __Host- prefix makes the browser refuse it unless it
// is Secure, has Path=/ and no Domain, so no sibling host can plant or read it.
const sessionCookie = "__Host-ifconnect-session"

// session is one browser's state, stored server-side as JSON under the SHA-256 of the cookie token.
type session struct {
	// token is the cookie value; never stored.
	token string
	// CSRF is the synchroniser token every form of this session carries.
	CSRF string `json:"csrf"`
	// UserID is the logged-in internet-banking user, empty before login.
	UserID string `json:"userId,omitempty"`
	// ActingFor is the customer the user acts for: the person's own customer, or a company the user
	// represents when the login named its CNPJ.
	ActingFor string `json:"actingFor,omitempty"`
	// LoginAt is when the login completed.
	LoginAt time.Time `json:"loginAt,omitzero"`
	// Pending is a login whose password was right and that waits for the second factor.
	Pending *pendingLogin `json:"pending,omitempty"`
	// Flows are the consent journeys this browser runs, by flow id (one per /auth entry).
	Flows map[string]*flow `json:"flows,omitempty"`
	// CreatedAt bounds the session's absolute lifetime.
	CreatedAt time.Time `json:"createdAt"`
}

// pendingLogin is a login waiting for its TOTP code.
type pendingLogin struct {
	UserID    string    `json:"userId"`
	ActingFor string    `json:"actingFor"`
	FlowID    string    `json:"flowId,omitempty"`
	At        time.Time `json:"at"`
}

// flow is one consent journey: an interaction opened at the platform for one consent.
type flow struct {
	ID            string    `json:"id"`
	InteractionID string    `json:"interactionId"`
	ConsentID     string    `json:"consentId"`
	TPPName       string    `json:"tppName"`
	ClientID      string    `json:"clientId"`
	StartedAt     time.Time `json:"startedAt"`
	ExpiresAt     time.Time `json:"expiresAt"`
	// UserID and ActingFor are set once the login for this flow succeeded and matched the consent.
	UserID    string `json:"userId,omitempty"`
	ActingFor string `json:"actingFor,omitempty"`
	// ACR is the strength of that login, reported in doConfirm.
	ACR string `json:"acr,omitempty"`
	// Done is set when the interaction was ended (doConfirm or doFail); Location is where it sent
	// the browser.
	Done     bool   `json:"done,omitempty"`
	Location string `json:"location,omitempty"`
	// Waiting is set when the consent waits for a second representative's approval.
	Waiting bool `json:"waiting,omitempty"`
}

// newToken returns 128 random bits as text. crypto/rand.Text cannot fail: since Go 1.24 the runtime
// aborts the process rather than hand out predictable bytes.
func newToken() string { return rand.Text() }

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// loadSession returns the session named by the request's cookie, or a fresh unsaved one when there is
// no cookie, the token is unknown, or the session is past its idle or absolute lifetime.
func (s *Server) loadSession(r *http.Request) (*session, error) {
	now := s.now()
	c, err := r.Cookie(sessionCookie)
	if err == nil && c.Value != "" && len(c.Value) <= 64 {
		var data string
		var expires int64
		err := s.db.QueryRowContext(r.Context(),
			"SELECT data, expires_at FROM journey_sessions WHERE token_hash = $1", tokenHash(c.Value)).Scan(&data, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("load session: %w", err)
		case expires > now.UnixMicro():
			var sess session
			if err := json.Unmarshal([]byte(data), &sess); err == nil && now.Sub(sess.CreatedAt) < s.cfg.SessionMax {
				sess.token = c.Value
				return &sess, nil
			}
		}
	}
	return &session{token: newToken(), CSRF: newToken(), CreatedAt: now}, nil
}

// saveSession stores sess, extending its idle lifetime, and sets the cookie.
func (s *Server) saveSession(ctx context.Context, w http.ResponseWriter, sess *session) error {
	now := s.now()
	s.pruneFlows(sess, now)
	data, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	expires := now.Add(s.cfg.SessionIdle)
	_, err = s.db.ExecContext(ctx, `INSERT INTO journey_sessions (token_hash, data, created_at, expires_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
		tokenHash(sess.token), string(data), sess.CreatedAt.UnixMicro(), expires.UnixMicro())
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sess.token, Path: "/",
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
		MaxAge: int(s.cfg.SessionIdle / time.Second),
	})
	return nil
}

// rotateSession gives sess a new token and CSRF token and deletes the old row, so a token seen before
// login (session fixation) is worthless after it.
func (s *Server) rotateSession(ctx context.Context, sess *session) error {
	old := sess.token
	sess.token, sess.CSRF = newToken(), newToken()
	if _, err := s.db.ExecContext(ctx, "DELETE FROM journey_sessions WHERE token_hash = $1", tokenHash(old)); err != nil {
		return fmt.Errorf("rotate session: %w", err)
	}
	return nil
}

// endSession deletes the session and clears the cookie.
func (s *Server) endSession(ctx context.Context, w http.ResponseWriter, sess *session) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM journey_sessions WHERE token_hash = $1", tokenHash(sess.token)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return nil
}

// pruneFlows drops flows long past their expiry so a session does not grow without bound.
func (s *Server) pruneFlows(sess *session, now time.Time) {
	for id, f := range sess.Flows {
		if now.Sub(f.ExpiresAt) > time.Hour {
			delete(sess.Flows, id)
		}
	}
}

// Sweep ends the dual approvals whose deadline has passed — consent Rejected and interaction failed
// at the deadline, as issue 7 asks, not when someone next opens a page — and deletes what the journey
// no longer needs: sessions past their idle lifetime, login counters whose window and lock-out are
// over, and dual approvals decided or expired more than a day ago (with the platform Location they
// kept for the first representative). The bank command runs it every few minutes; any replica may,
// concurrently, because claiming an approval is a compare-and-set. It returns how many rows it removed.
func (s *Server) Sweep(ctx context.Context) (int64, error) {
	now := s.now()
	if err := s.expireOverdueApprovals(ctx, now); err != nil {
		return 0, err
	}
	var total int64
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"DELETE FROM journey_sessions WHERE expires_at <= $1", []any{now.UnixMicro()}},
		{"DELETE FROM journey_throttle WHERE locked_until <= $1 AND window_start <= $2",
			[]any{now.UnixMicro(), now.Add(-s.cfg.FailureWindow).UnixMicro()}},
		{"DELETE FROM journey_approvals WHERE status <> $1 AND updated_at <= $2", []any{approvalPending, now.Add(-24 * time.Hour).UnixMicro()}},
	} {
		res, err := s.db.ExecContext(ctx, q.sql, q.args...)
		if err != nil {
			return total, fmt.Errorf("journey sweep: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
