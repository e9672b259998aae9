package gateway

import (
	"github.com/go-jose/go-jose/v4"
)

// headerJWSSignature is the payments API's detached signature of the request body (XJwsSignature).
const headerJWSSignature = "x-jws-signature"

// jwsAlgorithms are the signature algorithms accepted: FAPI's PS256 and ES256.
var jwsAlgorithms = []jose.SignatureAlgorithm{jose.PS256, jose.ES256}

// checkJWSSignature verifies x-jws-signature, when the TPP sends one, as a detached JWS (RFC 7515
// appendix F: "header..signature") of the request body, signed by a key of the client's registered
// JWKS (the one named by kid, or any). A signature that does not verify is a 400. The spec makes the
// header mandatory; the sandbox accepts requests without it so TPPs that do not sign yet can test,
// which the report of issue 6 notes.
func (c *call) checkJWSSignature(body []byte) error {
	sig := c.r.Header.Get(headerJWSSignature)
	if sig == "" {
		return nil
	}
	if len(sig) > 2048 {
		return badRequest(codeInvalidHeader, "%s is longer than 2048 characters", headerJWSSignature)
	}
	obj, err := jose.ParseDetached(sig, body, jwsAlgorithms)
	if err != nil || len(obj.Signatures) != 1 {
		return badRequest(codeInvalidHeader, "%s is not a detached JWS (PS256 or ES256) of the request body", headerJWSSignature)
	}
	kid := obj.Signatures[0].Header.KeyID
	for _, k := range c.client.JWKS.Keys {
		if kid != "" && k.KeyID != kid {
			continue
		}
		if obj.DetachedVerify(body, k.Key) == nil {
			return nil
		}
	}
	return badRequest(codeInvalidHeader, "%s does not verify with the client's registered keys", headerJWSSignature)
}
