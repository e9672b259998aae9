package authz

import (
	"errors"
	"net/http"
)

// Revoke serves POST /token/revoke (RFC 7009). The caller authenticates like at the token endpoint;
// revoking a refresh token revokes the whole grant (its access tokens too, §2.1). An unknown token,
// or one of another client, is answered 200 as the RFC requires, and nothing changes.
func (s *Server) Revoke() http.Handler {
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
		raw, err := requireParam(form, "token")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		ctx := r.Context()
		now := s.opts.Now()
		t, err := s.opts.Storage.Token(ctx, hashToken(raw))
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			s.writeError(w, r, ErrServerError.WithCause(err))
			return
		case t.ClientID != c.ID:
		case t.Kind == KindRefresh && t.GrantID != "":
			if _, err := s.opts.Storage.RevokeGrant(ctx, t.GrantID, now); err != nil {
				s.writeError(w, r, ErrServerError.WithCause(err))
				return
			}
		default:
			if err := s.opts.Storage.RevokeToken(ctx, t.Hash, now); err != nil {
				s.writeError(w, r, ErrServerError.WithCause(err))
				return
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
	})
}
