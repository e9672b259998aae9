package authz

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// HeadlessAuth serves GET /auth (headless-heimdall-spec.yaml, step 3003): the bank passes on every
// parameter the TPP sent to its /auth page. The answer is 200 with the interaction and the TPP; 400
// {noRedirect: true} when the request cannot be tied to a registered client and redirect URI, so the
// bank must show an error page; or 302 to the TPP's redirect URI with the error, which the bank
// forwards unchanged.
func (s *Server) HeadlessAuth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		c, v, viaPAR, err := s.verifiedRequest(ctx, q)
		if err != nil {
			writeNoRedirect(w, err, "")
			return
		}
		redirectURI, _ := v.all["redirect_uri"].(string)
		if redirectURI == "" || !c.HasRedirectURI(redirectURI) {
			// FAPI 1.0 Baseline §5.2.2-8/-9: never redirect to an unregistered URI.
			writeNoRedirect(w, ErrInvalidRequest.WithDescription("redirect_uri is missing from the request object or not registered for the client"), "")
			return
		}
		// From here the request is the client's own (its signature verified) and the redirect URI
		// registered, so errors go back to the TPP. A pushed request was checked when pushed.
		var req AuthorizationRequest
		if !viaPAR {
			err = s.checkRequestObjectClaims(c, v, s.opts.Now())
		}
		if err == nil {
			req, err = buildAuthorizationRequest(c, v.all, q, viaPAR)
		}
		if err == nil {
			err = s.checkConsentAwaiting(ctx, c, req.ConsentID)
		}
		if err != nil {
			if req.State == "" {
				req.State, _ = v.all["state"].(string)
			}
			if req.ResponseType == "" {
				req.ResponseType, _ = v.all["response_type"].(string)
			}
			s.redirectError(w, r, req, redirectURI, err)
			return
		}
		now := s.opts.Now()
		it := Interaction{ID: uuid.NewString(), ClientID: c.ID, Request: req, CreatedAt: now, ExpiresAt: now.Add(s.opts.InteractionTTL)}
		if err := s.opts.Storage.SaveInteraction(ctx, it); err != nil {
			writeNoRedirect(w, ErrServerError.WithCause(err), "")
			return
		}
		writeJSON(w, http.StatusOK, heimdall.AuthSuccessResponse{
			Interaction: heimdall.Interaction{
				InteractionID: it.ID,
				Params:        wireParams(req),
				Claims:        map[string]any{},
				ClientID:      c.ID,
				Status:        heimdall.InteractionStatusStarted,
			},
			TPP: heimdall.TPP{ClientID: c.ID, OrgID: c.OrganisationID, SoftwareStatementID: c.SoftwareStatementID, TPPName: c.Name},
		})
	})
}

// verifiedRequest finds the client and the request object whose signature verified, from the
// request parameter or a request_uri obtained at the PAR endpoint. Errors here are not redirectable:
// the redirect URI cannot be trusted yet.
func (s *Server) verifiedRequest(ctx context.Context, q url.Values) (registry.Client, verifiedObject, bool, error) {
	none := verifiedObject{}
	for k, v := range q {
		if len(v) > 1 {
			return registry.Client{}, none, false, ErrInvalidRequest.WithDescription("parameter %s is given more than once", truncate(k))
		}
	}
	clientID := q.Get("client_id")
	if clientID == "" {
		return registry.Client{}, none, false, ErrInvalidRequest.WithDescription("client_id is required")
	}
	c, err := s.client(ctx, clientID)
	if err != nil {
		return registry.Client{}, none, false, err
	}
	request, requestURI := q.Get("request"), q.Get("request_uri")
	switch {
	case request != "" && requestURI != "":
		return c, none, false, ErrInvalidRequest.WithDescription("request and request_uri are mutually exclusive")
	case requestURI != "":
		pr, err := s.opts.Storage.TakePushedRequest(ctx, hashToken(requestURI), s.opts.Now())
		if errors.Is(err, ErrNotFound) || (err == nil && pr.ClientID != c.ID) {
			return c, none, false, ErrInvalidRequestURI.WithDescription("request_uri is unknown, expired, already used or not the client's")
		}
		if err != nil {
			return c, none, false, ErrServerError.WithCause(err)
		}
		return c, verifiedObject{all: pr.Claims}, true, nil
	case request != "":
		v, err := verifyRequestObject(c, request)
		if err != nil {
			return c, none, false, err
		}
		return c, v, false, nil
	default:
		return c, none, false, ErrInvalidRequest.WithDescription("a signed request object is required (request or request_uri; FAPI 1.0 Advanced 5.2.2-1)")
	}
}

// checkConsentAwaiting checks that the consent exists, belongs to the client and awaits
// authorisation (step 3005 reads it; only an AwaitingAuthorisation consent can be authorised).
func (s *Server) checkConsentAwaiting(ctx context.Context, c registry.Client, consentID string) error {
	con, err := s.opts.Consents.Consent(ctx, consentID)
	if errors.Is(err, ErrConsentNotFound) {
		return ErrInvalidRequest.WithDescription("consent %s does not exist", truncate(consentID))
	}
	if err != nil {
		return ErrServerError.WithCause(err)
	}
	if con.ClientID != "" && con.ClientID != c.ID {
		return ErrInvalidRequest.WithDescription("consent %s belongs to another client", truncate(consentID))
	}
	if con.Status != consentmgr.StatusAwaitingAuthorisation {
		return ErrInvalidRequest.WithDescription("consent %s is %s, not AwaitingAuthorisation", truncate(consentID), con.Status)
	}
	if !con.ExpiresAt.IsZero() && !s.opts.Now().Before(con.ExpiresAt) {
		return ErrInvalidRequest.WithDescription("consent %s has expired", truncate(consentID))
	}
	return nil
}

// wireParams is the request as the contract's interaction.params.
func wireParams(a AuthorizationRequest) heimdall.Params {
	p := heimdall.Params{
		ClientID: a.ClientID, ResponseType: a.ResponseType, Scope: a.Scope, Scopes: a.Scopes,
		RedirectURI: a.RedirectURI, State: a.State, Nonce: a.Nonce, Claims: a.Claims, Extra: map[string]any{},
	}
	for k, v := range a.Params {
		switch k {
		case "client_id", "response_type", "scope", "scopes", "redirect_uri", "state", "nonce", "claims":
		case "request":
			p.Request, _ = v.(string)
		case "request_uri":
			p.RequestURI, _ = v.(string)
		default:
			p.Extra[k] = v
		}
	}
	return p
}

// writeNoRedirect answers a headless call with the contract's AuthErrorResponse and noRedirect.
func writeNoRedirect(w http.ResponseWriter, err error, interactionID string) {
	e := asError(err)
	status := http.StatusBadRequest
	if e.Status >= 500 {
		status = e.Status
	}
	writeJSON(w, status, heimdall.AuthErrorResponse{NoRedirect: true, Error: e.Code, ErrorDescription: e.safeDescription(), InteractionID: interactionID})
}

// redirectError answers 302 to the TPP's redirect URI with error, error_description and state
// (RFC 6749 §4.1.2.1), in the fragment for the hybrid flow.
func (s *Server) redirectError(w http.ResponseWriter, r *http.Request, a AuthorizationRequest, redirectURI string, err error) {
	e := asError(err)
	if e.Status >= 500 {
		s.opts.Log.Error("authorization server error", "path", r.URL.Path, "err", err)
	}
	v := url.Values{"error": {e.Code}}
	if d := e.safeDescription(); d != "" {
		v.Set("error_description", d)
	}
	if a.State != "" {
		v.Set("state", a.State)
	}
	redirect(w, redirectURI, a.useFragment(), v)
}

// redirect answers 302 with the parameters appended to uri's query or set as its fragment.
func redirect(w http.ResponseWriter, uri string, fragment bool, v url.Values) {
	u, err := url.Parse(uri)
	if err != nil {
		writeNoRedirect(w, ErrServerError.WithCause(err), "")
		return
	}
	if fragment {
		u.Fragment, u.RawFragment = "", ""
		loc := u.String() + "#" + v.Encode()
		w.Header().Set("Location", loc)
	} else {
		q := u.Query()
		for k, vs := range v {
			q[k] = vs
		}
		u.RawQuery = q.Encode()
		w.Header().Set("Location", u.String())
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusFound)
}

// reservedClaims are the id_token claims the platform computes; the bank may not set them.
var reservedClaims = []string{"iss", "aud", "exp", "iat", "nbf", "nonce", "azp", "at_hash", "c_hash", "s_hash", "auth_time", "jti", "cnf"}

// DoConfirm serves POST /auth/{interactionId}/doConfirm (step 4005): the PSU authorised. The form
// fields become id_token claims; heimdall.suppressRefreshToken, heimdall.accessTokenValidity and
// heimdall.refreshTokenValidity steer the tokens. The answer is 302 to the TPP with code, state and,
// for the hybrid flow, an id_token. An interaction completes once; a bad form is 400 noRedirect.
func (s *Server) DoConfirm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("interactionId")
		form, err := readHeadlessForm(w, r)
		if err != nil {
			writeNoRedirect(w, err, id)
			return
		}
		conf, err := heimdall.ParseConfirm(form)
		if err != nil {
			writeNoRedirect(w, ErrInvalidRequest.WithDescription("%v", err), id)
			return
		}
		if err := checkConfirm(conf); err != nil {
			writeNoRedirect(w, err, id)
			return
		}
		ctx := r.Context()
		now := s.opts.Now()
		it, err := s.opts.Storage.TakeInteraction(ctx, id, now)
		if errors.Is(err, ErrNotFound) {
			writeNoRedirect(w, ErrInvalidRequest.WithDescription("interaction %s is unknown, already completed or expired", truncate(id)), id)
			return
		}
		if err != nil {
			writeNoRedirect(w, ErrServerError.WithCause(err), id)
			return
		}
		a := it.Request
		if v, ok := conf.Claims[heimdall.ClaimIntentID]; ok && v != a.ConsentID {
			s.redirectError(w, r, a, a.RedirectURI, ErrServerError.WithDescription("the bank confirmed another consent than the one requested"))
			return
		}
		subject := conf.Claims["sub"]
		if subject == "" {
			subject = a.ConsentID
		}
		code := randomToken()
		g := CodeGrant{
			GrantID: uuid.NewString(), ClientID: a.ClientID, Request: a, Subject: subject, Claims: conf.Claims,
			AuthTime: now, ExpiresAt: now.Add(s.opts.CodeTTL),
			AccessTTL: conf.AccessTokenValidity, RefreshTTL: conf.RefreshTokenValidity, SuppressRefreshToken: conf.SuppressRefreshToken,
		}
		if err := s.opts.Storage.SaveCode(ctx, hashToken(code), g); err != nil {
			s.redirectError(w, r, a, a.RedirectURI, ErrServerError.WithCause(err))
			return
		}
		v := url.Values{"code": {code}}
		if a.State != "" {
			v.Set("state", a.State)
		}
		if strings.Contains(a.ResponseType, "id_token") {
			// FAPI 1.0 Advanced §5.2.2.1: the id_token from the authorization endpoint is a detached
			// signature carrying c_hash and s_hash.
			idt, err := s.idToken(g, code, "", now)
			if err != nil {
				s.redirectError(w, r, a, a.RedirectURI, ErrServerError.WithCause(err))
				return
			}
			v.Set("id_token", idt)
		}
		redirect(w, a.RedirectURI, a.useFragment(), v)
	})
}

// checkConfirm refuses reserved claims and token validities outside the profile's limits.
func checkConfirm(c heimdall.Confirm) error {
	for _, k := range reservedClaims {
		if _, ok := c.Claims[k]; ok {
			return ErrInvalidRequest.WithDescription("claim %s is set by the platform and may not be given", k)
		}
	}
	if acr, ok := c.Claims["acr"]; ok && acr != ACR && acr != ACRLoA3 {
		return ErrInvalidRequest.WithDescription("acr must be %s or %s", ACR, ACRLoA3)
	}
	if d := c.AccessTokenValidity; d != 0 && (d < MinAccessTokenTTL || d > MaxAccessTokenTTL) {
		return ErrInvalidRequest.WithDescription("%s must be between %d and %d seconds", heimdall.FieldAccessTokenValidity,
			int(MinAccessTokenTTL/time.Second), int(MaxAccessTokenTTL/time.Second))
	}
	return nil
}

// DoFail serves POST /auth/{interactionId}/doFail: the interaction failed (the PSU refused or could
// not authenticate). The answer is 302 to the TPP with error (default access_denied),
// error_description and state.
func (s *Server) DoFail() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("interactionId")
		form, err := readHeadlessForm(w, r)
		if err != nil {
			writeNoRedirect(w, err, id)
			return
		}
		f, err := heimdall.ParseFail(form)
		if err != nil {
			writeNoRedirect(w, ErrInvalidRequest.WithDescription("%v", err), id)
			return
		}
		it, err := s.opts.Storage.TakeInteraction(r.Context(), id, s.opts.Now())
		if errors.Is(err, ErrNotFound) {
			writeNoRedirect(w, ErrInvalidRequest.WithDescription("interaction %s is unknown, already completed or expired", truncate(id)), id)
			return
		}
		if err != nil {
			writeNoRedirect(w, ErrServerError.WithCause(err), id)
			return
		}
		a := it.Request
		v := url.Values{"error": {f.Error}}
		if f.ErrorDescription != "" {
			v.Set("error_description", f.ErrorDescription)
		}
		if a.State != "" {
			v.Set("state", a.State)
		}
		redirect(w, a.RedirectURI, a.useFragment(), v)
	})
}

// readHeadlessForm reads a doConfirm/doFail body: form-encoded, or empty with no content type.
func readHeadlessForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	if r.Header.Get("Content-Type") == "" && r.ContentLength == 0 {
		return url.Values{}, nil
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, ErrInvalidRequest.WithDescription("the body must be application/x-www-form-urlencoded")
	}
	return readForm(w, r)
}
