package authz

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
)

// writeJSON encodes v with status; token responses must not be cached (RFC 6749 §5.1).
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"server_error"}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	w.Write(b)
}

// oauthErrorBody is the error response of RFC 6749 §5.2.
type oauthErrorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// writeError answers with the OAuth error err stands for; anything that is not an *Error is a
// server fault, logged with its cause and answered server_error.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := asError(err)
	if e.Status >= 500 {
		s.opts.Log.Error("authorization server error", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, e.Status, oauthErrorBody{Error: e.Code, ErrorDescription: e.safeDescription()})
}

// readForm reads an application/x-www-form-urlencoded body of at most maxBody bytes. A body of
// another type, an oversized or malformed body, and a parameter given twice (RFC 6749 §3.1, §3.2)
// are invalid_request. Query parameters are not merged: only the body counts.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, ErrInvalidRequest.WithDescription("the body must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, ErrInvalidRequest.WithDescription("the body exceeds %d bytes", maxBody)
		}
		return nil, ErrInvalidRequest.WithDescription("the body is not a valid form")
	}
	for k, v := range r.PostForm {
		if len(v) > 1 {
			return nil, ErrInvalidRequest.WithDescription("parameter %s is given more than once", k)
		}
	}
	return r.PostForm, nil
}
