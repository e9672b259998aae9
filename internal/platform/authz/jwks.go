package authz

import (
	"encoding/json"
	"net/http"
)

// JWKS serves GET /jwks: the public keys id_tokens are signed with, the previous key included while
// a rotation overlaps. It needs no client certificate.
func (s *Server) JWKS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := json.Marshal(s.opts.Signer.JWKS())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("Cache-Control", "max-age=60")
		w.Write(b)
	})
}
