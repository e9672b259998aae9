package tpp

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// IDClaims are the id_token claims the flows check.
type IDClaims struct {
	jwt.Claims
	Nonce    string `json:"nonce"`
	ACR      string `json:"acr"`
	CHash    string `json:"c_hash"`
	SHash    string `json:"s_hash"`
	ATHash   string `json:"at_hash"`
	IntentID string `json:"openbanking_intent_id"`
}

// IDExpect is what an id_token must match besides signature, issuer, audience and lifetime. Empty
// fields are not checked.
type IDExpect struct {
	Nonce, Code, State, AccessToken, ConsentID string
}

// VerifyIDToken checks an id_token (OpenID Connect Core §3.3.2.12 and FAPI 1.0 Advanced §5.2.2.1):
// PS256 by a key of the platform's JWKS, iss the issuer, aud the client, not expired, the nonce,
// and c_hash, s_hash and at_hash against the code, state and access token when given.
func (c *Client) VerifyIDToken(ctx context.Context, raw string, want IDExpect) (IDClaims, error) {
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.PS256})
	if err != nil {
		return IDClaims{}, fmt.Errorf("tpp: id_token: %w", err)
	}
	kid := tok.Headers[0].KeyID
	set, err := c.keys(ctx, false)
	if err != nil {
		return IDClaims{}, err
	}
	keys := set.Key(kid)
	if len(keys) == 0 {
		if set, err = c.keys(ctx, true); err != nil {
			return IDClaims{}, err
		}
		keys = set.Key(kid)
	}
	if len(keys) == 0 {
		return IDClaims{}, fmt.Errorf("tpp: id_token signed by key %q, which the platform's JWKS does not hold", kid)
	}
	var cl IDClaims
	if err := tok.Claims(keys[0].Public().Key, &cl); err != nil {
		return IDClaims{}, fmt.Errorf("tpp: id_token signature: %w", err)
	}
	if err := cl.ValidateWithLeeway(jwt.Expected{Issuer: c.cfg.Issuer, AnyAudience: jwt.Audience{c.cfg.ClientID}, Time: c.cfg.Now()}, time.Minute); err != nil {
		return IDClaims{}, fmt.Errorf("tpp: id_token: %w", err)
	}
	checks := []struct{ name, got, want string }{
		{"nonce", cl.Nonce, want.Nonce},
		{"openbanking_intent_id", cl.IntentID, want.ConsentID},
	}
	for _, h := range []struct{ name, got, of string }{{"c_hash", cl.CHash, want.Code}, {"s_hash", cl.SHash, want.State}, {"at_hash", cl.ATHash, want.AccessToken}} {
		if h.of != "" {
			checks = append(checks, struct{ name, got, want string }{h.name, h.got, leftHash(h.of)})
		}
	}
	for _, ch := range checks {
		if ch.want != "" && subtle.ConstantTimeCompare([]byte(ch.got), []byte(ch.want)) != 1 {
			return IDClaims{}, fmt.Errorf("tpp: id_token %s is %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	if cl.Subject == "" {
		return IDClaims{}, errors.New("tpp: id_token without sub")
	}
	return cl, nil
}

// leftHash is the left half of the SHA-256 of s, base64url: c_hash, s_hash and at_hash for PS256
// (OpenID Connect Core §3.3.2.11).
func leftHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}
