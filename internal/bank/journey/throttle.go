package journey

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Failed logins are counted per user (the CPF typed, whether or not it exists, so the lock-out says
// nothing about which CPFs are customers) and per client address, in a fixed window. Reaching the
// limit locks that key until the lock expires; while locked, passwords are not even checked, so a
// guesser learns nothing.

func userKey(login string) string { return "user:" + login }
func ipKey(ip string) string      { return "ip:" + ip }

// lockedUntil returns the latest lock-out deadline among keys, or the zero time when none is locked.
func (s *Server) lockedUntil(ctx context.Context, keys ...string) (time.Time, error) {
	now := s.now().UnixMicro()
	var latest int64
	for _, k := range keys {
		var until int64
		err := s.db.QueryRowContext(ctx, "SELECT locked_until FROM journey_throttle WHERE throttle_key = $1", k).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("login throttle: %w", err)
		}
		if until > now && until > latest {
			latest = until
		}
	}
	if latest == 0 {
		return time.Time{}, nil
	}
	return time.UnixMicro(latest), nil
}

// recordFailure counts a failed attempt against each key and locks the keys that reached their limit.
func (s *Server) recordFailure(ctx context.Context, login, ip string) error {
	now := s.now()
	windowStart := now.Add(-s.cfg.FailureWindow).UnixMicro()
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, k := range []struct {
			key   string
			limit int
		}{{userKey(login), s.cfg.UserFailures}, {ipKey(ip), s.cfg.IPFailures}} {
			if k.key == "user:" || k.key == "ip:" {
				continue
			}
			var failures int
			err := tx.QueryRowContext(ctx, `INSERT INTO journey_throttle (throttle_key, failures, window_start, locked_until)
VALUES ($1, 1, $2, 0)
ON CONFLICT (throttle_key) DO UPDATE SET
  failures = CASE WHEN journey_throttle.window_start < $3 THEN 1 ELSE journey_throttle.failures + 1 END,
  window_start = CASE WHEN journey_throttle.window_start < $3 THEN $2 ELSE journey_throttle.window_start END
RETURNING failures`, k.key, now.UnixMicro(), windowStart).Scan(&failures)
			if err != nil {
				return fmt.Errorf("login throttle: %w", err)
			}
			if failures >= k.limit {
				if _, err := tx.ExecContext(ctx,
					"UPDATE journey_throttle SET locked_until = $1, failures = 0, window_start = $2 WHERE throttle_key = $3",
					now.Add(s.cfg.LockFor).UnixMicro(), now.UnixMicro(), k.key); err != nil {
					return fmt.Errorf("login throttle: %w", err)
				}
			}
		}
		return nil
	})
}

// clearFailures forgets the user's failed attempts after a successful login. The address's count is
// kept: one good login must not reset a guesser's budget across other CPFs.
func (s *Server) clearFailures(ctx context.Context, login string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM journey_throttle WHERE throttle_key = $1", userKey(login)); err != nil {
		return fmt.Errorf("login throttle: %w", err)
	}
	return nil
}
