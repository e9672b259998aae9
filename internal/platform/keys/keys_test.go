package keys_test

import (
	"context"
	"crypto/rsa"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
)

func TestRotationKeepsOldKeyDuringOverlap(t *testing.T) {
	for name, url := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
			n := 0
			opts := keys.Options{
				Now:     func() time.Time { return now },
				Overlap: time.Hour,
				Generate: func() (*rsa.PrivateKey, error) {
					n++
					return pkitest.Key(t, n), nil
				},
			}
			s, err := keys.Open(ctx, db, opts)
			if err != nil {
				t.Fatal(err)
			}
			first := s.Current()
			jws, err := s.Sign([]byte(`{"a":1}`))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Rotate(ctx); err != nil {
				t.Fatal(err)
			}
			second := s.Current()
			if second.ID == first.ID {
				t.Fatal("rotation kept the same key")
			}
			if got := kids(s.JWKS()); len(got) != 2 || got[0] != second.ID || got[1] != first.ID {
				t.Fatalf("JWKS during overlap = %v, want new then old", got)
			}
			// A token signed before the rotation verifies against the published JWKS.
			parsed, err := jose.ParseSignedCompact(jws, []jose.SignatureAlgorithm{jose.PS256})
			if err != nil {
				t.Fatal(err)
			}
			set := s.JWKS()
			if ks := set.Key(parsed.Signatures[0].Header.KeyID); len(ks) != 1 {
				t.Fatalf("old kid not published")
			} else if _, err := parsed.Verify(ks[0]); err != nil {
				t.Fatal(err)
			}
			// Another replica opening the same database sees the same current key.
			other, err := keys.Open(ctx, db, opts)
			if err != nil {
				t.Fatal(err)
			}
			if other.Current().ID != second.ID {
				t.Fatal("second replica picked another key")
			}
			now = now.Add(2 * time.Hour)
			if err := s.Reload(ctx); err != nil {
				t.Fatal(err)
			}
			if got := kids(s.JWKS()); len(got) != 1 || got[0] != second.ID {
				t.Fatalf("JWKS after overlap = %v, want only the new key", got)
			}
		})
	}
}

func kids(set jose.JSONWebKeySet) []string {
	var out []string
	for _, k := range set.Keys {
		out = append(out, k.KeyID)
	}
	return out
}
