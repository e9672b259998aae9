package gateway

import (
	"github.com/go-jose/go-jose/v4"
)

// headerJWSSignature is the payments API's detached signature of the request body (XJwsSignature).
const headerJWSSignature = "x-jws-signature"

// maxJWSSignature is XJwsSignature's maxLength.
const maxJWSSignature = 2048

// jwsAlgorithms are the signature algorithms accepted: FAPI's PS256 and ES256.
var jwsAlgorithms = []jose.SignatureAlgorithm{jose.PS256, jose.ES256}

// checkJWSSignature checks x-jws-signature, which fase3/swagger_payments_apis.yaml makes required on
// the two operations that take a body (POST /consents and POST /pix/payments): the signature is the
// TPP's non-repudiable word for the exact bytes it sent, so a request without it is refused like a
// missing x-idempotency-key (400 HEADER_INVALIDO). The header must be one detached JWS (RFC 7515
// appendix F: "header..signature") of the request body, at most 2048 characters, signed PS256 or
// ES256 by a key of the client's registered JWKS (the one named by kid, or any when it names none).
func (c *call) checkJWSSignature(body []byte) error {
	vs := c.r.Header.Values(headerJWSSignature)
	if len(vs) != 1 || vs[0] == "" {
		return badRequest(codeInvalidHeader, "%s is required: one detached JWS (PS256 or ES256) of the request body", headerJWSSignature)
	}
	sig := vs[0]
	if len(sig) > maxJWSSignature {
		return badRequest(codeInvalidHeader, "%s is longer than %d characters", headerJWSSignature, maxJWSSignature)
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
