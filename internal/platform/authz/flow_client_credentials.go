package authz

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// clientCredentials is the client_credentials grant (RFC 6749 §4.4): the TPP's own token for the
// consent and payment-consent APIs. The scopes must be the client's; openid and consent: scopes
// belong to the authorization code flow. No refresh token is issued (RFC 6749 §4.4.3).
func (s *Server) clientCredentials(r *http.Request, c authenticatedClient, form url.Values) (tokenResponse, error) {
	allowed := c.AllowedScopes()
	scopes := strings.Fields(form.Get("scope"))
	if len(scopes) == 0 {
		scopes = slices.DeleteFunc(slices.Clone(allowed), func(s string) bool { return s == "openid" })
	}
	for _, sc := range scopes {
		if sc == "openid" || strings.HasPrefix(sc, consentScopePrefix) || !slices.Contains(allowed, sc) {
			return tokenResponse{}, ErrInvalidScope.WithDescription("scope %q is not available with client_credentials for this client", truncate(sc))
		}
	}
	scope := strings.Join(scopes, " ")
	now := s.opts.Now()
	raw, t := newAccessToken(c, "", c.ID, scope, "", now, s.opts.AccessTokenTTL)
	if err := s.opts.Storage.SaveTokens(r.Context(), t); err != nil {
		return tokenResponse{}, ErrServerError.WithCause(err)
	}
	return tokenResponse{AccessToken: raw, TokenType: "Bearer", ExpiresIn: int64(s.opts.AccessTokenTTL.Seconds()), Scope: scope}, nil
}
