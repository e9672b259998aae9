package journey

import (
	"crypto/subtle"
	"net/http"
)

// csrfField is the hidden form field carrying the session's CSRF token.
const csrfField = "csrf"

// maxForm bounds a form body: the largest legitimate one (revoking many consents) is a few kilobytes.
const maxForm = 64 << 10

// parseForm reads a POST form and checks its CSRF token against the session's (synchroniser token
// pattern). It reports false when the form is unreadable or the token does not match.
func parseForm(w http.ResponseWriter, r *http.Request, sess *session) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return false
	}
	got := r.PostForm.Get(csrfField)
	return got != "" && sess.CSRF != "" && subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) == 1
}

// postedSession loads the session of a form post and checks the form's CSRF token; on a failure it
// has already answered (an error page, or the form-expired page that starts again) and reports false.
func (s *Server) postedSession(w http.ResponseWriter, r *http.Request) (*session, bool) {
	sess, ok := s.session(w, r)
	if !ok {
		return nil, false
	}
	if !parseForm(w, r, sess) {
		s.formExpired(w, r, sess)
		return nil, false
	}
	return sess, true
}
