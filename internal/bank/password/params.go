package password

import (
	"crypto/rand"
	"fmt"
)

// Params are argon2id cost parameters. Memory is in KiB, as in the PHC string's m= field.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen int    // bytes of random salt
	KeyLen  int    // bytes of derived hash
}

// Default is what production hashes use: the OWASP minimum for argon2id (m=19 MiB, t=2, p=1), with a
// 128-bit salt and a 256-bit hash. Hashing costs 20–40 ms on one core.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Cheap is for tests and bulk-generated fixtures only: the same algorithm and format at a cost of a
// fraction of a millisecond. NeedsRehash reports every Cheap hash as needing an upgrade to Default.
var Cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Limits on what Verify accepts from a stored string, so a corrupt or hostile row cannot make a login
// allocate gigabytes or spin for minutes.
const (
	maxMemory  = 1 << 21 // KiB: 2 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 128
)

// validate checks p against what argon2id (RFC 9106 §3.1) and the limits above allow.
func (p Params) validate() error {
	switch {
	case p.Threads < 1:
		return fmt.Errorf("argon2id: parallelism p=%d must be at least 1", p.Threads)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("argon2id: time t=%d must be between 1 and %d", p.Time, maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("argon2id: memory m=%d KiB must be between 8×p and %d", p.Memory, maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("argon2id: salt of %d bytes must be between %d and %d", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("argon2id: hash of %d bytes must be between %d and %d", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// Hash returns the PHC string of pw under p, with a fresh random salt.
func (p Params) Hash(pw string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if p.SaltLen > 0 {
		if _, err := rand.Read(salt); err != nil {
			return "", fmt.Errorf("password salt: %w", err)
		}
	}
	return p.HashWithSalt(pw, salt)
}

// HashWithSalt returns the PHC string of pw under p with the given salt. It exists for reproducible
// fixtures (seed derives demo users' salts from its seed number so the same seed gives the same data);
// real passwords must go through Hash, which draws the salt from crypto/rand.
func (p Params) HashWithSalt(pw string, salt []byte) (string, error) {
	p.SaltLen = len(salt)
	if err := p.validate(); err != nil {
		return "", err
	}
	return phc{Params: p, salt: salt, key: derive(pw, salt, p)}.String(), nil
}

// NeedsRehash reports whether hash should be replaced by a hash under p: it is not argon2id, it is
// malformed, or any of its cost parameters is below p's.
func (p Params) NeedsRehash(hash string) bool {
	h, err := parse(hash)
	if err != nil {
		return true
	}
	return h.Memory < p.Memory || h.Time < p.Time || h.Threads < p.Threads ||
		len(h.salt) < p.SaltLen || len(h.key) < p.KeyLen
}

// Hash returns the PHC string of pw under the Default parameters.
func Hash(pw string) (string, error) { return Default.Hash(pw) }

// NeedsRehash reports whether hash is weaker than the Default parameters.
func NeedsRehash(hash string) bool { return Default.NeedsRehash(hash) }
