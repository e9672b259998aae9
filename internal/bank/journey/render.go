package journey

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

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
	// Here is the address the language switch comes back to when the page answers a form post
	// (render fills it from a GET request's own address).
	Here string
	// Switch is the link to the page in the other language; render fills it.
	Switch *langSwitch
	Data   any
}

// langSwitch is the "English" / "Português" link of every page.
type langSwitch struct {
	URL   string
	Tag   string
	Label string
}

type refresh struct {
	Seconds int
	URL     string
}

// funcs are the template functions of pages in language l: messages, and dates and money written
// the way l writes them.
func funcs(l lang) template.FuncMap {
	return template.FuncMap{
		"t":        l.T,
		"langtag":  l.tag,
		"date":     l.date,
		"datetime": l.dateTime,
		"longdate": l.longDate,
		"isodate":  l.isoDate,
		"amount":   l.amount,
		"taxid":    fmtTaxID,
		"months":   monthsBetween,
		"status":   l.status,
		"statusClass": func(s consentmgr.Status) string {
			return strings.ToLower(string(s))
		},
		"join": strings.Join,
	}
}

// parsePages compiles, for each language, each page template together with the layout and the
// shared partials (templates/_*.html).
func parsePages() (map[lang]map[string]*template.Template, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("journey templates: %w", err)
	}
	all := map[lang]map[string]*template.Template{}
	for _, l := range langs {
		pages := map[string]*template.Template{}
		for _, n := range names {
			base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
			if base == "layout" || strings.HasPrefix(base, "_") {
				continue
			}
			t, err := template.New("layout.html").Funcs(funcs(l)).ParseFS(assets, "templates/layout.html", "templates/_*.html", n)
			if err != nil {
				return nil, fmt.Errorf("journey template %s: %w", n, err)
			}
			pages[base] = t
		}
		all[l] = pages
	}
	return all, nil
}

// render writes the named page with status. A template failure (a bug) becomes a plain error page
// rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	l := langOf(r)
	if p.BankName == "" {
		p.BankName = s.cfg.BankName
	}
	other := en
	if l == en {
		other = ptBR
	}
	p.Switch = &langSwitch{URL: switchURL(r, p.Here, other), Tag: other.tag(), Label: other.T("lang.name")}
	var buf bytes.Buffer
	t, ok := s.pages[l][name]
	if !ok {
		s.log.Error("journey: unknown page", "page", name)
		http.Error(w, l.T("internal.plain"), http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("journey: render", "page", name, "err", err)
		http.Error(w, l.T("internal.plain"), http.StatusInternalServerError)
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
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	s.render(w, r, status, "error", page{Title: heading, Data: errorData{Heading: heading, Message: message}})
}

// unavailable is the error page for a failure of the bank's own systems (database, core).
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	s.errorPage(w, r, http.StatusServiceUnavailable, l.T("unavailable.title"), l.T("msg.internal"))
}

// status names a consent status in l.
func (l lang) status(st consentmgr.Status) string {
	switch st {
	case consentmgr.StatusAuthorised:
		return l.T("status.authorised")
	case consentmgr.StatusAwaitingAuthorisation:
		return l.T("status.awaiting")
	case consentmgr.StatusRejected:
		return l.T("status.rejected")
	case consentmgr.StatusRevoked:
		return l.T("status.revoked")
	case consentmgr.StatusConsumed:
		return l.T("status.consumed")
	default:
		return string(st)
	}
}
