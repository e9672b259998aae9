package authz

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// idToken signs the id_token of a grant (OIDC Core §2, FAPI 1.0 Advanced §5.2.2.1, OBB security
// profile §5.2.2.3): PS256, the nonce, acr urn:brasil:openbanking:loa2 unless the bank asserted loa3,
// the consent as openbanking_intent_id, c_hash of code and s_hash of state when given, at_hash of
// accessToken when given, and the claims the bank added at doConfirm.
func (s *Server) idToken(g CodeGrant, code, accessToken string, now time.Time) (string, error) {
	c := make(map[string]any, len(g.Claims)+14)
	for k, v := range g.Claims {
		c[k] = v
	}
	a := g.Request
	c["iss"] = s.opts.Issuer
	c["sub"] = g.Subject
	c["aud"] = g.ClientID
	c["azp"] = g.ClientID
	c["iat"] = now.Unix()
	c["exp"] = now.Add(s.opts.IDTokenTTL).Unix()
	c["auth_time"] = g.AuthTime.Unix()
	c["nonce"] = a.Nonce
	if _, ok := c["acr"]; !ok {
		c["acr"] = ACR
	}
	c[heimdall.ClaimIntentID] = a.ConsentID
	if code != "" {
		c["c_hash"] = leftHalfHash(code)
	}
	if a.State != "" {
		c["s_hash"] = leftHalfHash(a.State)
	}
	if accessToken != "" {
		c["at_hash"] = leftHalfHash(accessToken)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("id_token: %w", err)
	}
	return s.opts.Signer.Sign(b)
}
