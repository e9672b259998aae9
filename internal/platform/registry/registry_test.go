package registry_test

import (
	"context"
	"errors"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

func TestRegistry(t *testing.T) {
	p := pkitest.New(t)
	tpp := p.Certificate(p.TPP("tpp1"))
	other := p.Certificate(p.TPP("tpp2"))
	for name, url := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r, err := registry.Open(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			c := registry.Client{
				ID: "tpp1", Name: "TPP 1", OrganisationID: "org", SoftwareStatementID: "ss",
				RedirectURIs:            []string{"https://tpp1.localhost/cb"},
				JWKS:                    jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &pkitest.Key(t, 0).PublicKey, KeyID: "k1", Use: "sig"}}},
				SubjectDN:               pki.SubjectDN(tpp),
				TokenEndpointAuthMethod: registry.AuthTLSClientAuth,
			}
			if err := r.Add(ctx, c); err != nil {
				t.Fatal(err)
			}
			if err := r.Add(ctx, c); !errors.Is(err, registry.ErrExists) {
				t.Fatalf("second Add = %v, want ErrExists", err)
			}
			if err := r.Put(ctx, c); err != nil {
				t.Fatalf("Put of an existing client: %v", err)
			}
			// A fresh registry reads from the database, not the cache.
			r2, err := registry.Open(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r2.Get(ctx, "tpp1")
			if err != nil {
				t.Fatal(err)
			}
			if !got.MatchesCertificate(tpp) || got.MatchesCertificate(other) {
				t.Fatal("subject DN matching is wrong")
			}
			if !got.HasRedirectURI("https://tpp1.localhost/cb") || got.HasRedirectURI("https://tpp1.localhost/cb/") {
				t.Fatal("redirect URIs must match exactly")
			}
			if _, err := r2.Get(ctx, "nope"); !errors.Is(err, registry.ErrNotFound) {
				t.Fatalf("unknown client: %v", err)
			}
			list, err := r2.List(ctx)
			if err != nil || len(list) != 1 {
				t.Fatalf("List = %v, %v", list, err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	good := func() registry.Client {
		return registry.Client{
			ID: "c", RedirectURIs: []string{"https://x/cb"}, SubjectDN: "CN=x,O=y,C=BR",
			JWKS:                    jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &pkitest.Key(t, 0).PublicKey}}},
			TokenEndpointAuthMethod: registry.AuthPrivateKeyJWT,
		}
	}
	c := good()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*registry.Client){
		"no id":           func(c *registry.Client) { c.ID = "" },
		"http redirect":   func(c *registry.Client) { c.RedirectURIs = []string{"http://x/cb"} },
		"fragment":        func(c *registry.Client) { c.RedirectURIs = []string{"https://x/cb#f"} },
		"no redirect":     func(c *registry.Client) { c.RedirectURIs = nil },
		"secret auth":     func(c *registry.Client) { c.TokenEndpointAuthMethod = "client_secret_basic" },
		"no jwks":         func(c *registry.Client) { c.JWKS = jose.JSONWebKeySet{} },
		"private in jwks": func(c *registry.Client) { c.JWKS.Keys[0].Key = pkitest.Key(t, 0) },
		"no subject":      func(c *registry.Client) { c.SubjectDN = "" },
		"bad scope":       func(c *registry.Client) { c.Scopes = []string{"a b"} },
	} {
		c := good()
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
