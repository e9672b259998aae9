package password

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformed is wrapped by every error about a stored hash string that cannot be parsed.
var ErrMalformed = errors.New("malformed password hash")

// phc is a parsed argon2id PHC string.
type phc struct {
	Params
	salt, key []byte
}

// b64 is the PHC format's base64: standard alphabet, no padding.
var b64 = base64.RawStdEncoding

// String renders h as $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func (h phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.Memory, h.Time, h.Threads, b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// parse reads an argon2id PHC string. It accepts exactly the form String writes (the parameter order
// m, t, p is the one the reference implementation emits), refusing other versions and parameters
// outside the limits, so Verify never runs an unbounded computation.
func parse(s string) (phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return phc{}, fmt.Errorf("%w: want $argon2id$v=19$m=…,t=…,p=…$salt$hash", ErrMalformed)
	}
	if parts[1] != "argon2id" {
		return phc{}, fmt.Errorf("%w: algorithm %q is not argon2id", ErrMalformed, clip(parts[1]))
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return phc{}, fmt.Errorf("%w: version %q is not v=19", ErrMalformed, clip(parts[2]))
	}
	var h phc
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return phc{}, fmt.Errorf("%w: parameters %q must be m=…,t=…,p=…", ErrMalformed, clip(parts[3]))
	}
	m, err := param(fields[0], "m", 32)
	if err != nil {
		return phc{}, err
	}
	t, err := param(fields[1], "t", 32)
	if err != nil {
		return phc{}, err
	}
	p, err := param(fields[2], "p", 8)
	if err != nil {
		return phc{}, err
	}
	h.Memory, h.Time, h.Threads = uint32(m), uint32(t), uint8(p)
	if h.salt, err = decode(parts[4]); err != nil {
		return phc{}, fmt.Errorf("%w: salt is not unpadded base64", ErrMalformed)
	}
	if h.key, err = decode(parts[5]); err != nil {
		return phc{}, fmt.Errorf("%w: hash is not unpadded base64", ErrMalformed)
	}
	h.SaltLen, h.KeyLen = len(h.salt), len(h.key)
	if err := h.validate(); err != nil {
		return phc{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return h, nil
}

// decode reads unpadded standard base64 in its one canonical form: the decoder alone would skip
// newlines and accept non-zero trailing bits, so two different strings could name one hash.
func decode(s string) ([]byte, error) {
	b, err := b64.Strict().DecodeString(s)
	if err != nil {
		return nil, err
	}
	if b64.EncodeToString(b) != s {
		return nil, errors.New("not canonical base64")
	}
	return b, nil
}

// param parses one "name=decimal" field, refusing signs and leading zeros.
func param(field, name string, bits int) (uint64, error) {
	v, ok := strings.CutPrefix(field, name+"=")
	if !ok || v == "" || len(v) > 10 || (len(v) > 1 && v[0] == '0') || strings.ContainsAny(v, "+-") {
		return 0, fmt.Errorf("%w: parameter %q must be %s=<number>", ErrMalformed, clip(field), name)
	}
	n, err := strconv.ParseUint(v, 10, bits)
	if err != nil {
		return 0, fmt.Errorf("%w: parameter %q must be %s=<number>", ErrMalformed, clip(field), name)
	}
	return n, nil
}

func derive(pw string, salt []byte, p Params) []byte {
	return argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(p.KeyLen))
}

// Verify reports whether pw matches hash, comparing in constant time. The cost parameters come from
// hash itself. A malformed hash is an error wrapping ErrMalformed; a wrong password is (false, nil).
func Verify(hash, pw string) (bool, error) {
	h, err := parse(hash)
	if err != nil {
		return false, err
	}
	got := derive(pw, h.salt, h.Params)
	return subtle.ConstantTimeCompare(got, h.key) == 1, nil
}

// clip shortens untrusted text before it is echoed in an error.
func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
