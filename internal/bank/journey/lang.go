package journey

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// lang is the language a page is shown in. Brazilian Portuguese is the journey's language
// (JOURNEY.md); English serves visitors whose browser asks for it or who pick it.
type lang int

const (
	ptBR lang = iota
	en
)

// langs are the supported languages in the matcher's order: the first is the fallback.
var langs = [...]lang{ptBR, en}

// tag is the language's BCP 47 tag, as <html lang> and the ?lang= switch spell it.
func (l lang) tag() string {
	if l == en {
		return "en"
	}
	return "pt-BR"
}

// langCookie keeps the language the customer picked. It holds no secret, but it is HttpOnly and
// Secure like every cookie of the bank.
const langCookie = "lang"

// langParam is the query parameter of the language switch link on every page.
const langParam = "lang"

// langMatcher picks between the supported languages from Accept-Language, quality values and all.
var langMatcher = language.NewMatcher([]language.Tag{language.BrazilianPortuguese, language.English})

// parseLang reads a language as the switch or the cookie names it; ok is false for anything else.
func parseLang(v string) (lang, bool) {
	switch v {
	case "en":
		return en, true
	case "pt-BR", "pt":
		return ptBR, true
	}
	return ptBR, false
}

// negotiate chooses the page language: the customer's explicit choice (cookie), else the browser's
// Accept-Language when it prefers English over Portuguese, else Portuguese.
func negotiate(r *http.Request) lang {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := parseLang(c.Value); ok {
			return l
		}
	}
	al := r.Header.Get("Accept-Language")
	if al == "" || len(al) > 512 {
		return ptBR
	}
	tags, _, err := language.ParseAcceptLanguage(al)
	if err != nil || len(tags) == 0 {
		return ptBR
	}
	_, i, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return ptBR
	}
	return langs[i]
}

type langKey struct{}

// langOf is the language negotiated for the request (Portuguese outside withLanguage).
func langOf(r *http.Request) lang {
	l, _ := r.Context().Value(langKey{}).(lang)
	return l
}

// withLanguage negotiates every request's language. A GET carrying a supported ?lang= stores the
// choice in the lang cookie and sends the browser back to the same address without the parameter,
// so the page, its flow and its CSRF token stay as they were; an unsupported value is ignored. The
// bank's /auth is left alone: its query belongs to the TPP and goes to the platform unchanged.
func withLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.Method == http.MethodGet && r.URL.Path != "/auth" && q.Has(langParam) {
			if l, ok := parseLang(q.Get(langParam)); ok {
				http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l.tag(), Path: "/", MaxAge: int(365 * 24 * time.Hour / time.Second),
					HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
				q.Del(langParam)
				back := url.URL{Path: samePath(r.URL.Path), RawQuery: q.Encode()}
				http.Redirect(w, r, back.String(), http.StatusSeeOther)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), langKey{}, negotiate(r))))
	})
}

// samePath is p as a redirect back to this site may use it. A path that starts with two slashes
// ("//evil.example") reads as another host in a Location header, which would make the switch an open
// redirect; such a path, or any that is not absolute, goes to the start instead.
func samePath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return "/"
	}
	return p
}

// switchURL is the address of the language switch on a page: the page itself with ?lang= set. A page
// shown in answer to a form post has no address of its own, so its switch leads to here (when the
// handler names the page to come back to) or to the start.
func switchURL(r *http.Request, here string, to lang) string {
	u := url.URL{Path: "/"}
	switch {
	case here != "":
		if p, err := url.Parse(here); err == nil {
			u = url.URL{Path: p.Path, RawQuery: p.RawQuery}
		}
	case r.Method == http.MethodGet && r.URL.Path != "/auth":
		u = url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	}
	q := u.Query()
	q.Set(langParam, to.tag())
	u.RawQuery = q.Encode()
	return u.String()
}
