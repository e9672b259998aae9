package connect

import (
	"net/http"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// serveContract publishes the contract the bank serves: TecBan's AIS contract with the corrections
// bankconnect.Correct documents.
func (s *server) serveContract(w http.ResponseWriter, r *http.Request) {
	if s.contract == nil {
		s.writeError(w, r, core.Errorf(core.EINTERNAL, "the contract is not available"))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(s.contract)
}

// noRoute answers paths that are no operation (404) and known paths called with another method
// (405 with Allow), in the contract's error body.
func (s *server) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		for _, m := range allow {
			w.Header().Add("Allow", m)
		}
		s.writeError(w, r, core.Errorf(codeMethodNotAllowed, "%s is not allowed here", r.Method))
		return
	}
	s.writeError(w, r, core.Errorf(codeNoRoute, "no Bank Connect operation at this path"))
}
