package authz_test

import (
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/platform/authz"
)

// TestOptionsEnforceProfileLimits: access tokens live 300–900 s and codes at most 60 s whatever the
// configuration says (OBB security profile; FAPI 1.0 Advanced).
func TestOptionsEnforceProfileLimits(t *testing.T) {
	e := newEnv(t)
	for name, tc := range map[string]struct {
		access, code time.Duration
		ok           bool
	}{
		"defaults":     {0, 0, true},
		"access 300 s": {300 * time.Second, 0, true},
		"access 900 s": {900 * time.Second, 0, true},
		"access 299 s": {299 * time.Second, 0, false},
		"access 901 s": {901 * time.Second, 0, false},
		"code 60 s":    {0, 60 * time.Second, true},
		"code 61 s":    {0, 61 * time.Second, false},
	} {
		t.Run(name, func(t *testing.T) {
			opts := e.options()
			opts.AccessTokenTTL, opts.CodeTTL = tc.access, tc.code
			_, err := authz.New(opts)
			if (err == nil) != tc.ok {
				t.Fatalf("New: %v, want ok=%v", err, tc.ok)
			}
		})
	}
	opts := e.options()
	opts.Issuer = "http://insecure.example"
	if _, err := authz.New(opts); err == nil {
		t.Fatal("an http issuer was accepted")
	}
}
