package connect

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// StaticBearer accepts exactly one shared token, compared in constant time.
func StaticBearer(token string) Authenticator { return staticBearer([]byte(token)) }

type staticBearer []byte

func (s staticBearer) Authenticate(_ context.Context, token string) error {
	if len(s) == 0 || subtle.ConstantTimeCompare(s, []byte(token)) != 1 {
		return core.Errorf(core.EUNAUTHORIZED, "the bearer token is not valid")
	}
	return nil
}

// JWTOptions say what a platform-signed bearer token must carry.
type JWTOptions struct {
	// Keys are the platform's public signing keys.
	Keys jose.JSONWebKeySet
	// Audience, when set, must be among the token's aud (the bank's ASPSP id).
	Audience string
	// Issuer, when set, must equal the token's iss.
	Issuer string
	// Clock tells the time; nil is time.Now.
	Clock core.Clock
}

// jwtAlgorithms are the signature algorithms accepted: the FAPI ones and RS256.
var jwtAlgorithms = []jose.SignatureAlgorithm{jose.PS256, jose.RS256, jose.ES256}

// JWTBearer accepts tokens that are JWTs signed by one of the platform's keys, unexpired (exp is
// required; one minute of clock skew is allowed), with the expected audience and issuer.
func JWTBearer(o JWTOptions) Authenticator {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return jwtBearer(o)
}

type jwtBearer JWTOptions

func (j jwtBearer) Authenticate(_ context.Context, token string) error {
	bad := core.Errorf(core.EUNAUTHORIZED, "the bearer token is not valid")
	tok, err := jwt.ParseSigned(token, jwtAlgorithms)
	if err != nil {
		return bad
	}
	var claims jwt.Claims
	if err := tok.Claims(j.Keys, &claims); err != nil {
		return bad
	}
	if claims.Expiry == nil {
		return core.Errorf(core.EUNAUTHORIZED, "the bearer token has no expiry")
	}
	exp := jwt.Expected{Issuer: j.Issuer, Time: j.Clock()}
	if j.Audience != "" {
		exp.AnyAudience = jwt.Audience{j.Audience}
	}
	if err := claims.ValidateWithLeeway(exp, time.Minute); err != nil {
		return core.Errorf(core.EUNAUTHORIZED, "the bearer token is expired or not for this bank")
	}
	return nil
}

// LoadJWKS reads a JSON Web Key Set file: the platform's public keys for JWTBearer.
func LoadJWKS(file string) (jose.JSONWebKeySet, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("read JWKS: %w", err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(b, &set); err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("JWKS %s: %w", file, err)
	}
	if len(set.Keys) == 0 {
		return jose.JSONWebKeySet{}, fmt.Errorf("JWKS %s holds no keys", file)
	}
	for _, k := range set.Keys {
		if !k.IsPublic() {
			return jose.JSONWebKeySet{}, fmt.Errorf("JWKS %s holds a private key (kid %q); give the public keys only", file, k.KeyID)
		}
	}
	return set, nil
}
