package web

import "net/http"

// routes is the whole surface of the TPP web app.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", s.handleHome())
	// The buttons: token, consent, PAR (1000–3000), then the redirect to the bank (3000/3001).
	mux.Handle("POST /share", s.handleStart("accounts"))
	mux.Handle("POST /pay", s.handleStart("payment"))
	// The redirect URI (5001): a page that posts the fragment back, then the code exchange and the
	// API calls (5002–6007 or 5002–6021).
	mux.Handle("GET /callback", s.handleCallbackPage())
	mux.Handle("POST /callback", s.handleCallback())
	mux.Handle("GET /result/{state}", s.handleResult())
	mux.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	}))
	// Other methods on the app's paths answer 405 with Allow; unknown paths 404.
	for path, allow := range map[string]string{"/share": "POST", "/pay": "POST", "/callback": "GET, POST", "/result/{state}": "GET"} {
		mux.Handle(path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.render(w, http.StatusMethodNotAllowed, "error", map[string]any{"Message": "Método não permitido."})
		}))
	}
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, http.StatusNotFound, "error", map[string]any{"Message": "Página não encontrada."})
	}))
	return mux
}
