package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/ifconnect/ifconnect/internal/tpp"
)

// flowCookie binds a flow to the browser that started it, so an authorization response injected into
// another browser is refused (OAuth 2.0 security BCP §4.7, CSRF on the redirect URI).
const flowCookie = "tpp_flow"

// maxForm bounds the forms the app reads; the largest is the callback's id_token.
const maxForm = 64 << 10

var digits = regexp.MustCompile(`\D`)

// amountPattern is an amount in BRL with two decimals, as the payments API carries it.
var amountPattern = regexp.MustCompile(`^(0|[1-9]\d{0,8})\.\d{2}$`)

func (s *Server) handleHome() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, http.StatusOK, "home", map[string]any{"People": s.deps.People, "ClientID": s.deps.Client.Config().ClientID})
	})
}

func (s *Server) handleStart(kind tpp.Kind) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			s.render(w, http.StatusBadRequest, "error", map[string]any{"Message": "Formulário inválido."})
			return
		}
		person := strings.Split(r.PostForm.Get("person"), "|")
		cpf := digits.ReplaceAllString(person[0], "")
		cnpj := ""
		if len(person) > 1 {
			cnpj = digits.ReplaceAllString(person[1], "")
		}
		if len(cpf) != 11 {
			s.render(w, http.StatusBadRequest, "error", map[string]any{"Message": "Escolha um cliente (CPF com 11 dígitos)."})
			return
		}
		req := tpp.Request{Kind: kind, CPF: cpf, CNPJ: cnpj}
		if kind == tpp.Payment {
			req.Amount = strings.ReplaceAll(strings.TrimSpace(r.PostForm.Get("amount")), ",", ".")
			if !amountPattern.MatchString(req.Amount) || req.Amount == "0.00" {
				s.render(w, http.StatusBadRequest, "error", map[string]any{"Message": "Valor inválido: use reais e centavos, como 25.90."})
				return
			}
		}
		sess, err := s.deps.Client.Start(r.Context(), req)
		if err != nil {
			s.deps.Log.Warn("TPP flow could not start", "kind", kind, "err", err)
			s.render(w, http.StatusBadGateway, "result", s.view(&flow{session: sess, err: err, done: true}, ""))
			return
		}
		s.put(sess.Auth.State, &flow{session: sess, created: s.deps.Now()})
		http.SetCookie(w, &http.Cookie{Name: flowCookie, Value: sess.Auth.State, Path: "/", Secure: true, HttpOnly: true,
			SameSite: http.SameSiteLaxMode, MaxAge: int(flowTTL.Seconds())})
		// Step 3000: the browser goes to the bank's /auth (3001).
		http.Redirect(w, r, sess.Auth.URL, http.StatusSeeOther)
	})
}

// handleCallbackPage is the redirect URI. The hybrid flow's response is in the fragment, which only
// the browser sees: the page posts it back. A response in the query is handled at once.
func (s *Server) handleCallbackPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query(); q.Get("state") != "" || q.Get("error") != "" {
			s.complete(w, r, q)
			return
		}
		s.render(w, http.StatusOK, "callback", nil)
	})
}

func (s *Server) handleCallback() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			s.render(w, http.StatusBadRequest, "error", map[string]any{"Message": "Resposta de autorização ilegível."})
			return
		}
		s.complete(w, r, r.PostForm)
	})
}

// complete finishes the flow the response's state names and shows its result.
func (s *Server) complete(w http.ResponseWriter, r *http.Request, v url.Values) {
	state := v.Get("state")
	f, ok := s.get(state)
	c, err := r.Cookie(flowCookie)
	if !ok || err != nil || c.Value != state {
		s.render(w, http.StatusBadRequest, "error", map[string]any{"Message": "Esta resposta de autorização não pertence a um pedido feito neste navegador."})
		return
	}
	// The flow's API calls must finish even if the browser goes away.
	s.finish(context.WithoutCancel(r.Context()), f, tpp.CallbackFromValues(v, r.URL.String()))
	http.Redirect(w, r, "/result/"+url.PathEscape(state), http.StatusSeeOther)
}

func (s *Server) handleResult() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		state := r.PathValue("state")
		f, ok := s.get(state)
		c, err := r.Cookie(flowCookie)
		if !ok || err != nil || c.Value != state {
			s.render(w, http.StatusNotFound, "error", map[string]any{"Message": "Resultado não encontrado (ou de outro navegador)."})
			return
		}
		f.mu.Lock()
		v := s.view(f, state)
		f.mu.Unlock()
		s.render(w, http.StatusOK, "result", v)
	})
}

// view is what the result page shows.
func (s *Server) view(f *flow, state string) map[string]any {
	v := map[string]any{"Session": f.session, "State": state, "Done": f.done}
	switch {
	case f.err == nil:
	case errors.Is(f.err, tpp.ErrRefused):
		v["Refused"] = true
	default:
		v["Error"] = f.err.Error()
	}
	if f.session != nil {
		v["OK"] = f.err == nil && f.session.Steps.OK()
	}
	return v
}

func (s *Server) render(w http.ResponseWriter, status int, page string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := s.pages.ExecuteTemplate(w, page, data); err != nil {
		s.deps.Log.Warn("render", "page", page, "err", err)
		fmt.Fprint(w, "<p>Erro ao mostrar a página.</p>")
	}
}
