package authz_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
)

// TestStore exercises every storage capability on each engine: single use, expiry, reuse detection,
// revocation by grant and consent, assertion replay and the purge.
func TestStore(t *testing.T) {
	for name, dbURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, dbURL(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			s, err := authz.OpenStore(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

			if err := s.SavePushedRequest(ctx, "u1", authz.PushedRequest{ClientID: "c", Claims: map[string]any{"nonce": "n"}, ExpiresAt: now.Add(time.Minute)}); err != nil {
				t.Fatal(err)
			}
			if pr, err := s.TakePushedRequest(ctx, "u1", now); err != nil || pr.Claims["nonce"] != "n" {
				t.Fatalf("take: %+v %v", pr, err)
			}
			if _, err := s.TakePushedRequest(ctx, "u1", now); !errors.Is(err, authz.ErrNotFound) {
				t.Fatalf("second take: %v", err)
			}
			s.SavePushedRequest(ctx, "u2", authz.PushedRequest{ClientID: "c", ExpiresAt: now.Add(time.Minute)})
			if _, err := s.TakePushedRequest(ctx, "u2", now.Add(time.Minute)); !errors.Is(err, authz.ErrNotFound) {
				t.Fatalf("expired take: %v", err)
			}

			it := authz.Interaction{ID: "i1", ClientID: "c", Request: authz.AuthorizationRequest{ConsentID: "urn:c:1"}, ExpiresAt: now.Add(time.Minute)}
			if err := s.SaveInteraction(ctx, it); err != nil {
				t.Fatal(err)
			}
			if got, err := s.TakeInteraction(ctx, "i1", now); err != nil || got.Request.ConsentID != "urn:c:1" {
				t.Fatalf("interaction: %+v %v", got, err)
			}
			if _, err := s.TakeInteraction(ctx, "i1", now); !errors.Is(err, authz.ErrNotFound) {
				t.Fatalf("second interaction take: %v", err)
			}

			if err := s.SaveCode(ctx, "code", authz.CodeGrant{GrantID: "g1", ClientID: "c", ExpiresAt: now.Add(time.Minute)}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UseCode(ctx, "code", now); err != nil {
				t.Fatal(err)
			}
			if reused, _ := s.CodeReused(ctx, "code"); reused {
				t.Fatal("reused after one use")
			}
			if g, err := s.UseCode(ctx, "code", now); !errors.Is(err, authz.ErrCodeReused) || g.GrantID != "g1" {
				t.Fatalf("second use: %+v %v", g, err)
			}
			if reused, _ := s.CodeReused(ctx, "code"); !reused {
				t.Fatal("reuse not recorded")
			}
			if _, err := s.UseCode(ctx, "nope", now); !errors.Is(err, authz.ErrNotFound) {
				t.Fatalf("unknown code: %v", err)
			}

			tok := func(hash, grant, consent string) authz.Token {
				return authz.Token{Hash: hash, Kind: authz.KindAccess, GrantID: grant, ClientID: "c", ConsentID: consent, Thumbprint: "tp",
					IssuedAt: now, ExpiresAt: now.Add(time.Hour), AccessTTL: 5 * time.Minute}
			}
			if err := s.SaveTokens(ctx, tok("a", "g1", "urn:c:1"), tok("b", "g1", "urn:c:1"), tok("c", "", "urn:c:2"), tok("d", "", "")); err != nil {
				t.Fatal(err)
			}
			if n, err := s.RevokeGrant(ctx, "g1", now); err != nil || n != 2 {
				t.Fatalf("revoke grant: %d %v", n, err)
			}
			if n, err := s.RevokeConsent(ctx, "urn:c:2", now); err != nil || n != 1 {
				t.Fatalf("revoke consent: %d %v", n, err)
			}
			if got, err := s.Token(ctx, "d"); err != nil || !got.Active(now) || got.AccessTTL != 5*time.Minute || got.Thumbprint != "tp" {
				t.Fatalf("token d: %+v %v", got, err)
			}
			if got, _ := s.Token(ctx, "a"); got.Active(now) {
				t.Fatal("revoked token active")
			}
			if err := s.RevokeToken(ctx, "d", now); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Token(ctx, "d"); got.Active(now) {
				t.Fatal("revoked token d active")
			}

			if err := s.UseAssertion(ctx, "c", "j1", now.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			if err := s.UseAssertion(ctx, "c", "j1", now.Add(time.Minute)); !errors.Is(err, authz.ErrReplay) {
				t.Fatalf("replay: %v", err)
			}
			if err := s.UseAssertion(ctx, "other", "j1", now.Add(time.Minute)); err != nil {
				t.Fatalf("same jti of another client: %v", err)
			}

			if err := s.Purge(ctx, now.Add(48*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Token(ctx, "a"); !errors.Is(err, authz.ErrNotFound) {
				t.Fatalf("purged token still there: %v", err)
			}
			if err := s.UseAssertion(ctx, "c", "j1", now.Add(49*time.Hour)); err != nil {
				t.Fatalf("jti not forgotten after expiry: %v", err)
			}
		})
	}
}
