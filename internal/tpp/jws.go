package tpp

import (
	"crypto"
	"fmt"
	"net/http"

	"github.com/go-jose/go-jose/v4"
)

// HeaderJWSSignature carries a detached JWS of the request body (fase3 XJwsSignature).
const HeaderJWSSignature = "x-jws-signature"

// signedOperations are the requests whose body fase3/swagger_payments_apis.yaml requires an
// x-jws-signature of: the payment consent and the PIX payment, keyed by method and path.
var signedOperations = map[string]bool{
	http.MethodPost + " /open-banking/payments/v1/consents":     true,
	http.MethodPost + " /open-banking/payments/v1/pix/payments": true,
}

// newSigner is a PS256 signer with key whose JWS header names kid and typ when they are not empty:
// the kid lets the platform pick the key from the client's registered JWKS.
func newSigner(key crypto.Signer, kid, typ string) (jose.Signer, error) {
	opts := &jose.SignerOptions{}
	if typ != "" {
		opts = opts.WithType(jose.ContentType(typ))
	}
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS256, Key: key}, opts)
	if err != nil {
		return nil, fmt.Errorf("tpp: signer: %w", err)
	}
	return s, nil
}

// DetachedJWS signs payload PS256 with key (its kid in the header when not empty) and returns the
// detached compact serialisation "header..signature" of RFC 7515 appendix F, the form x-jws-signature
// takes: the payload travels once, as the request body, and the platform verifies exactly the bytes
// it received.
func DetachedJWS(key crypto.Signer, kid string, payload []byte) (string, error) {
	s, err := newSigner(key, kid, "")
	if err != nil {
		return "", err
	}
	obj, err := s.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("tpp: sign the request body: %w", err)
	}
	return obj.DetachedCompactSerialize()
}
