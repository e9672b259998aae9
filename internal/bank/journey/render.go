package journey

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// assets are the page templates and the stylesheet, compiled into the binary.
//
//go:embed templates/*.html static/*
var assets embed.FS

// page is what every template receives.
type page struct {
	Title    string
	BankName string
	CSRF     string
	// UserName is shown in the header when someone is logged in; it enables the menu.
	UserName string
	// FromTPP names the TPP the customer came from during a consent journey.
	FromTPP string
	// Refresh, when set, sends the browser to URL after Seconds (the only way back to the TPP that
	// needs no JavaScript); the page also shows a link.
	Refresh *refresh
	Data    any
}

type refresh struct {
	Seconds int
	URL     string
}

var funcs = template.FuncMap{
	"date":     fmtDate,
	"datetime": fmtDateTime,
	"longdate": fmtLongDate,
	"isodate":  fmtISODate,
	"amount":   fmtAmount,
	"taxid":    fmtTaxID,
	"months":   monthsBetween,
	"status":   statusLabel,
	"statusClass": func(s consentmgr.Status) string {
		return strings.ToLower(string(s))
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"join":  strings.Join,
	"since": func(t time.Time) string { return fmtDateTime(t) },
}

// parsePages compiles each page template together with the layout and the shared partials
// (templates/_*.html).
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("journey templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/_*.html", n)
		if err != nil {
			return nil, fmt.Errorf("journey template %s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// render writes the named page with status. A template failure (a bug) becomes a plain error page
// rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, p page) {
	if p.BankName == "" {
		p.BankName = s.cfg.BankName
	}
	var buf bytes.Buffer
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("journey: unknown page", "page", name)
		http.Error(w, "Erro interno. Tente novamente mais tarde.", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("journey: render", "page", name, "err", err)
		http.Error(w, "Erro interno. Tente novamente mais tarde.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorData is the error page's content.
type errorData struct {
	Heading string
	Message string
	// Back is a same-site path offered as the way out ("/login", "/open-banking").
	Back      string
	BackLabel string
}

// errorPage renders a clear error with no stack trace, no internal detail and no redirect.
func (s *Server) errorPage(w http.ResponseWriter, status int, heading, message string) {
	s.render(w, status, "error", page{Title: heading, Data: errorData{Heading: heading, Message: message}})
}

// statusLabel names a consent status in Portuguese.
func statusLabel(st consentmgr.Status) string {
	switch st {
	case consentmgr.StatusAuthorised:
		return "Ativo"
	case consentmgr.StatusAwaitingAuthorisation:
		return "Aguardando autorização"
	case consentmgr.StatusRejected:
		return "Rejeitado"
	case consentmgr.StatusRevoked:
		return "Revogado"
	case consentmgr.StatusConsumed:
		return "Utilizado"
	default:
		return string(st)
	}
}
