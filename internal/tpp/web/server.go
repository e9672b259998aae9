package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/tpp"
)

//go:embed templates/*.html
var templates embed.FS

// Person is a customer the home page offers to act for (the demo users), so the consent's
// loggedUser is the person who will log in at the bank.
type Person struct {
	Name, CPF, CNPJ string
}

// Deps is what the web app needs.
type Deps struct {
	// Client is the TPP's FAPI client; its redirect URI must be this app's /callback.
	Client *tpp.Client
	// People are offered on the home page.
	People []Person
	Log    *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Server is the TPP web app.
type Server struct {
	deps  Deps
	pages *template.Template
	mux   http.Handler

	mu    sync.Mutex
	flows map[string]*flow // by state
}

// flow is one customer's journey, from the button to the result page.
type flow struct {
	mu      sync.Mutex // held while the flow finishes and while its result is read
	session *tpp.Session
	err     error
	created time.Time
	done    bool
}

// flowTTL is how long a flow is kept: the journey and a while to look at the result; maxFlows bounds
// how many are kept at once, the oldest giving way.
const (
	flowTTL  = 30 * time.Minute
	maxFlows = 10_000
)

var _ http.Handler = (*Server)(nil)

// New returns the web app.
func New(d Deps) (*Server, error) {
	if d.Client == nil {
		return nil, errors.New("web: a TPP client is required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	t, err := template.New("").Funcs(funcs).ParseFS(templates, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s := &Server{deps: d, pages: t, flows: map[string]*flow{}}
	s.mux = s.routes()
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
}

// put keeps a flow under its state, dropping expired ones.
func (s *Server) put(state string, f *flow) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.deps.Now()
	oldest, oldestAt := "", now
	for k, v := range s.flows {
		if now.Sub(v.created) > flowTTL {
			delete(s.flows, k)
		} else if v.created.Before(oldestAt) {
			oldest, oldestAt = k, v.created
		}
	}
	if len(s.flows) >= maxFlows {
		delete(s.flows, oldest)
	}
	s.flows[state] = f
}

func (s *Server) get(state string) (*flow, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[state]
	return f, ok
}

// finish runs the end of a flow once, whichever request comes first.
func (s *Server) finish(ctx context.Context, f *flow, cb tpp.Callback) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return
	}
	f.done = true
	f.err = f.session.Finish(ctx, cb)
	if f.err != nil && !errors.Is(f.err, tpp.ErrRefused) {
		s.deps.Log.Warn("TPP flow failed", "consent", f.session.ConsentID, "err", f.err)
	}
}
