package keys

import (
	"context"
	"crypto"
	"crypto/rsa"
	"database/sql"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/pki"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Bits is the size of generated signing keys.
const Bits = 2048

// DefaultOverlap is how long a retired key stays in the JWKS: far longer than any id_token lives.
const DefaultOverlap = 24 * time.Hour

// Key is one signing key.
type Key struct {
	ID        string // kid: the RFC 7638 thumbprint of the public key
	Private   *rsa.PrivateKey
	CreatedAt time.Time
	RetiredAt time.Time // zero while current
}

// Options configure a Set.
type Options struct {
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Overlap is how long a retired key stays published; default DefaultOverlap.
	Overlap time.Duration
	// Generate makes a new key; default RSA of Bits bits. Tests pass a cached key to stay fast.
	Generate func() (*rsa.PrivateKey, error)
}

// Set is the platform's signing keys: one current key that signs and the keys published in the JWKS.
type Set struct {
	db   *database.DB
	opts Options

	mu      sync.RWMutex
	current *Key
	signer  jose.Signer
	keys    []*Key // every key not yet past its overlap, newest first
}

// Open migrates the keys' table, loads the keys and creates the first one when there is none.
func Open(ctx context.Context, db *database.DB, opts Options) (*Set, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Overlap <= 0 {
		opts.Overlap = DefaultOverlap
	}
	if opts.Generate == nil {
		opts.Generate = func() (*rsa.PrivateKey, error) { return pki.GenerateKey(Bits) }
	}
	if _, err := db.Migrate(ctx, "keys", mustSub(migrations)); err != nil {
		return nil, err
	}
	s := &Set{db: db, opts: opts}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	if s.current == nil {
		if _, err := s.Rotate(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Reload reads the keys again, picking up a rotation made by another replica.
func (s *Set) Reload(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT kid, private_pem, created_ms, retired_ms FROM signing_keys ORDER BY created_ms DESC, kid`)
	if err != nil {
		return fmt.Errorf("keys: load: %w", err)
	}
	defer rows.Close()
	now := s.opts.Now()
	var keys []*Key
	var current *Key
	for rows.Next() {
		var kid, p string
		var created int64
		var retired sql.NullInt64
		if err := rows.Scan(&kid, &p, &created, &retired); err != nil {
			return fmt.Errorf("keys: load: %w", err)
		}
		k := &Key{ID: kid, CreatedAt: time.UnixMilli(created)}
		if retired.Valid {
			k.RetiredAt = time.UnixMilli(retired.Int64)
			if now.Sub(k.RetiredAt) > s.opts.Overlap {
				continue
			}
		}
		signer, err := pki.ParsePrivateKeyPEM([]byte(p))
		if err != nil {
			return fmt.Errorf("keys: key %s: %w", kid, err)
		}
		rk, ok := signer.(*rsa.PrivateKey)
		if !ok {
			return fmt.Errorf("keys: key %s is not an RSA key", kid)
		}
		k.Private = rk
		if current == nil && !retired.Valid {
			current = k
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("keys: load: %w", err)
	}
	return s.install(current, keys)
}

func (s *Set) install(current *Key, keys []*Key) error {
	var signer jose.Signer
	if current != nil {
		var err error
		signer, err = jose.NewSigner(jose.SigningKey{Algorithm: jose.PS256, Key: jose.JSONWebKey{Key: current.Private, KeyID: current.ID, Algorithm: string(jose.PS256), Use: "sig"}},
			(&jose.SignerOptions{}).WithType("JWT"))
		if err != nil {
			return fmt.Errorf("keys: signer: %w", err)
		}
	}
	s.mu.Lock()
	s.current, s.signer, s.keys = current, signer, keys
	s.mu.Unlock()
	return nil
}

// Rotate makes a new key current and retires the previous one, which stays published for the
// overlap period.
func (s *Set) Rotate(ctx context.Context) (Key, error) {
	priv, err := s.opts.Generate()
	if err != nil {
		return Key{}, fmt.Errorf("keys: generate: %w", err)
	}
	kid, err := thumbprint(priv)
	if err != nil {
		return Key{}, err
	}
	p, err := pki.EncodePrivateKeyPEM(priv)
	if err != nil {
		return Key{}, err
	}
	now := s.opts.Now()
	// Creation times are strictly increasing so "newest" is never a tie, even within a millisecond.
	err = s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(created_ms) FROM signing_keys`).Scan(&last); err != nil {
			return err
		}
		created := now.UnixMilli()
		if last.Valid && created <= last.Int64 {
			created = last.Int64 + 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signing_keys SET retired_ms = $1 WHERE retired_ms IS NULL`, now.UnixMilli()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO signing_keys (kid, private_pem, created_ms) VALUES ($1, $2, $3)`, kid, string(p), created)
		return err
	})
	if err != nil {
		return Key{}, fmt.Errorf("keys: rotate: %w", err)
	}
	if err := s.Reload(ctx); err != nil {
		return Key{}, err
	}
	return s.Current(), nil
}

// Current returns the key that signs.
func (s *Set) Current() Key {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return *s.current
}

// Sign signs payload (a JSON claims set) with the current key as a compact PS256 JWS whose header
// carries the key's kid and typ JWT.
func (s *Set) Sign(payload []byte) (string, error) {
	s.mu.RLock()
	signer := s.signer
	s.mu.RUnlock()
	if signer == nil {
		return "", errors.New("keys: no current signing key")
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("keys: sign: %w", err)
	}
	return jws.CompactSerialize()
}

// JWKS returns the public keys to publish: the current key and the retired keys still in their
// overlap period.
func (s *Set) JWKS() jose.JSONWebKeySet {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(s.keys))}
	for _, k := range s.keys {
		out.Keys = append(out.Keys, jose.JSONWebKey{Key: &k.Private.PublicKey, KeyID: k.ID, Algorithm: string(jose.PS256), Use: "sig"})
	}
	return out
}

func thumbprint(k *rsa.PrivateKey) (string, error) {
	tp, err := (&jose.JSONWebKey{Key: &k.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("keys: thumbprint: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(tp), nil
}
