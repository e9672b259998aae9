package journey

import (
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// validTOTP checks a six-digit RFC 6238 code (30-second step, SHA-1, the authenticator apps' default)
// against the user's base32 secret, accepting one step of clock drift either way.
func validTOTP(secret, code string, at time.Time) bool {
	if len(code) != 6 {
		return false
	}
	ok, err := totp.ValidateCustom(code, secret, at, totp.ValidateOpts{
		Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	return err == nil && ok
}
