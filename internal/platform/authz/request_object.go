package authz

import (
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// verifiedObject is a request object whose signature has been verified: its registered claims and
// every claim by name.
type verifiedObject struct {
	std jwt.Claims
	all map[string]any
}

// verifyRequestObject checks a request object's signature (RFC 9101 §6.2): a compact JWS signed
// with PS256 — RS256, HS256 and "none" are refused (FAPI 1.0 Advanced §8.6) — by a key of the
// client's JWKS. Encrypted request objects are not supported. Every failure is
// invalid_request_object; until the signature verifies nothing in the object is trusted.
func verifyRequestObject(c registry.Client, raw string) (verifiedObject, error) {
	if raw == "" {
		return verifiedObject{}, ErrInvalidRequestObject.WithDescription("the request object is empty")
	}
	if strings.Count(raw, ".") == 4 {
		return verifiedObject{}, ErrInvalidRequestObject.WithDescription("encrypted request objects are not supported; sign it with PS256")
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.PS256})
	if err != nil {
		return verifiedObject{}, ErrInvalidRequestObject.WithDescription("the request object must be a compact JWS signed with PS256")
	}
	key, err := signingKey(c.JWKS, tok.Headers[0].KeyID)
	if err != nil {
		return verifiedObject{}, ErrInvalidRequestObject.WithDescription("%v", err)
	}
	var v verifiedObject
	if err := tok.Claims(key, &v.std, &v.all); err != nil {
		return verifiedObject{}, ErrInvalidRequestObject.WithDescription("the request object's signature does not verify with the client's keys or its claims are malformed")
	}
	if v.all == nil {
		return verifiedObject{}, ErrInvalidRequestObject.WithDescription("the request object's payload is not a JSON object")
	}
	return v, nil
}

// checkRequestObjectClaims applies the registered-claim rules of FAPI 1.0 Advanced §5.2.2 to a
// verified request object: iss is the client (RFC 9101 §4), aud is or contains the issuer (-15), exp
// and nbf are present (-13, -17), nbf is at most 60 minutes old and not in the future, exp is in the
// future and at most 60 minutes after nbf.
func (s *Server) checkRequestObjectClaims(c registry.Client, v verifiedObject, now time.Time) error {
	cl := v.std
	switch {
	case cl.Issuer != c.ID:
		return ErrInvalidRequestObject.WithDescription("the request object's iss must be the client id")
	case !slices.Contains([]string(cl.Audience), s.opts.Issuer):
		return ErrInvalidRequestObject.WithDescription("the request object's aud must be the issuer %s", s.opts.Issuer)
	case cl.Expiry == nil:
		return ErrInvalidRequestObject.WithDescription("the request object has no exp")
	case cl.NotBefore == nil:
		return ErrInvalidRequestObject.WithDescription("the request object has no nbf")
	}
	exp, nbf := cl.Expiry.Time(), cl.NotBefore.Time()
	switch {
	case !now.Before(exp):
		return ErrInvalidRequestObject.WithDescription("the request object has expired")
	case nbf.After(now.Add(clockSkew)):
		return ErrInvalidRequestObject.WithDescription("the request object is not valid yet (nbf)")
	case now.Sub(nbf) > MaxRequestObjectLifetime:
		return ErrInvalidRequestObject.WithDescription("the request object's nbf is more than 60 minutes in the past")
	case exp.Sub(nbf) > MaxRequestObjectLifetime:
		return ErrInvalidRequestObject.WithDescription("the request object lives more than 60 minutes (exp - nbf)")
	}
	if _, ok := v.all["request"]; ok {
		return ErrInvalidRequestObject.WithDescription("a request object may not contain request")
	}
	if _, ok := v.all["request_uri"]; ok {
		return ErrInvalidRequestObject.WithDescription("a request object may not contain request_uri")
	}
	return nil
}
