package journey

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// totpPeriod is the RFC 6238 time step: 30 seconds, the authenticator apps' default.
const totpPeriod = 30

// totpStep returns the time step whose six-digit code (SHA-1, the apps' default) is code, accepting
// one step of clock drift either way, or -1 when none matches.
func totpStep(secret, code string, at time.Time) int64 {
	if len(code) != 6 {
		return -1
	}
	now := at.Unix() / totpPeriod
	for _, step := range []int64{now, now - 1, now + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step
		}
	}
	return -1
}

// useTOTPStep records that the user logged in with step and reports false when that step, or a later
// one, was already used: a code seen once (over a shoulder, in a proxy log) does not log in again.
func (s *Server) useTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	var got int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO journey_totp_steps (user_id, last_step) VALUES ($1, $2)
ON CONFLICT (user_id) DO UPDATE SET last_step = excluded.last_step WHERE journey_totp_steps.last_step < excluded.last_step
RETURNING last_step`, userID, step).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("totp step: %w", err)
	}
	return true, nil
}
