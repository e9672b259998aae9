package authz

import (
	"net/http"
	"net/url"
	"time"
)

// requestURIPrefix is the scheme of the request_uri values the PAR endpoint issues (RFC 9126 §2.2).
const requestURIPrefix = "urn:ietf:params:oauth:request_uri:"

type parResponse struct {
	RequestURI string `json:"request_uri"`
	ExpiresIn  int64  `json:"expires_in"`
}

// PAR serves POST /par (RFC 9126). The client authenticates as at the token endpoint and pushes a
// signed request object, which is checked in full — signature, claims, registered redirect URI,
// nonce, PKCE S256 (required with PAR) — before a single-use request_uri valid for 60 s is issued.
func (s *Server) PAR() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		form, err := readForm(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		c, err := s.authenticateClient(r.Context(), r, form)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if form.Get("request_uri") != "" {
			s.writeError(w, r, ErrInvalidRequest.WithDescription("request_uri may not be pushed (RFC 9126 2.1)"))
			return
		}
		raw := form.Get("request")
		if raw == "" {
			s.writeError(w, r, ErrInvalidRequest.WithDescription("a signed request object (request) is required"))
			return
		}
		v, err := verifyRequestObject(c.Client, raw)
		if err == nil {
			err = s.checkRequestObjectClaims(c.Client, v, s.opts.Now())
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if ru, _ := v.all["redirect_uri"].(string); ru == "" || !c.HasRedirectURI(ru) {
			s.writeError(w, r, ErrInvalidRequest.WithDescription("redirect_uri is missing from the request object or not registered for the client"))
			return
		}
		outer := url.Values{}
		for _, k := range []string{"client_id", "response_type"} {
			if form.Has(k) {
				outer.Set(k, form.Get(k))
			}
		}
		if _, err := buildAuthorizationRequest(c.Client, v.all, outer, true); err != nil {
			s.writeError(w, r, err)
			return
		}
		uri := requestURIPrefix + randomToken()
		now := s.opts.Now()
		if err := s.opts.Storage.SavePushedRequest(r.Context(), hashToken(uri), PushedRequest{ClientID: c.ID, Claims: v.all, ExpiresAt: now.Add(s.opts.PARTTL)}); err != nil {
			s.writeError(w, r, ErrServerError.WithCause(err))
			return
		}
		writeJSON(w, http.StatusCreated, parResponse{RequestURI: uri, ExpiresIn: int64(s.opts.PARTTL / time.Second)})
	})
}
